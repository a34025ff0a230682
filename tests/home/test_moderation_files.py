"""Images and documents under moderation (cms_blocks.moderation.files), over HTTP for every
role: a file that a live page or a live snippet uses is in the published collection, and an
editor can neither edit it, replace its file nor delete it, not even one they uploaded; a
reviewer or an administrator can. An editor still uploads new files and edits those that only
a draft uses; publishing moves a file; the data migration and ensure_roles are idempotent."""

import datetime as dt
import importlib
import io
import uuid

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission

from cms_blocks.models import Commitment, Milestone
from cms_blocks.moderation.files import (
    file_collections,
    published_collection_name,
    working_collection_name,
)
from cms_blocks.moderation.roles import FORMER_EDITOR_ROOT_PERMISSIONS, ensure_roles
from home.roles import ADMINISTRATORS, EDITORS, REVIEWERS
from tests.factories import default_plan

from .moderation_support import ROLES, live_page, make_user, save_draft

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()


# -- files and the content that uses them ---------------------------------------------------


def png_bytes(color="red"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (12, 8), color).save(buffer, "PNG")
    return buffer.getvalue()


def image_upload(color="blue", name="nueva.png"):
    return ImageFile(io.BytesIO(png_bytes(color)), name=name)


def pdf_upload(text="nuevo", name="nuevo.pdf"):
    return ContentFile(f"%PDF-1.4 {text} %%EOF".encode(), name=name)


def working():
    return file_collections()[1]


def published():
    return file_collections()[2]


def make_image(owner, title="Foto de la jornada"):
    return Image.objects.create(
        title=title,
        file=image_upload("red", "foto.png"),
        collection=working(),
        uploaded_by_user=owner,
    )


def make_document(owner, title="Acta de la sesión"):
    return Document.objects.create(
        title=title,
        file=pdf_upload("acta", "acta.pdf"),
        collection=working(),
        uploaded_by_user=owner,
    )


def image_block(image):
    return [("image", {"image": image, "alt_text": "Foto", "caption": "", "credit": ""})]


def document_block(document):
    return [("document", {"document": document, "title": "", "description": ""})]


def commitment_with_evidence(document, publish=True):
    """A commitment whose milestone's evidence is ``document`` (a child object)."""
    commitment = Commitment(
        plan=default_plan(),
        title="Compromiso con evidencia",
        slug=f"compromiso-{uuid.uuid4().hex[:8]}",
        summary="Resumen",
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2023, 12, 31),
        live=False,
    )
    commitment.milestones = [Milestone(title="Hito con evidencia", evidence_document=document)]
    commitment.save()
    revision = commitment.save_revision()
    if publish:
        revision.publish()
    return commitment


# What uses the file: (kind of file, what uses it).
TARGETS = {
    "image-page": lambda owner: _used_by_page(make_image(owner), image_block),
    "document-page": lambda owner: _used_by_page(make_document(owner), document_block),
    "document-snippet": lambda owner: _used_by_snippet(make_document(owner)),
}


def _used_by_page(obj, block):
    live_page(body=block(obj))
    return obj


def _used_by_snippet(document):
    commitment_with_evidence(document)
    return document


def app(obj):
    return "wagtailimages" if isinstance(obj, Image) else "wagtaildocs"


def url(obj, name):
    return reverse(f"{app(obj)}:{name}", args=(obj.pk,))


def edit_data(obj, **changes):
    data = {"title": obj.title, "collection": str(obj.collection_id), "tags": ""}
    if isinstance(obj, Image):
        data["description"] = ""
    data.update(changes)
    return data


def fingerprint(obj):
    """What an editor must not be able to change: the row, its title, its file."""
    row = type(obj).objects.filter(pk=obj.pk).first()
    if row is None:
        return None
    row.file.open("rb")
    try:
        content = row.file.read()
    finally:
        row.file.close()
    return (row.title, row.file.name, content, row.collection_id)


# -- the actions ----------------------------------------------------------------------------


def do_edit_get(client, obj):
    response = client.get(url(obj, "edit"))
    return response, response.status_code == 200 and obj.title in response.content.decode()


def do_edit(client, obj):
    new_title = f"Título cambiado {uuid.uuid4().hex[:6]}"
    response = client.post(url(obj, "edit"), edit_data(obj, title=new_title))
    return response, type(obj).objects.get(pk=obj.pk).title == new_title


def do_replace_file(client, obj):
    before = fingerprint(obj)
    upload = image_upload("green") if isinstance(obj, Image) else pdf_upload("reemplazo")
    response = client.post(url(obj, "edit"), {**edit_data(obj), "file": upload})
    after = fingerprint(obj)
    return response, after[1:3] != before[1:3]


def do_delete(client, obj):
    response = client.post(url(obj, "delete"))
    return response, not type(obj).objects.filter(pk=obj.pk).exists()


def do_edit_multiple(client, obj):
    """The multiple-upload screen's edit endpoint (it takes any id)."""
    kind = "image" if isinstance(obj, Image) else "doc"
    new_title = f"Título cambiado {uuid.uuid4().hex[:6]}"
    data = {f"{kind}-{obj.pk}-{key}": value for key, value in edit_data(obj).items()}
    data[f"{kind}-{obj.pk}-title"] = new_title
    response = client.post(url(obj, "edit_multiple"), data)
    return response, type(obj).objects.get(pk=obj.pk).title == new_title


def do_delete_multiple(client, obj):
    response = client.post(url(obj, "delete_multiple"))
    return response, not type(obj).objects.filter(pk=obj.pk).exists()


ACTIONS = ("edit_get", "edit", "replace_file", "delete", "edit_multiple", "delete_multiple")
DO = {action: globals()[f"do_{action}"] for action in ACTIONS}
MAY_CHANGE_PUBLISHED_FILES = {"anonymous": False, "editor": False, "revisor": True, "admin": True}


def error_messages(response):
    return [m.message for m in get_messages(response.wsgi_request) if m.level_tag == "error"]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_a_file_live_content_uses_is_changed_only_by_reviewers_and_admins(
    client, seeded, role, action, target
):
    # The editor uploaded the file themselves: ownership gives no way around the review.
    editor = make_user("editor")
    obj = TARGETS[target](editor)
    obj.refresh_from_db()
    assert obj.collection == published(), "publishing moved the file into the published one"
    if role == "editor":
        client.force_login(editor)
    elif role != "anonymous":
        client.force_login(make_user(role))
    before = fingerprint(obj)

    response, took_effect = DO[action](client, obj)

    allowed = MAY_CHANGE_PUBLISHED_FILES[role]
    assert took_effect is allowed, f"{role} {action} {target}: took effect={took_effect}"
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    elif allowed:
        assert response.status_code in (200, 302)
        if action in ("edit", "replace_file"):
            assert response.status_code == 302, "the form was valid and saved"
    else:
        assert response.status_code == 403 or (
            response.status_code == 302 and error_messages(response)
        )
    if not allowed:
        assert fingerprint(obj) == before, "a refused action changes nothing"


@pytest.mark.parametrize("kind", ["image", "document"])
def test_the_editors_bulk_actions_cannot_move_or_delete_a_published_file(client, seeded, kind):
    editor = make_user("editor")
    obj = TARGETS[f"{kind}-page"](editor)
    obj.refresh_from_db()
    before = fingerprint(obj)
    client.force_login(editor)
    label, model = (("wagtailimages", "image"), ("wagtaildocs", "document"))[kind == "document"]
    for action, data in (
        ("add_to_collection", {"collection": str(working().pk)}),
        ("delete", {}),
    ):
        bulk_url = reverse("wagtail_bulk_action", args=(label, model, action))
        client.post(f"{bulk_url}?id={obj.pk}", data)
        assert fingerprint(obj) == before, action


@pytest.mark.parametrize("kind", ["image", "document"])
def test_an_editor_still_uploads_a_new_file_into_the_working_collection(client, seeded, kind):
    editor = make_user("editor")
    client.force_login(editor)
    model = Image if kind == "image" else Document
    upload = image_upload() if kind == "image" else pdf_upload()
    title = f"Archivo nuevo {uuid.uuid4().hex[:6]}"
    response = client.post(
        reverse(f"{'wagtailimages' if kind == 'image' else 'wagtaildocs'}:add"),
        {"title": title, "file": upload, "tags": "", "description": ""},
    )
    assert response.status_code == 302, error_messages(response)
    created = model.objects.get(title=title)
    assert created.collection == working()
    assert created.uploaded_by_user == editor


@pytest.mark.parametrize("kind", ["image", "document"])
def test_an_editor_edits_a_file_only_a_draft_uses_and_publishing_moves_it(client, seeded, kind):
    editor = make_user("editor")
    page = live_page()
    obj = make_image(editor) if kind == "image" else make_document(editor)
    block = image_block if kind == "image" else document_block
    revision = save_draft(page, editor, body=block(obj))
    obj.refresh_from_db()
    assert obj.collection == working(), "a draft does not move the file"

    client.force_login(editor)
    for action in ("edit_get", "edit", "replace_file"):
        response, took_effect = DO[action](client, obj)
        assert took_effect, (action, response.status_code, error_messages(response))
        obj.refresh_from_db()

    revision.publish()
    obj.refresh_from_db()
    assert obj.collection == published()
    before = fingerprint(obj)
    response, took_effect = do_replace_file(client, obj)
    assert not took_effect and fingerprint(obj) == before


def test_publishing_a_snippet_moves_its_child_objects_documents(seeded):
    editor = make_user("editor")
    document = make_document(editor)
    commitment = commitment_with_evidence(document, publish=False)
    document.refresh_from_db()
    assert document.collection == working(), "a never-published snippet does not move it"
    commitment.latest_revision.publish()
    document.refresh_from_db()
    assert document.collection == published()


def test_the_editors_collections_the_reviewers_and_the_administrators(seeded):
    root, work, pub = file_collections()

    def grants(group, collection):
        return set(
            GroupCollectionPermission.objects.filter(
                group__name=group, collection=collection
            ).values_list("permission__codename", flat=True)
        )

    assert grants(EDITORS, root) == {"choose_image", "choose_document"}
    assert grants(EDITORS, work) == {
        "add_image",
        "change_image",
        "add_document",
        "change_document",
    }
    assert grants(EDITORS, pub) == set()
    assert grants(REVIEWERS, root) == {"choose_image", "choose_document"}
    assert grants(REVIEWERS, pub) == {
        "change_image",
        "delete_image",
        "change_document",
        "delete_document",
    }
    assert {"add_image", "change_image", "delete_image", "delete_document"} <= grants(
        ADMINISTRATORS, root
    )
    assert {c.name for c in root.get_children()} == {
        working_collection_name(),
        published_collection_name(),
    }


# -- the data migration ---------------------------------------------------------------------


def snapshot():
    return {
        "collections": sorted(Collection.objects.values_list("path", "name", "numchild")),
        "images": sorted(Image.objects.values_list("pk", "collection_id")),
        "documents": sorted(Document.objects.values_list("pk", "collection_id")),
        "grants": sorted(
            GroupCollectionPermission.objects.values_list(
                "group__name", "collection_id", "permission__codename"
            )
        ),
        "members": sorted(Group.objects.values_list("name", "user__username")),
    }


def migrate_files():
    module = importlib.import_module("cms_blocks.migrations.0003_file_collections")
    state = MigrationExecutor(connection).loader.project_state(
        ("cms_blocks", "0003_file_collections")
    )
    module.forwards(state.apps, None)


def test_the_migration_sorts_old_files_and_takes_back_the_editors_root_grants(seeded):
    root, work, pub = file_collections()
    editor = make_user("editor")
    live_image = TARGETS["image-page"](editor)
    live_document = TARGETS["document-snippet"](editor)
    draft_image = make_image(editor, "Solo en borrador")
    save_draft(live_page(), editor, body=image_block(draft_image))
    unused = make_document(editor, "Sin usar")
    other = Collection.objects.get(pk=root.pk).add_child(name="Otra colección")
    elsewhere = Document.objects.create(title="En otra", file=pdf_upload(), collection=other)
    # A database from before the fix: every file in the root, editors change the root.
    Image.objects.filter(pk__in=[live_image.pk, draft_image.pk]).update(collection=root)
    Document.objects.filter(pk__in=[live_document.pk, unused.pk]).update(collection=root)
    editors = Group.objects.get(name=EDITORS)
    for app_label, codename in FORMER_EDITOR_ROOT_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=editors,
            collection=root,
            permission=GroupCollectionPermission._meta.get_field(
                "permission"
            ).related_model.objects.get(content_type__app_label=app_label, codename=codename),
        )

    migrate_files()

    def collection_of(obj):
        return type(obj).objects.get(pk=obj.pk).collection

    assert collection_of(live_image) == pub
    assert collection_of(live_document) == pub
    assert collection_of(draft_image) == work
    assert collection_of(unused) == work
    assert collection_of(elsewhere) == other
    assert set(
        GroupCollectionPermission.objects.filter(group=editors, collection=root).values_list(
            "permission__codename", flat=True
        )
    ) == {"choose_image", "choose_document"}
    assert editor.groups.filter(name=EDITORS).exists(), "group assignments are kept"

    before = snapshot()
    migrate_files()
    ensure_roles()
    assert snapshot() == before

"""What the public sees under moderation: approved changes reach every page showing a snippet,
drafts never show, scheduled go-live and expiry are approved like any change, locks hold,
live content is deleted only by administrators, and the seed loads as published."""

import datetime as dt
import io
import uuid
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision, WorkflowState

from cms_blocks.models import (
    Commitment,
    Committee,
    EditorialSnippet,
    Institution,
    MonitorReport,
)
from home.models import ContentPage, HomePage
from tests.factories import default_plan

from .moderation_support import (
    admin_url,
    current_state,
    form_data,
    live_commitment,
    live_page,
    make_user,
    make_users,
    refreshed,
    workflow_action_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clients(seeded):
    users = make_users()
    result = {"anonymous": Client()}
    for role, user in users.items():
        result[role] = Client()
        result[role].force_login(user)
    result["users"] = users
    return result


def public_urls():
    """Every public HTML page that may show a commitment."""
    urls = [page.url for page in Page.objects.live().public().specific() if page.url]
    urls += [reverse("cms_blocks:commitment_list"), reverse("cms_blocks:report_list")]
    urls += [c.get_absolute_url() for c in Commitment.objects.live()]
    urls += [
        reverse("cms_blocks:report_detail", args=[r.slug]) for r in MonitorReport.objects.live()
    ]
    return sorted(set(urls))


def pages_showing(client, text):
    found = []
    for url in public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        if text in response.content.decode():
            found.append(url)
    return found


def approve(clients, obj):
    response = clients["revisor"].post(workflow_action_url(refreshed(obj), "approve"), {})
    assert response.status_code == 302


# -- approved changes reach every page; drafts never show ----------------------------------------


def test_approving_a_commitment_updates_every_public_page_that_shows_it(clients):
    commitment = Commitment.objects.live().order_by("pk").first()
    old_title = commitment.title
    # One more page that places this commitment with a block.
    home = HomePage.objects.get()
    block_page = ContentPage(
        title="Un compromiso destacado",
        slug="compromiso-destacado",
        body=[("commitment", {"commitment": commitment, "show_milestones": True})],
    )
    home.add_child(instance=block_page)
    block_page.save_revision().publish()

    anonymous = clients["anonymous"]
    showing = pages_showing(anonymous, old_title)
    assert block_page.url in showing
    assert commitment.get_absolute_url() in showing
    assert reverse("cms_blocks:commitment_list") in showing
    assert "/" in showing  # the home page's commitment list
    assert len(showing) >= 5

    new_title = f"Compromiso revisado {uuid.uuid4().hex[:8]}"
    editor = clients["editor"]
    data = form_data(editor, commitment, title=new_title, **{"action-submit": "1"})
    assert editor.post(admin_url(commitment, "edit"), data).status_code == 302
    # Under review: those pages still show the approved title, not the proposal.
    for url in showing:
        html = anonymous.get(url).content.decode()
        assert old_title in html and new_title not in html, url

    approve(clients, commitment)
    assert pages_showing(anonymous, new_title) == showing
    for url in showing:
        assert old_title not in anonymous.get(url).content.decode(), url


def test_a_draft_never_shows_publicly(clients):
    anonymous = clients["anonymous"]
    editor = clients["editor"]
    marker = f"BORRADOR{uuid.uuid4().hex[:10]}"
    # A live page with a pending draft; a live commitment with a pending draft.
    page = live_page()
    data = form_data(editor, page, intro=marker, **{"action-submit": "1"})
    editor.post(admin_url(page, "edit"), data)
    commitment = live_commitment()
    data = form_data(editor, commitment, summary=marker)
    editor.post(admin_url(commitment, "edit"), data)
    # A new page and a new commitment that were never approved.
    home = HomePage.objects.get()
    add_page = reverse("wagtailadmin_pages:add", args=["home", "contentpage", home.pk])
    response = editor.post(
        add_page,
        {
            "title": f"Página nueva {marker}",
            "slug": f"nueva-{marker.lower()}",
            "intro": marker,
            "body-count": "0",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    new_page = ContentPage.objects.get(slug=f"nueva-{marker.lower()}")
    assert not new_page.live
    new_commitment = Commitment(
        plan=default_plan(), title=f"Compromiso {marker}", slug=f"c-{marker.lower()}"
    )
    new_commitment.live = False
    new_commitment.save()
    new_commitment.save_revision(user=clients["users"]["editor"])

    assert refreshed(page).intro != marker
    assert refreshed(commitment).summary != marker
    assert pages_showing(anonymous, marker) == []
    assert anonymous.get(f"/{new_page.slug}/").status_code == 404
    assert anonymous.get(new_commitment.get_absolute_url()).status_code == 404
    for url in ("/sitemap.xml", "/api/v2/pages/?limit=100"):
        assert marker not in anonymous.get(url).content.decode(), url
    # Searching for the draft's words finds what searching for nonsense finds: nothing.
    other = f"NADA{uuid.uuid4().hex[:10]}"
    found = anonymous.get("/buscar/", {"q": marker}).content.decode().replace(marker, "Q")
    nothing = anonymous.get("/buscar/", {"q": other}).content.decode().replace(other, "Q")
    assert found == nothing


# -- scheduling ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["page", "commitment"])
def test_go_live_and_expiry_are_approved_like_any_change(clients, kind):
    editor, users = clients["editor"], clients["users"]
    obj = live_page() if kind == "page" else live_commitment()
    field = "intro" if kind == "page" else "summary"
    published = getattr(obj, field)
    go_live = timezone.localtime() + dt.timedelta(days=2)
    expire = go_live + dt.timedelta(days=30)
    fmt = "%Y-%m-%d %H:%M"
    data = form_data(
        editor,
        obj,
        **{
            field: "Texto programado",
            "go_live_at": go_live.strftime(fmt),
            "expire_at": expire.strftime(fmt),
            "action-submit": "1",
        },
    )
    assert editor.post(admin_url(obj, "edit"), data).status_code == 302
    # Nothing is scheduled until a reviewer approves: the editor cannot publish.
    assert not Revision.objects.for_instance(obj).filter(approved_go_live_at__isnull=False).exists()
    assert current_state(obj).requested_by == users["editor"]

    approve(clients, obj)
    scheduled = Revision.objects.for_instance(obj).get(approved_go_live_at__isnull=False)
    assert getattr(refreshed(obj), field) == published  # approved, waiting for its date
    assert refreshed(obj).live

    run_publish_scheduled(at=go_live + dt.timedelta(minutes=1))
    obj = refreshed(obj)
    assert getattr(obj, field) == "Texto programado"
    assert obj.live_revision_id == scheduled.pk
    run_publish_scheduled(at=expire + dt.timedelta(minutes=1))
    obj = refreshed(obj)
    assert not obj.live and obj.expired


def run_publish_scheduled(at):
    with mock.patch("django.utils.timezone.now", return_value=at):
        call_command("publish_scheduled", stdout=io.StringIO())


# -- locks --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["page", "commitment"])
def test_locks_hold_for_pages_and_snippets(clients, kind):
    obj = live_page() if kind == "page" else live_commitment()
    field = "intro" if kind == "page" else "summary"
    other_editor = Client()
    other_editor.force_login(make_user("editor", "-2"))
    data_other = form_data(other_editor, obj, **{field: "Cambio de otra persona"})

    assert clients["editor"].post(admin_url(obj, "lock"), {}).status_code == 302
    obj = refreshed(obj)
    assert obj.locked and obj.locked_by == clients["users"]["editor"]
    # Another editor cannot save over the lock, nor unlock it.
    other_editor.post(admin_url(obj, "edit"), data_other)
    latest = refreshed(obj).get_latest_revision_as_object()
    assert getattr(latest, field) != "Cambio de otra persona"
    other_editor.post(admin_url(obj, "unlock"), {})
    assert refreshed(obj).locked
    # A reviewer may unlock it.
    clients["revisor"].post(admin_url(obj, "unlock"), {})
    assert not refreshed(obj).locked


@pytest.mark.parametrize("kind", ["page", "commitment"])
def test_content_under_review_is_locked_to_editors(clients, kind):
    obj = live_page() if kind == "page" else live_commitment()
    field = "intro" if kind == "page" else "summary"
    editor = clients["editor"]
    data = form_data(editor, obj, **{field: "Enviado", "action-submit": "1"})
    editor.post(admin_url(obj, "edit"), data)
    obj = refreshed(obj)
    data = form_data(editor, obj, **{field: "Cambio durante la revisión"})
    editor.post(admin_url(obj, "edit"), data)
    latest = refreshed(obj).get_latest_revision_as_object()
    assert getattr(latest, field) == "Enviado"
    assert current_state(obj).status == WorkflowState.STATUS_IN_PROGRESS


# -- deleting live content ----------------------------------------------------------------


def test_even_with_a_delete_permission_an_editor_cannot_delete_live_snippets(clients):
    """Defence in depth: if an administrator grants an editor delete permission, live
    snippets stay undeletable for them; drafts that never went live may go."""
    editor_user = clients["users"]["editor"]
    editor_user.user_permissions.add(
        Permission.objects.get(codename="delete_commitment"),
        Permission.objects.get(codename="delete_institution"),
    )
    editor = Client()
    editor.force_login(editor_user)
    live = live_commitment()
    response = editor.post(admin_url(live, "delete"), {})
    assert response.status_code == 302
    assert Commitment.objects.filter(pk=live.pk).exists()
    draft = Commitment(
        plan=default_plan(),
        title="Borrador",
        slug=f"borrador-{uuid.uuid4().hex[:6]}",
        live=False,
    )
    draft.save()
    editor.post(admin_url(draft, "delete"), {})
    assert not Commitment.objects.filter(pk=draft.pk).exists()
    # The bulk delete action applies the same rule.
    institution = Institution.objects.live().order_by("pk").first()
    bulk_url = (
        reverse("wagtail_bulk_action", args=("cms_blocks", "institution", "delete"))
        + f"?id={institution.pk}"
    )
    editor.post(bulk_url, {})
    assert Institution.objects.filter(pk=institution.pk).exists()


def test_reviewers_cannot_bulk_delete_live_pages(clients):
    page = live_page()
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete")) + f"?id={page.pk}"
    clients["revisor"].post(url, {})
    assert Page.objects.filter(pk=page.pk).exists()
    clients["admin"].post(url, {})
    assert not Page.objects.filter(pk=page.pk).exists()


# -- seed and new content -----------------------------------------------------------------


def test_the_seed_is_published_and_not_under_review(seeded):
    home = HomePage.objects.get()
    for page in Page.objects.descendant_of(home, inclusive=True):
        assert page.live and not page.has_unpublished_changes, page
    for model in (Commitment, Committee, Institution, MonitorReport):
        assert model.objects.exists()
        assert not model.objects.filter(live=False).exists(), model
    assert not WorkflowState.objects.filter(
        status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES]
    ).exists()
    assert issubclass(Commitment, EditorialSnippet)


def test_content_an_editor_creates_goes_through_the_workflow(clients):
    editor = clients["editor"]
    slug = f"nuevo-{uuid.uuid4().hex[:8]}"
    add_url = reverse(Commitment.snippet_viewset.get_url_name("add"))
    data = form_data(editor, Commitment(), url=add_url, title="Compromiso nuevo", slug=slug)
    data["action-submit"] = "1"
    response = editor.post(add_url, data)
    assert response.status_code == 302
    commitment = Commitment.objects.get(slug=slug)
    assert not commitment.live
    assert current_state(commitment).status == WorkflowState.STATUS_IN_PROGRESS
    assert clients["anonymous"].get(commitment.get_absolute_url()).status_code == 404
    approve(clients, commitment)
    assert refreshed(commitment).live
    assert clients["anonymous"].get(commitment.get_absolute_url()).status_code == 200

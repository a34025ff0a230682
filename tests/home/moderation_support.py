"""Helpers shared by the moderation tests: users in each role, content in each state,
admin URLs and edit-form data for a page and for a commitment snippet."""

import datetime as dt
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from cms_blocks.models import Committee
from home.models import ContentPage, HomePage
from home.roles import ADMINISTRATORS, EDITORS, REVIEWERS
from tests.factories import CommitmentFactory

ROLES = ("anonymous", "editor", "revisor", "admin")
ROLE_GROUPS = {"editor": EDITORS, "revisor": REVIEWERS, "admin": ADMINISTRATORS}


def make_user(role, suffix=""):
    """A staff user whose only rights come from the role's group (admin is not a superuser)."""
    user = get_user_model().objects.create_user(
        username=f"{role}{suffix}",
        email=f"{role}{suffix}@example.org",
        password="x",
        first_name=role.capitalize(),
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    return user


def make_users():
    return {role: make_user(role) for role in ("editor", "revisor", "admin")}


# -- content --------------------------------------------------------------------------------


def live_page(title="Página de prueba", intro="Versión publicada", body=None):
    home = HomePage.objects.get()
    page = ContentPage(
        title=title,
        slug=f"prueba-{uuid.uuid4().hex[:8]}",
        intro=intro,
        body=body or [("heading", {"text": "Encabezado publicado", "level": "h2"})],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def live_commitment(title="Compromiso de prueba", summary="Resumen publicado"):
    """A published commitment with no axis, institution, milestones nor text of its own."""
    return CommitmentFactory(
        title=title,
        slug=f"compromiso-{uuid.uuid4().hex[:8]}",
        summary=summary,
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2023, 12, 31),
        code="",
        axis=None,
        lead_institution=None,
        problem="",
        description="",
        value_access_to_information=False,
        milestones=[],
    )


def save_draft(obj, user, **changes):
    """Save a draft revision (the live row is not touched, as the admin does)."""
    draft = obj.get_latest_revision_as_object()
    for field, value in changes.items():
        setattr(draft, field, value)
    return draft.save_revision(user=user)


def submit(obj, user):
    """Submit the latest revision to the object's workflow, as "submit for review" does."""
    return obj.get_workflow().start(obj, user)


def current_state(obj):
    return WorkflowState.objects.for_instance(obj).order_by("-created_at").first()


def refreshed(obj):
    if isinstance(obj, Page):
        return Page.objects.get(pk=obj.pk).specific
    return type(obj).objects.get(pk=obj.pk)


# -- admin URLs -----------------------------------------------------------------------------


def admin_url(obj, name, *args):
    if isinstance(obj, Page):
        return reverse(f"wagtailadmin_pages:{name}", args=(obj.pk, *args))
    viewset = obj.snippet_viewset
    return reverse(viewset.get_url_name(name), args=(obj.pk, *args))


def preview_url(obj):
    if isinstance(obj, Page):
        return reverse("wagtailadmin_pages:preview_on_edit", args=(obj.pk,))
    return admin_url(obj, "preview_on_edit")


def view_draft_url(obj):
    if isinstance(obj, Page):
        return admin_url(obj, "view_draft")
    return admin_url(obj, "revisions_view", obj.latest_revision_id)


def workflow_action_url(obj, action):
    task_state = obj.current_workflow_task_state
    return admin_url(obj, "workflow_action", action, task_state.pk)


# -- edit forms -----------------------------------------------------------------------------


def page_form_data(client, page, url=None, **changes):
    """The page's edit form as the admin renders it (to ``client``, who may edit it),
    plus its StreamField and comments formset, which the admin builds in JavaScript."""
    html = client.get(url or admin_url(page, "edit")).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form").dict()
    specific = page.get_latest_revision_as_object()
    blocks = [(block["type"], block["value"]) for block in specific.body.raw_data]
    data.update(nested_form_data({"body": streamfield(blocks)}))
    data.update(
        {
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
        }
    )
    data.update(changes)
    return data


def snippet_form_data(client, obj, url=None, **changes):
    html = client.get(url or admin_url(obj, "edit")).content.decode()
    data = querydict_from_html(html, form_id="w-editor-form")
    data = {key: data.getlist(key) if len(data.getlist(key)) > 1 else data[key] for key in data}
    data.update(changes)
    return data


def form_data(client, obj, url=None, **changes):
    """The edit form's data (from ``url``, by default the edit view) with ``changes``."""
    if isinstance(obj, Page):
        return page_form_data(client, obj, url, **changes)
    return snippet_form_data(client, obj, url, **changes)


def first_committee():
    return Committee.objects.live().order_by("pk").first()

"""The permission matrix at the HTTP level: anonymous, editor, revisor and admin, each trying
every moderation action on a page and on a commitment snippet. Every cell is asserted: the
response and whether the action took effect."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client
from wagtail.models import WorkflowState

from .moderation_support import (
    ROLES,
    admin_url,
    current_state,
    form_data,
    live_commitment,
    live_page,
    make_user,
    make_users,
    preview_url,
    refreshed,
    save_draft,
    submit,
    view_draft_url,
    workflow_action_url,
)

ACTIONS = (
    "view_draft",
    "preview",
    "edit",
    "submit",
    "approve",
    "send_back",
    "unpublish",
    "delete",
)

# What each role may do; everything else must be refused and have no effect.
ALLOWED = {
    "anonymous": set(),
    "editor": {"view_draft", "preview", "edit", "submit"},
    "revisor": {"view_draft", "preview", "edit", "submit", "approve", "send_back", "unpublish"},
    "admin": set(ACTIONS),
}
# How a refusal looks: anonymous users are sent to the login page; Wagtail refuses a logged-in
# user by redirecting to the dashboard with an error message; the live-deletion rule
# (home.wagtail_hooks) redirects back to the editor with its own message.
REFUSED_BY_DELETION_RULE = {("revisor", "delete", "page")}

TEXT_FIELD = {"page": "intro", "commitment": "summary"}


class Case:
    """One cell: the object, the clients, and a fresh marker text for this run."""

    def __init__(self, kind, role, client):
        self.kind = kind
        self.role = role
        self.users = make_users()
        self.author = make_user("editor", "-autor")
        self.superuser = get_user_model().objects.create_superuser("raiz", "raiz@example.org", "x")
        self.admin_client = Client()
        self.admin_client.force_login(self.superuser)
        self.client = client
        if role != "anonymous":
            client.force_login(self.users[role])
        self.obj = live_page() if kind == "page" else live_commitment()
        self.field = TEXT_FIELD[kind]
        self.published_text = getattr(self.obj, self.field)
        self.marker = f"BORRADOR-{uuid.uuid4().hex[:10]}"

    def draft(self):
        save_draft(self.obj, self.author, **{self.field: self.marker})

    def in_review(self):
        self.draft()
        submit(self.obj, self.author)
        self.obj = refreshed(self.obj)

    def form(self, **extra):
        return form_data(self.admin_client, self.obj, **{self.field: self.marker, **extra})

    def live_text(self):
        return getattr(refreshed(self.obj), self.field)


def do_view_draft(case):
    case.draft()
    response = case.client.get(view_draft_url(case.obj))
    return response, response.status_code == 200 and case.marker in response.content.decode()


def do_preview(case):
    data = case.form()
    case.client.post(preview_url(case.obj), data)
    response = case.client.get(preview_url(case.obj))
    return response, response.status_code == 200 and case.marker in response.content.decode()


def do_edit(case):
    response = case.client.post(admin_url(case.obj, "edit"), case.form())
    latest = refreshed(case.obj).get_latest_revision_as_object()
    saved = getattr(latest, case.field) == case.marker
    if saved:  # editing a live object makes a draft: the public still sees the approved text
        assert case.live_text() == case.published_text
    return response, saved


def do_submit(case):
    response = case.client.post(admin_url(case.obj, "edit"), case.form(**{"action-submit": "1"}))
    state = current_state(case.obj)
    submitted = state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    if submitted:
        assert case.live_text() == case.published_text  # still under review, not published
    return response, submitted


def do_approve(case):
    case.in_review()
    response = case.client.post(workflow_action_url(case.obj, "approve"), {})
    return response, case.live_text() == case.marker


def do_send_back(case):
    case.in_review()
    response = case.client.post(
        workflow_action_url(case.obj, "reject"), {"comment": "Falta citar la fuente."}
    )
    state = current_state(case.obj)
    sent_back = state.status == WorkflowState.STATUS_NEEDS_CHANGES
    if sent_back:
        assert case.live_text() == case.published_text
        assert state.current_task_state.comment == "Falta citar la fuente."
    return response, sent_back


def do_unpublish(case):
    response = case.client.post(admin_url(case.obj, "unpublish"), {})
    return response, not refreshed(case.obj).live


def do_delete(case):
    response = case.client.post(admin_url(case.obj, "delete"), {})
    return response, not type(case.obj).objects.filter(pk=case.obj.pk).exists()


DO = {action: globals()[f"do_{action}"] for action in ACTIONS}


@pytest.mark.parametrize("kind", ["page", "commitment"])
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, seeded, role, action, kind):
    case = Case(kind, role, client)
    response, took_effect = DO[action](case)
    allowed = action in ALLOWED[role]
    assert took_effect is allowed, f"{role} {action} {kind}: took effect={took_effect}"
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    elif allowed:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 302
        errors = [
            m.message.strip() for m in get_messages(response.wsgi_request) if m.level_tag == "error"
        ]
        if (role, action, kind) in REFUSED_BY_DELETION_RULE:
            assert response["Location"] == admin_url(case.obj, "edit")
            assert errors == [
                "Solo los administradores pueden eliminar contenido publicado. "
                "Si debe dejar de verse, despublíquelo."
            ]
        else:
            assert response["Location"] == "/admin/"
            assert len(errors) == 1
    if not allowed and action not in ("delete",):
        # A refused action leaves the object where it was.
        assert refreshed(case.obj).live


def test_matrix_is_complete():
    """The roles and actions of the issue, nothing less."""
    assert set(ROLES) == {"anonymous", "editor", "revisor", "admin"}
    assert len(ACTIONS) == 8
    assert set(ALLOWED) == set(ROLES)

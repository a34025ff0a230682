"""The review workflow on a page and on a commitment: sending back requires a comment, the
e-mails (in Spanish), the reviewer's queue and the editor's items on the dashboard, the history
of every transition, and comparing and rolling back revisions."""

import json
import uuid

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django.utils.timezone import localtime
from wagtail.log_actions import registry as log_registry
from wagtail.models import WorkflowState

from .moderation_support import (
    admin_url,
    current_state,
    form_data,
    live_commitment,
    live_page,
    make_users,
    refreshed,
    workflow_action_url,
)

pytestmark = pytest.mark.django_db

KINDS = ["page", "commitment"]
TEXT_FIELD = {"page": "intro", "commitment": "summary"}


class Flow:
    """An editor, a revisor and an admin, with logged-in clients, around one object."""

    def __init__(self, kind):
        self.kind = kind
        self.users = make_users()
        self.clients = {}
        for role, user in self.users.items():
            self.clients[role] = Client()
            self.clients[role].force_login(user)
        self.obj = live_page() if kind == "page" else live_commitment()
        self.field = TEXT_FIELD[kind]
        self.published = getattr(self.obj, self.field)
        self.title = self.obj.title

    def edit(self, role, text, **extra):
        client = self.clients[role]
        data = form_data(client, self.obj, **{self.field: text, **extra})
        response = client.post(admin_url(self.obj, "edit"), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        self.obj = refreshed(self.obj)
        return response

    def submit(self, role="editor", text=None):
        return self.edit(
            role, text or f"Propuesta {uuid.uuid4().hex[:8]}", **{"action-submit": "1"}
        )

    def act(self, role, action, **data):
        response = self.clients[role].post(workflow_action_url(self.obj, action), data)
        self.obj = refreshed(self.obj)
        return response

    def state(self):
        return current_state(self.obj)

    def live_text(self):
        return getattr(refreshed(self.obj), self.field)


@pytest.fixture(params=KINDS)
def flow(request, seeded):
    return Flow(request.param)


# -- sending back requires a comment ----------------------------------------------------------


def test_send_back_without_comment_is_refused_with_a_spanish_message(flow):
    flow.submit()
    # The modal (XHR) re-renders the form with the error; nothing changes.
    response = flow.clients["revisor"].post(
        workflow_action_url(flow.obj, "reject"),
        {"comment": "   "},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    html = json.loads(response.content)["html"]
    assert "para devolver se requiere un comentario" in html
    assert flow.state().status == WorkflowState.STATUS_IN_PROGRESS
    # A plain POST without a comment does nothing either.
    flow.act("revisor", "reject")
    assert flow.state().status == WorkflowState.STATUS_IN_PROGRESS


def test_send_back_from_the_editor_without_comment_is_refused(flow):
    """The editor view takes the modal's data as JSON: a crafted request without a comment
    is refused by the task itself."""
    flow.submit()
    data = form_data(
        flow.clients["revisor"],
        flow.obj,
        **{
            "action-workflow-action": "1",
            "workflow-action-name": "reject",
            "workflow-action-extra-data": json.dumps({"comment": ""}),
        },
    )
    response = flow.clients["revisor"].post(admin_url(flow.obj, "edit"), data)
    assert response.status_code in (302, 403)
    assert flow.state().status == WorkflowState.STATUS_IN_PROGRESS


def test_send_back_from_the_editor_with_a_comment(flow):
    flow.submit()
    data = form_data(
        flow.clients["revisor"],
        flow.obj,
        **{
            "action-workflow-action": "1",
            "workflow-action-name": "reject",
            "workflow-action-extra-data": json.dumps({"comment": "Revise las fechas."}),
        },
    )
    flow.clients["revisor"].post(admin_url(flow.obj, "edit"), data)
    state = flow.state()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "Revise las fechas."


def test_approve_from_the_editor_publishes(flow):
    """The reviewer approves from the edit view (which saves the form first) and the
    approved text goes live at once, for snippets as for pages."""
    flow.submit(text="Propuesta aprobada desde el editor")
    data = form_data(
        flow.clients["revisor"],
        flow.obj,
        **{"action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    response = flow.clients["revisor"].post(admin_url(flow.obj, "edit"), data)
    assert response.status_code == 302
    assert flow.state().status == WorkflowState.STATUS_APPROVED
    assert flow.live_text() == "Propuesta aprobada desde el editor"


# -- e-mails ----------------------------------------------------------------------------------


def test_reviewers_are_mailed_on_submission(flow):
    mail.outbox.clear()
    flow.submit()
    recipients = {to for message in mail.outbox for to in message.to}
    # The reviewers; not Administradores, who may act at the task but are not its reviewers
    # (docs/decisions.md); never the author.
    assert recipients == {flow.users["revisor"].email}
    for message in mail.outbox:
        assert flow.title in message.subject
        assert "has been" not in message.subject and "has been" not in message.body
        assert "aprobación" in message.subject.lower()


def test_the_author_is_mailed_the_comment_when_sent_back(flow):
    flow.submit()
    mail.outbox.clear()
    flow.act("revisor", "reject", comment="Falta la fuente del dato.")
    assert flow.state().status == WorkflowState.STATUS_NEEDS_CHANGES
    assert [m.to for m in mail.outbox] == [[flow.users["editor"].email]]
    message = mail.outbox[0]
    assert flow.title in message.subject
    assert "has been" not in message.subject and "has been" not in message.body
    assert "Falta la fuente del dato." in message.body
    assert "Revisión del micrositio" in message.subject


def test_the_author_is_mailed_on_approval(flow):
    flow.submit()
    mail.outbox.clear()
    flow.act("revisor", "approve")
    assert [m.to for m in mail.outbox] == [[flow.users["editor"].email]]
    message = mail.outbox[0]
    assert flow.title in message.subject
    assert "aprobad" in message.subject.lower()
    assert "has been" not in message.subject and "has been" not in message.body


# -- the whole cycle, its history and the dashboards ------------------------------------------


def test_send_back_fix_resubmit_approve_and_every_step_is_in_the_history(flow):
    flow.submit(text="Primera propuesta")
    flow.act("revisor", "reject", comment="Cite la fuente, por favor.")
    assert flow.live_text() == flow.published
    # The editor sees the comment on the dashboard and at the top of the editor.
    editor = flow.clients["editor"]
    sent_back = panel(editor.get("/admin/").content.decode(), "sent-back-to-me")
    assert sent_back is not None
    assert "Devueltos a usted con cambios solicitados" in sent_back
    assert "Cite la fuente, por favor." in sent_back and flow.title in sent_back
    edit_page = editor.get(admin_url(flow.obj, "edit")).content.decode()
    assert "Cambios solicitados por" in edit_page and "Cite la fuente, por favor." in edit_page
    # Fix and resubmit: the same workflow resumes at the reviewers' task.
    flow.submit(text="Segunda propuesta, con fuente")
    assert flow.state().status == WorkflowState.STATUS_IN_PROGRESS
    assert panel(editor.get("/admin/").content.decode(), "sent-back-to-me") is None
    flow.act("revisor", "approve")
    assert flow.live_text() == "Segunda propuesta, con fuente"
    # Every transition: who, what, when, comment.
    entries = list(log_registry.get_logs_for_instance(flow.obj).order_by("timestamp", "pk"))
    actions = [
        (e.action, e.user)
        for e in entries
        if e.action.startswith(("wagtail.workflow", "wagtail.publish"))
    ]
    editor_user, revisor_user = flow.users["editor"], flow.users["revisor"]
    assert ("wagtail.workflow.start", editor_user) in actions
    assert ("wagtail.workflow.reject", revisor_user) in actions
    assert ("wagtail.workflow.resume", editor_user) in actions
    assert ("wagtail.workflow.approve", revisor_user) in actions
    assert actions[-1] == ("wagtail.publish", revisor_user)
    reject = next(e for e in entries if e.action == "wagtail.workflow.reject")
    assert reject.data["comment"] == "Cite la fuente, por favor."
    assert all(e.timestamp for e in entries)
    # ...and visible in the admin's history.
    history = editor.get(admin_url(flow.obj, "history")).content.decode()
    assert "Cite la fuente, por favor." in history
    assert "Revisión del micrositio" in history


def panel_section(html, panel_id):
    return BeautifulSoup(html, "html.parser").find(id=f"{panel_id}-section")


def panel(html, panel_id):
    """The text of a dashboard panel, or None when the dashboard does not show it."""
    section = panel_section(html, panel_id)
    return None if section is None else " ".join(section.get_text(" ").split())


def test_the_reviewers_queue_and_the_editors_items_in_review(flow):
    flow.submit()
    revisor_home = flow.clients["revisor"].get("/admin/").content.decode()
    # Wagtail's "awaiting your review": what, who submitted it, since when, and the actions.
    queue = panel(revisor_home, "awaiting-review")
    assert queue is not None
    assert flow.title in queue
    assert flow.users["editor"].first_name in queue  # submitted by
    started = flow.state().current_task_state.started_at
    times = [t["datetime"] for t in panel_section(revisor_home, "awaiting-review").find_all("time")]
    assert localtime(started).isoformat() in times  # since when
    assert workflow_action_url(flow.obj, "approve") in revisor_home
    assert workflow_action_url(flow.obj, "reject") in revisor_home
    # The editor's own items in a workflow; editors review nothing.
    editor_home = flow.clients["editor"].get("/admin/").content.decode()
    mine = panel(editor_home, "objects-in-workflow")
    assert mine is not None and flow.title in mine
    assert panel(editor_home, "awaiting-review") is None
    # Once approved, the queue is empty.
    flow.act("revisor", "approve")
    assert panel(flow.clients["revisor"].get("/admin/").content.decode(), "awaiting-review") is None


# -- compare and roll back --------------------------------------------------------------------


def test_compare_and_roll_back_a_revision_through_the_workflow(flow):
    first_revision = flow.obj.live_revision
    flow.submit(text="Texto nuevo aprobado")
    flow.act("revisor", "approve")
    assert flow.live_text() == "Texto nuevo aprobado"
    new_revision = refreshed(flow.obj).live_revision
    editor = flow.clients["editor"]
    compare = editor.get(
        admin_url(flow.obj, "revisions_compare", first_revision.pk, new_revision.pk)
    )
    assert compare.status_code == 200
    assert flow.published in compare.content.decode()
    assert "Texto nuevo aprobado" in compare.content.decode()
    # Rolling back is an edit from the old revision: a draft that the reviewers approve.
    revert_url = admin_url(flow.obj, "revisions_revert", first_revision.pk)
    data = form_data(editor, flow.obj, url=revert_url, **{"action-submit": "1"})
    assert data[flow.field].strip() == flow.published
    response = editor.post(revert_url, data)
    assert response.status_code == 302
    assert flow.live_text() == "Texto nuevo aprobado"  # not yet: it is under review
    flow.obj = refreshed(flow.obj)
    assert flow.state().status == WorkflowState.STATUS_IN_PROGRESS
    flow.act("revisor", "approve")
    assert flow.live_text() == flow.published

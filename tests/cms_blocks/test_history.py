"""A commitment's public history (cms_blocks.history): one snapshot per approved publication
(a direct publish, a reviewer's approval through the workflow, a scheduled version once it is
due), none for a draft, a preview, a send-back or a version scheduled for later; the backfill
command; the «Historial de cambios» section (changes in plain Spanish, the approver's group,
their name only with the setting, never a reviewer's comment) and its query count."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import WorkflowState

from cms_blocks import history
from cms_blocks.models import Commitment, CommitmentSnapshot, Milestone
from cms_blocks.moderation.roles import ADMINISTRATORS_ROLE, EDITORS_ROLE, REVIEWERS_ROLE
from tests import factories as f

from .history_support import (
    REVIEWER_COMMENT,
    SEND_BACK_COMMENT,
    admin_url,
    current_state,
    edit_form,
    in_the_past,
    logged_in,
    make_user,
    milestone_commitment,
    new_version,
    post_edit,
    publish_version,
    workflow_action,
)

pytestmark = pytest.mark.django_db

DONE, GOING, TODO = (
    Milestone.Status.COMPLETED,
    Milestone.Status.IN_PROGRESS,
    Milestone.Status.NOT_STARTED,
)


@pytest.fixture
def users(content):
    return {
        "editor": make_user(EDITORS_ROLE, "Elena", "Editora"),
        "reviewer": make_user(REVIEWERS_ROLE, "Ramiro", "Revisor"),
        "admin": make_user(ADMINISTRATORS_ROLE, "Ada", "Administradora"),
    }


def snapshots(commitment):
    return list(CommitmentSnapshot.objects.filter(commitment=commitment).order_by("pk"))


def page(client, commitment):
    response = client.get(commitment.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def submit(users, commitment, **changes):
    """The editor saves a change and submits it for review, in the admin."""
    return post_edit(logged_in(users["editor"]), commitment, **changes, **{"action-submit": "1"})


# -- one snapshot per approved publication ----------------------------------------------------


def test_a_direct_publish_records_the_published_state(users):
    commitment = milestone_commitment()
    [first] = snapshots(commitment)
    assert first.revision_id == commitment.live_revision_id
    assert first.published_at == commitment.last_published_at
    assert first.changes == [{"first": True}]
    assert (first.progress, first.status) == (0, "in_progress")
    assert (first.milestones_done, first.milestones_total) == (0, 2)
    assert first.plan_id == commitment.plan_id

    revision = publish_version(
        commitment, users["admin"], statuses={"Hito A": GOING, "Hito B": DONE}, title="Nuevo"
    )
    commitment.refresh_from_db()
    first, second = snapshots(commitment)
    assert second.revision == revision == commitment.live_revision
    assert second.published_at == commitment.last_published_at
    assert (second.progress, second.status, second.milestones_done) == (50, "in_progress", 1)
    assert second.approved_by == users["admin"]
    assert second.approver_group == "Administradores"
    assert {"field": "title"} in second.changes
    assert {"milestone": "Hito A", "from": TODO, "to": GOING} in second.changes
    assert {"field": "progress", "from": 0, "to": 50} in second.changes
    sentences = history.describe_changes(second.changes)
    assert "Hito «Hito A»: de Sin iniciar a En curso." in sentences
    assert "Hito «Hito B»: de En curso a Completado." in sentences
    assert "Se modificó: título." in sentences
    assert "Avance: de 0 % a 50 %." in sentences


def test_milestones_added_and_removed_and_late_ones_are_counted(users):
    commitment = milestone_commitment()
    draft = new_version(commitment)
    kept = [m for m in draft.milestones.all() if m.title == "Hito B"]
    late = Milestone(title="Hito vencido", status=TODO, end_date=dt.date(2020, 1, 31))
    draft.milestones = [*kept, late]
    draft.save_revision(user=users["admin"]).publish(user=users["admin"])
    snapshot = snapshots(commitment)[-1]
    # Late on the day it was published: the new one, and «Hito B» (in progress, due in 2023).
    assert (snapshot.milestones_total, snapshot.milestones_late) == (2, 2)
    sentences = history.describe_changes(snapshot.changes)
    assert "Nuevo hito «Hito vencido» (Sin iniciar)." in sentences
    assert "Se retiró el hito «Hito A»." in sentences


def test_a_workflow_approval_records_the_reviewer_and_never_the_comment(client, users):
    commitment = milestone_commitment()
    before = len(snapshots(commitment))
    commitment = submit(users, commitment, summary="Resumen revisado y enviado")
    assert len(snapshots(commitment)) == before  # submitted is not approved
    commitment = workflow_action(
        logged_in(users["reviewer"]), commitment, "approve", comment=REVIEWER_COMMENT
    )
    assert current_state(commitment).status == WorkflowState.STATUS_APPROVED
    assert commitment.summary == "Resumen revisado y enviado"
    snapshot = snapshots(commitment)[-1]
    assert len(snapshots(commitment)) == before + 1
    assert snapshot.revision_id == commitment.live_revision_id
    assert snapshot.approved_by == users["reviewer"]
    assert snapshot.approver_group == "Revisores"
    assert {"field": "summary"} in snapshot.changes
    # The rich text editor's block keys and empty paragraphs are not changes.
    assert {"field": "problem"} not in snapshot.changes
    assert {"field": "monitor_notes"} not in snapshot.changes
    html = page(client, commitment)
    assert "Se modificó: resumen" in html
    assert "Grupo Revisores" in html
    assert "Ramiro" not in html and users["reviewer"].username not in html
    assert REVIEWER_COMMENT not in html


def test_the_approver_is_the_reviewer_in_the_reviewers_group_even_with_other_groups(users):
    from django.contrib.auth.models import Group

    reviewer = users["reviewer"]
    reviewer.groups.add(Group.objects.create(name="Alcaldía"))  # sorts before «Revisores»
    assert history.approver_group(reviewer) == "Revisores"
    assert history.approver_group(users["editor"]) == "Editores"
    assert history.approver_group(None) == ""


def test_no_snapshot_for_a_draft_save_in_the_admin(client, users):
    commitment = milestone_commitment()
    before = snapshots(commitment)
    post_edit(logged_in(users["editor"]), commitment, title="Borrador que no se publica")
    assert Commitment.objects.get(pk=commitment.pk).has_unpublished_changes
    assert snapshots(commitment) == before
    assert "Borrador que no se publica" not in page(client, commitment)


def test_no_snapshot_for_a_preview_and_no_history_in_it(users):
    commitment = milestone_commitment()
    before = snapshots(commitment)
    editor = logged_in(users["editor"])
    url = admin_url(commitment, "preview_on_edit")
    data = edit_form(editor, commitment, title="Título en vista previa")
    assert editor.post(url, data).json() == {"is_valid": True, "is_available": True}
    response = editor.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Título en vista previa" in html
    assert "Historial de cambios" not in html
    assert snapshots(commitment) == before


def test_no_snapshot_for_a_send_back_then_one_on_approval(client, users):
    commitment = milestone_commitment()
    before = len(snapshots(commitment))
    commitment = submit(users, commitment, summary="Primera propuesta")
    reviewer = logged_in(users["reviewer"])
    commitment = workflow_action(reviewer, commitment, "reject", comment=SEND_BACK_COMMENT)
    assert current_state(commitment).status == WorkflowState.STATUS_NEEDS_CHANGES
    assert len(snapshots(commitment)) == before
    assert commitment.summary != "Primera propuesta"

    commitment = submit(users, commitment, summary="Segunda propuesta")
    commitment = workflow_action(reviewer, commitment, "approve", comment=REVIEWER_COMMENT)
    assert len(snapshots(commitment)) == before + 1
    assert snapshots(commitment)[-1].approved_by == users["reviewer"]
    html = page(client, commitment)
    for comment in (SEND_BACK_COMMENT, REVIEWER_COMMENT, "Primera propuesta"):
        assert comment not in html


def test_a_scheduled_version_counts_only_once_it_is_live(users):
    """A change scheduled for later, then publish_scheduled once it is due."""
    commitment = milestone_commitment()
    before = len(snapshots(commitment))
    later = timezone.now() + dt.timedelta(days=3)
    draft = new_version(commitment, statuses={"Hito A": DONE}, go_live_at=later)
    revision = draft.save_revision(user=users["admin"])
    revision.publish(user=users["admin"])
    assert len(snapshots(commitment)) == before  # scheduled, the live version unchanged
    call_command("publish_scheduled", stdout=io.StringIO())  # not due: nothing happens
    assert len(snapshots(commitment)) == before

    in_the_past(revision)
    call_command("publish_scheduled", stdout=io.StringIO())
    commitment.refresh_from_db()
    assert commitment.live_revision_id == revision.pk
    [snapshot] = snapshots(commitment)[before:]
    assert snapshot.revision == revision
    assert snapshot.progress == 50
    # publish_scheduled has no user: the approver is who scheduled it.
    assert snapshot.approved_by == users["admin"]
    assert snapshot.approver_group == "Administradores"


def test_a_first_publication_scheduled_for_later_is_not_live_until_due(users):
    """Wagtail sends ``published`` for a never-published object scheduled in the future (with
    the object still not live): no snapshot until publish_scheduled makes it live."""
    commitment = f.CommitmentFactory(draft=True, slug="programado-para-despues")
    assert snapshots(commitment) == []
    draft = new_version(commitment, go_live_at=timezone.now() + dt.timedelta(hours=2))
    revision = draft.save_revision(user=users["admin"])
    revision.publish(user=users["admin"])
    commitment.refresh_from_db()
    assert not commitment.live
    assert snapshots(commitment) == []

    in_the_past(revision)
    call_command("publish_scheduled", stdout=io.StringIO())
    commitment.refresh_from_db()
    assert commitment.live
    [snapshot] = snapshots(commitment)
    assert snapshot.changes == [{"first": True}]
    assert snapshot.approved_by == users["admin"]


def test_publishing_the_same_revision_again_adds_nothing(users):
    commitment = milestone_commitment()
    before = len(snapshots(commitment))
    commitment.live_revision.publish(user=users["admin"])
    assert len(snapshots(commitment)) == before


# -- the backfill ------------------------------------------------------------------------------


FIELDS = (
    "commitment_id",
    "plan_id",
    "revision_id",
    "progress",
    "status",
    "milestones_done",
    "milestones_total",
    "milestones_late",
    "progress_is_illustrative",
    "changes",
    "approved_by_id",
    "approver_group",
)


def rows(commitment):
    return [
        ({name: getattr(s, name) for name in FIELDS}, s.published_at) for s in snapshots(commitment)
    ]


def run_backfill(*args):
    out = io.StringIO()
    call_command("build_commitment_history", *args, stdout=out)
    return out.getvalue()


def test_the_backfill_reproduces_the_signals_snapshots_and_is_idempotent(users):
    commitment = milestone_commitment()
    publish_version(commitment, users["admin"], statuses={"Hito A": GOING}, summary="Otro")
    commitment = submit(users, commitment, title="Propuesta del equipo")
    commitment = workflow_action(logged_in(users["reviewer"]), commitment, "approve")
    revision = new_version(commitment, statuses={"Hito B": DONE}, go_live_at=timezone.now())
    revision = revision.save_revision(user=users["admin"])
    revision.publish(user=users["admin"])
    written = rows(commitment)
    assert len(written) == 4

    CommitmentSnapshot.objects.filter(commitment=commitment).delete()
    assert "Publicaciones por añadir al historial: 4" in run_backfill("--dry-run")
    assert snapshots(commitment) == []
    out = run_backfill()
    assert "Publicaciones añadidas al historial: 4" in out
    rebuilt = rows(commitment)
    assert [values for values, _ in rebuilt] == [values for values, _ in written]
    for (_, signal_time), (_, log_time) in zip(written, rebuilt, strict=True):
        # The signal takes the publication's time, the backfill the log entry's, written
        # a moment later by the same publish.
        assert abs(log_time - signal_time) < dt.timedelta(seconds=5)

    assert "Publicaciones añadidas al historial: 0" in run_backfill()
    assert len(snapshots(commitment)) == 4


def test_the_backfill_skips_what_the_signal_wrote(content):
    before = CommitmentSnapshot.objects.count()
    assert before >= len(content.commitments)
    assert "Publicaciones añadidas al historial: 0" in run_backfill()
    assert CommitmentSnapshot.objects.count() == before


# -- the «Historial de cambios» section -----------------------------------------------------


def approve(users, commitment, statuses):
    """The editor submits a version with these milestone statuses; the reviewer approves."""
    editor = logged_in(users["editor"])
    data = edit_form(editor, commitment, **{"action-submit": "1"})
    for key, value in list(data.items()):
        if key.startswith("milestones-") and key.endswith("-title") and value in statuses:
            data[key.replace("-title", "-status")] = statuses[value]
    response = editor.post(admin_url(commitment, "edit"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return workflow_action(logged_in(users["reviewer"]), commitment, "approve")


def test_history_section_lists_each_publication_in_spanish(client, users):
    commitment = milestone_commitment()
    approve(users, commitment, {"Hito A": GOING})
    html = page(client, commitment)
    assert 'aria-labelledby="commitment-history-heading"' in html
    assert "Historial de cambios" in html
    assert "2 publicaciones aprobadas" in html
    assert "Primera publicación." in html
    assert "Hito «Hito A»: de Sin iniciar a En curso." in html
    assert "Grupo Revisores" in html
    assert "Sin registro de quién lo aprobó" in html  # the factory published with no user
    assert "Ramiro" not in html
    feed = history.history_context(commitment)["history_feed_url"]
    assert feed == f"/compromisos/{commitment.slug}/historial/feed/"
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert f'href="{feed}"' in html


def test_approver_names_only_with_the_setting(client, users, settings):
    commitment = milestone_commitment()
    approve(users, commitment, {"Hito A": GOING})
    assert "Ramiro Revisor" not in page(client, commitment)
    settings.CMS_BLOCKS_HISTORY_SHOW_APPROVER_NAMES = True
    assert "Ramiro Revisor (Revisores)" in page(client, commitment)


def test_the_setting_defaults_to_group_only():
    from cms_blocks import conf

    assert conf.DEFAULTS["CMS_BLOCKS_HISTORY_SHOW_APPROVER_NAMES"] is False


def count_queries(client, url):
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("names", [False, True], ids=["grupo", "nombres"])
def test_commitment_page_queries_do_not_grow_with_the_history(client, users, settings, names):
    settings.CMS_BLOCKS_HISTORY_SHOW_APPROVER_NAMES = names
    commitment = milestone_commitment()
    url = commitment.get_absolute_url()
    one = count_queries(client, url)
    assert len(snapshots(commitment)) == 1
    for n in range(9):
        publish_version(commitment, users["admin"], summary=f"Versión {n}")
        commitment = Commitment.objects.get(pk=commitment.pk)
    assert len(snapshots(commitment)) == 10
    ten = count_queries(client, url)
    assert ten == one, (one, ten)
    assert "10 publicaciones aprobadas" in page(client, commitment)

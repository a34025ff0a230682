"""Helpers of the history tests: users in each role, the admin's edit form and workflow actions
on a commitment, publishing a changed version of it."""

import datetime as dt
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from cms_blocks.models import Commitment, Milestone
from cms_blocks.moderation import roles
from tests import factories as f

REVIEWER_COMMENT = "Comentario interno del revisor: no publicar nunca 7Q2"
SEND_BACK_COMMENT = "Devuelto: revise las fechas, comentario privado 9K4"


def make_user(role, first_name, last_name="Prueba"):
    """A staff user whose rights come from the role's group (never a superuser)."""
    user = get_user_model().objects.create_user(
        username=f"{role}-{uuid.uuid4().hex[:6]}",
        email=f"{role}@example.org",
        password="x",
        first_name=first_name,
        last_name=last_name,
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name=roles.group_name(role)))
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def admin_url(obj, name, *args):
    return reverse(obj.snippet_viewset.get_url_name(name), args=(obj.pk, *args))


def edit_form(client, obj, **changes):
    """The commitment's edit form as the admin renders it to ``client``, with ``changes``."""
    html = client.get(admin_url(obj, "edit")).content.decode()
    data = querydict_from_html(html, form_id="w-editor-form")
    data = {key: data.getlist(key) if len(data.getlist(key)) > 1 else data[key] for key in data}
    data.update(changes)
    return data


def post_edit(client, obj, **changes):
    response = client.post(admin_url(obj, "edit"), edit_form(client, obj, **changes))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Commitment.objects.get(pk=obj.pk)


def current_state(obj):
    return WorkflowState.objects.for_instance(obj).order_by("-created_at", "-pk").first()


def workflow_action(client, obj, action, comment=""):
    """Approve or send back at the review task, as the reviewer's modal does."""
    task_state = Commitment.objects.get(pk=obj.pk).current_workflow_task_state
    response = client.post(
        admin_url(obj, "workflow_action", action, task_state.pk), {"comment": comment}
    )
    assert response.status_code in (200, 302), response.content.decode()[:3000]
    return Commitment.objects.get(pk=obj.pk)


def milestone_commitment(**kwargs):
    """A published commitment with two milestones, «Hito A» (not started) and «Hito B» (in
    progress): 0 % done, in progress."""
    return f.CommitmentFactory(
        slug=f"historial-{uuid.uuid4().hex[:8]}",
        milestones=[
            f.MilestoneFactory.build(title="Hito A", status=Milestone.Status.NOT_STARTED),
            f.MilestoneFactory.build(title="Hito B", status=Milestone.Status.IN_PROGRESS),
        ],
        **kwargs,
    )


def new_version(commitment, statuses=None, **changes):
    """The commitment's latest version with ``changes`` and milestone statuses by title."""
    draft = commitment.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    milestones = list(draft.milestones.all())
    for milestone in milestones:
        if statuses and milestone.title in statuses:
            milestone.status = statuses[milestone.title]
    draft.milestones = milestones
    return draft


def publish_version(commitment, user, statuses=None, **changes):
    """Save a changed version and publish it at once (a direct publish by ``user``)."""
    revision = new_version(commitment, statuses, **changes).save_revision(user=user)
    revision.publish(user=user)
    return revision


def in_the_past(revision, minutes=1):
    """Its scheduled time has come: the stored go-live time moves into the past (as the clock
    moving on would leave it), so ``publish_scheduled`` takes it."""
    when = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes)
    revision.content["go_live_at"] = when.isoformat()
    revision.approved_go_live_at = when
    revision.save(update_fields=["content", "approved_go_live_at"])
    Commitment.objects.filter(pk=revision.object_id).update(go_live_at=when)

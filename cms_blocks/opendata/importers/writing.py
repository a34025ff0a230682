"""Writing a plan: all or nothing, and always as drafts for the reviewers."""

from django.db import transaction
from wagtail.log_actions import log


def write(plan, user):
    """Create and update the planned commitments inside one transaction."""
    with transaction.atomic():
        for item in plan:
            if item.action == "create":
                create(item, user)
            elif item.action == "update":
                update(item, user)


def assign_relations(item):
    instance = item.instance
    if item.row is not None:
        instance.supporting_actors = item.actors
        instance.tags.set(item.tags)
    if item.milestone_rows is not None:
        instance.milestones = item.new_milestones


def create(item, user):
    """A new commitment, saved unpublished (``live=False``) with a first revision."""
    instance = item.instance
    assign_relations(item)
    instance.live = False
    instance.has_unpublished_changes = True
    instance.save()
    log(instance=instance, action="wagtail.create", user=user, content_changed=True)
    instance.save_revision(user=user)


def update(item, user):
    # A new revision only: the database row (the published version) does not change.
    assign_relations(item)
    item.instance.save_revision(user=user, log_action=True)

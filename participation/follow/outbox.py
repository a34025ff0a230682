"""Writing the outbox when an approved publication changes a followed commitment.

Receivers of Wagtail's ``published`` signal (the only signal a reviewer's approval, a direct
publish and ``publish_scheduled`` have in common; a draft save, a preview or a submission for
moderation send none). They run inside the publication's transaction, so the notices exist if
and only if the publication does, and they only insert rows: no SMTP here.

- A commitment: its ``CommitmentSnapshot`` (``cms_blocks.history``, recorded by the receiver
  cms_blocks connects first; asked again here, which is idempotent) says what changed. Only a
  change of a milestone's status (or a milestone added or removed), of the commitment's status
  or of its progress makes a notice; a reworded description does not.
- A monitor report about a commitment, when it is published for the first time.

A failure here is logged and never breaks the publication (a savepoint takes the rows back).
"""

import logging

from django.db import transaction

from cms_blocks import queries
from cms_blocks.history import record_publication
from cms_blocks.models import Commitment, CommitmentSnapshot, MonitorReport

from ..models import FollowNotice, FollowSubscription

logger = logging.getLogger(__name__)


def worth_a_notice(changes):
    """Whether a snapshot's changes are the kind a follower is told about."""
    for change in changes or ():
        if change.get("field") in ("status", "progress") and "from" in change:
            return True
        if "milestone" in change and ("from" in change or "added" in change or "removed" in change):
            return True
    return False


def _is_live_revision(instance, revision):
    return instance.live and (revision is None or instance.live_revision_id == revision.pk)


def _public_commitment(commitment_id):
    return queries.in_plan(Commitment.objects.live(), None).filter(pk=commitment_id).exists()


def fan_out(commitment_id, *, snapshot=None, report=None):
    """One notice per confirmed subscriber of the commitment; returns how many were new."""
    subscriptions = FollowSubscription.objects.filter(
        commitment_id=commitment_id, confirmed_at__isnull=False
    ).values_list("pk", flat=True)
    rows = [
        FollowNotice(subscription_id=pk, snapshot=snapshot, report=report) for pk in subscriptions
    ]
    if not rows:
        return 0
    return len(FollowNotice.objects.bulk_create(rows, ignore_conflicts=True))


def commitment_published(sender, instance, revision=None, **kwargs):
    if revision is None or not _is_live_revision(instance, revision):
        return  # scheduled for later: publish_scheduled sends the signal again when it is due
    try:
        with transaction.atomic():
            record_publication(sender, instance=instance, revision=revision)
            snapshot = CommitmentSnapshot.objects.filter(
                commitment_id=instance.pk, revision=revision
            ).first()
            if snapshot is None or not worth_a_notice(snapshot.changes):
                return
            if _public_commitment(instance.pk):
                fan_out(instance.pk, snapshot=snapshot)
    except Exception:
        logger.exception("No se pudieron escribir los avisos de seguimiento del compromiso.")


def report_published(sender, instance, revision=None, **kwargs):
    if not instance.commitment_id or not _is_live_revision(instance, revision):
        return
    if instance.first_published_at != instance.last_published_at:
        return  # published before: not a new report
    try:
        with transaction.atomic():
            report_is_public = queries.in_plan(MonitorReport.objects.live(), None).filter(
                pk=instance.pk
            )
            if report_is_public.exists() and _public_commitment(instance.commitment_id):
                fan_out(instance.commitment_id, report=instance)
    except Exception:
        logger.exception("No se pudieron escribir los avisos de seguimiento del informe.")


def connect_signals():
    from wagtail.signals import published

    published.connect(
        commitment_published, sender=Commitment, dispatch_uid="participation_follow_commitment"
    )
    published.connect(
        report_published, sender=MonitorReport, dispatch_uid="participation_follow_report"
    )

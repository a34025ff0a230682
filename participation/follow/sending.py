"""Sending the outbox (``manage.py send_follow_mail``) and purging (``purge_follow_requests``).

Run from cron, never from a request. Two runs at once do not send a notice twice: a run first
claims its rows (an UPDATE that only takes unclaimed rows, or rows whose claim is older than
``CLAIM_TIMEOUT``: a run that died), then sends and marks them sent. A failed delivery gives
the rows back, to be retried by the next run, up to ``MAX_ATTEMPTS`` times.
"""

import datetime as dt
import logging
import secrets
from itertools import groupby

from django.core.mail import get_connection
from django.db.models import F, Q
from django.utils import timezone

from cms_blocks.public_urls import public_base_url

from ..models import FollowFrequency, FollowNotice, FollowSubscription
from .mail import confirm_days, notice_message

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = dt.timedelta(minutes=15)
MAX_ATTEMPTS = 5
BATCH_SIZE = 500
KEEP_SENT = dt.timedelta(days=30)


def _pending(frequency):
    return FollowNotice.objects.filter(
        sent_at__isnull=True,
        attempts__lt=MAX_ATTEMPTS,
        subscription__confirmed_at__isnull=False,
        subscription__frequency=frequency,
    )


def _claim(frequency, now):
    claim = secrets.token_hex(16)
    free = Q(claim="") | Q(claimed_at__lt=now - CLAIM_TIMEOUT)
    ids = list(_pending(frequency).filter(free).values_list("pk", flat=True)[:BATCH_SIZE])
    if ids:
        FollowNotice.objects.filter(free, pk__in=ids, sent_at__isnull=True).update(
            claim=claim, claimed_at=now
        )
    return list(
        FollowNotice.objects.filter(claim=claim, sent_at__isnull=True)
        .select_related("subscription__commitment", "snapshot", "report")
        .order_by("subscription_id", "created_at", "pk")
    )


def _release(notices):
    FollowNotice.objects.filter(pk__in=[n.pk for n in notices]).update(
        claim="", claimed_at=None, attempts=F("attempts") + 1
    )


def _mark_sent(notices, now):
    FollowNotice.objects.filter(pk__in=[n.pk for n in notices]).update(sent_at=now)


def send_pending(digest=False, now=None):
    """Send the claimed notices: one message each (immediate) or one per subscription (the
    daily digest). Returns ``(messages sent, messages failed)``."""
    now = now or timezone.now()
    frequency = FollowFrequency.DAILY if digest else FollowFrequency.IMMEDIATE
    notices = _claim(frequency, now)
    if not notices:
        return 0, 0
    base = public_base_url()
    if digest:
        batches = [list(group) for _, group in groupby(notices, key=lambda n: n.subscription_id)]
    else:
        batches = [[notice] for notice in notices]
    sent = failed = 0
    connection = get_connection()
    try:
        connection.open()
    except Exception:
        logger.exception("No se pudo abrir la conexión de correo; se reintentará.")
        _release(notices)
        return 0, len(batches)
    try:
        for batch in batches:
            subscription = batch[0].subscription
            if not subscription.commitment.live:
                # Unpublished since: its page would not open. Nothing to tell.
                FollowNotice.objects.filter(pk__in=[n.pk for n in batch]).delete()
                continue
            try:
                message = notice_message(subscription, batch, digest=digest, base=base)
                message.connection = connection
                message.send(fail_silently=False)
            except Exception:
                logger.exception("No se pudo enviar un aviso de seguimiento; se reintentará.")
                _release(batch)
                failed += 1
            else:
                _mark_sent(batch, now)
                sent += 1
    finally:
        connection.close()
    return sent, failed


def purge(now=None):
    """Delete unconfirmed requests older than OGP_FOLLOW_CONFIRM_DAYS (with their address) and
    outbox rows sent (or given up) more than 30 days ago. Returns ``(requests, notices)``."""
    now = now or timezone.now()
    expired = FollowSubscription.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - dt.timedelta(days=confirm_days())
    )
    _, deleted = expired.delete()
    old = now - KEEP_SENT
    _, deleted_notices = FollowNotice.objects.filter(
        Q(sent_at__lt=old) | Q(sent_at__isnull=True, attempts__gte=MAX_ATTEMPTS, created_at__lt=old)
    ).delete()
    return (
        deleted.get(FollowSubscription._meta.label, 0),
        deleted_notices.get(FollowNotice._meta.label, 0),
    )


def is_expired(subscription, now=None):
    if subscription.confirmed_at is not None:
        return False
    now = now or timezone.now()
    return subscription.created_at < now - dt.timedelta(days=confirm_days())

"""The messages of «Seguir este compromiso»: Spanish plain text with an HTML alternative.

Both parts come from Django templates (autoescaped HTML, no markup from the content). Every
absolute link is on the public address (``cms_blocks.public_urls``). Notices carry RFC 8058's
one-click unsubscribe: ``List-Unsubscribe`` with the HTTPS link of that subscription (the
public address is HTTPS in production) and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cms_blocks.history import describe_changes
from cms_blocks.public_urls import public_base_url, public_url

from . import tokens


def confirm_days():
    """Days an unconfirmed request waits before ``purge_follow_requests`` deletes it."""
    try:
        return max(int(getattr(settings, "OGP_FOLLOW_CONFIRM_DAYS", 7)), 1)
    except (TypeError, ValueError):
        return 7


def links(subscription, base=None):
    """The absolute links of one subscription, by purpose."""
    base = public_base_url() if base is None else base

    def absolute(name, purpose):
        token = tokens.make_token(subscription, purpose)
        return public_url(reverse(f"participation:{name}", args=[token]), base)

    commitment = subscription.commitment
    return {
        "confirm_url": absolute("follow_confirm", tokens.CONFIRM),
        "unsubscribe_url": absolute("follow_unsubscribe", tokens.UNSUBSCRIBE),
        "manage_url": absolute("follow_manage", tokens.MANAGE),
        "commitment_url": public_url(commitment.get_absolute_url(), base),
        "feed_url": public_url(
            reverse("cms_blocks:commitment_history_feed", kwargs={"slug": commitment.slug}), base
        ),
    }


def _message(subject, template, context, to, headers=None):
    context = {"subject": subject, **context}
    message = EmailMultiAlternatives(
        subject,
        render_to_string(f"participation/follow/emails/{template}.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [to],
        headers=headers or {},
    )
    message.attach_alternative(
        render_to_string(f"participation/follow/emails/{template}.html", context), "text/html"
    )
    return message


def confirmation_message(subscription):
    commitment = subscription.commitment
    return _message(
        _("Confirme que quiere seguir «%(title)s»") % {"title": commitment.title},
        "confirm",
        {
            "commitment": commitment,
            "frequency": subscription.get_frequency_display(),
            "days": confirm_days(),
            **links(subscription),
        },
        subscription.email,
    )


def already_following_message(subscription):
    commitment = subscription.commitment
    return _message(
        _("Usted ya sigue «%(title)s»") % {"title": commitment.title},
        "already",
        {"commitment": commitment, **links(subscription)},
        subscription.email,
    )


class NoticeItem:
    """One approved change as a notice shows it."""

    def __init__(self, notice, commitment_url, base):
        if notice.snapshot_id:
            snapshot = notice.snapshot
            when = formats.date_format(timezone.localtime(snapshot.published_at), "DATE_FORMAT")
            self.title = _("Publicación aprobada del %(date)s") % {"date": when}
            self.lines = describe_changes(snapshot.changes)
            self.lines.append(
                _("Avance publicado: %(progress)s %% (%(status)s), %(done)s de %(total)s hitos.")
                % {
                    "progress": snapshot.progress,
                    "status": snapshot.get_status_display(),
                    "done": snapshot.milestones_done,
                    "total": snapshot.milestones_total,
                }
            )
            self.url = f"{commitment_url}#publicacion-{snapshot.pk}"
        else:
            report = notice.report
            self.title = _("Nuevo informe del monitor: «%(title)s»") % {"title": report.title}
            self.lines = [report.get_moment_display()]
            self.url = public_url(report.get_absolute_url(), base)


def notice_message(subscription, notices, digest=False, base=None):
    """One message for ``notices`` of one subscription: a single change, or the day's."""
    base = public_base_url() if base is None else base
    commitment = subscription.commitment
    context_links = links(subscription, base)
    items = [NoticeItem(notice, context_links["commitment_url"], base) for notice in notices]
    if digest:
        subject = _("Resumen diario de «%(title)s»") % {"title": commitment.title}
    elif notices[0].report_id:
        subject = _("Nuevo informe del monitor sobre «%(title)s»") % {"title": commitment.title}
    else:
        subject = _("Cambios aprobados en «%(title)s»") % {"title": commitment.title}
    headers = {
        "List-Unsubscribe": f"<{context_links['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    return _message(
        subject,
        "notice",
        {"commitment": commitment, "items": items, "digest": digest, **context_links},
        subscription.email,
        headers,
    )

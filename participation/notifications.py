"""E-mails: the one-time voting link, and notices of new reports.

A failed delivery is logged and reported to the citizen in Spanish; it never raises a 500.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _send(subject, template, context, recipients):
    body = render_to_string(template, context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    except Exception:  # SMTP down, bad configuration...: the caller tells the citizen
        logger.exception("No se pudo enviar el correo «%s».", subject)
        return False
    return True


def send_vote_link(consultation, email, link_url, already_voted=False):
    subject = _("Su enlace para votar: %(title)s") % {"title": consultation.title}
    if already_voted:
        subject = _("Ya hay un voto con este correo: %(title)s") % {"title": consultation.title}
    return _send(
        subject,
        "participation/emails/vote_link.txt",
        {
            "consultation": consultation,
            "link_url": link_url,
            "already_voted": already_voted,
            "max_age_hours": _link_hours(),
        },
        [email],
    )


def _link_hours():
    from .voting import link_max_age

    return max(1, link_max_age() // 3600)


def admin_report_url(report):
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return base + reverse("participation_reports:edit", args=[report.pk])


def notify_new_report(report, attachment_count):
    """To the transparency office: code, date, kind and a link to the admin; no personal data."""
    recipient = getattr(settings, "OGP_TRANSPARENCY_EMAIL", "")
    if not recipient:
        return False
    return _send(
        _("Nueva denuncia %(code)s") % {"code": report.tracking_code},
        "participation/emails/new_report.txt",
        {
            "report": report,
            "attachment_count": attachment_count,
            "admin_url": admin_report_url(report),
        },
        [recipient],
    )


def send_report_receipt(report, status_url):
    """To a named reporter who left an e-mail: the tracking code and where to check it."""
    if report.is_anonymous or not report.reporter_email:
        return False
    return _send(
        _("Su denuncia quedó radicada: %(code)s") % {"code": report.tracking_code},
        "participation/emails/report_receipt.txt",
        {"report": report, "status_url": status_url},
        [report.reporter_email],
    )

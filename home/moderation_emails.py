"""The moderation e-mails: Wagtail's notifiers, with links that open the right screen.

Wagtail 7.4's own templates build the snippet preview link without the task id (the e-mail
then says only the admin's base URL), and its approval e-mail for a snippet has no link at
all. These notifiers keep Wagtail's signals and recipients rules, and render the micrositio's
templates (``home/templates/home/notifications/``; no Wagtail admin template is overridden)
with every link computed here and made absolute on ``WAGTAILADMIN_BASE_URL`` (admin screens)
or on the public address (the published content):

=====================  ==================  ==============================================
e-mail                 to                  links
=====================  ==================  ==============================================
submitted (task)       the reviewers       preview of the submitted revision for the task;
                                           the editor (approve / send back there)
submitted (workflow)   superusers, only    the editor
                       if Wagtail's
                       setting says so
approved               the author          the published page or snippet; the editor
sent back (rejected)   the author          the editor (with the reviewer's comment)
=====================  ==================  ==============================================

Every e-mail ends with the link to the recipient's notification preferences.

Each e-mail is written in its recipient's language (``recipient_language``: the admin language
they chose, Spanish when they chose none) and time zone: subject, text, HTML (its ``lang``
too), dates, and the public link. Wagtail renders the HTML alternative outside the recipient's
language and, for a recipient with no preference, uses the language of whoever pressed the
button; here nothing depends on who triggered the e-mail.

Who is told of a submission: the members of the task's groups except Administradores, who may
act at the task but are not its reviewers (docs/decisions.md, "Moderation e-mails"). When no
reviewer can be reached (none active with an e-mail and submission notices on), the
administrators and superusers are told instead, so that a submission is never left unseen.
"""

import logging

from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    OpenedConnection,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
)
from wagtail.admin.utils import get_admin_base_url, get_latest_str
from wagtail.models import Page
from wagtail.users.models import UserProfile

from cms_blocks.public_urls import page_public_url, public_url

from .roles import ADMINISTRATORS

TEMPLATE_DIRECTORY = "home/notifications/"

logger = logging.getLogger(__name__)


def recipient_language(user):
    """The language of ``user``'s e-mails, one of ``settings.LANGUAGES``.

    Wagtail's rule (``UserProfile.get_preferred_language``: the admin language the user chose),
    but with the site's language, Spanish, for a user who chose none, instead of the language
    active in the request that triggered the e-mail (another user's). The admin's languages
    map onto the site's: "es" is the site's Spanish, "es-co".
    """
    with translation.override(settings.LANGUAGE_CODE):
        preferred = UserProfile.get_for_user(user).get_preferred_language()
    try:
        return translation.get_supported_language_variant(preferred)
    except LookupError:
        return settings.LANGUAGE_CODE


def notification_from_email():
    return getattr(settings, "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL)


def admin_absolute(path):
    """An admin path made absolute on ``WAGTAILADMIN_BASE_URL``."""
    if not path:
        return ""
    return (get_admin_base_url() or "").rstrip("/") + path


def edit_url(obj, user):
    """The object's editor for ``user`` (absolute), or "" if the user may not edit it."""
    return admin_absolute(AdminURLFinder(user).get_edit_url(obj))


def preview_url(obj, task):
    """The preview of the revision under review at ``task`` (absolute)."""
    if isinstance(obj, Page):
        return admin_absolute(
            reverse("wagtailadmin_pages:workflow_preview", args=(obj.pk, task.pk))
        )
    viewset = getattr(obj, "snippet_viewset", None)
    if viewset is None or not getattr(obj, "is_previewable", lambda: False)():
        return ""
    return admin_absolute(
        reverse(viewset.get_url_name("workflow_preview"), args=(quote(obj.pk), task.pk))
    )


def published_url(obj):
    """Where the public sees the object once published (absolute), or ""."""
    if isinstance(obj, Page):
        return page_public_url(obj.specific) or ""
    get_absolute_url = getattr(obj, "get_absolute_url", None)
    return public_url(get_absolute_url()) if get_absolute_url else ""


def preferences_url():
    return admin_absolute(reverse("wagtailadmin_account")) + "#tab-notifications"


def can_receive(user, notification):
    return bool(
        user
        and user.is_active
        and user.email
        and getattr(UserProfile.get_for_user(user), f"{notification}_notifications")
    )


class SiteEmailMixin:
    """Wagtail's notifier, with the micrositio's templates and links in the context."""

    template_directory = TEMPLATE_DIRECTORY

    def get_template_set(self, instance, **kwargs):
        templates = super().get_template_set(instance, **kwargs)
        # The HTML alternative (WAGTAILADMIN_NOTIFICATION_USE_HTML) is the text, escaped.
        templates["html"] = TEMPLATE_DIRECTORY + "email.html"
        return templates

    def get_context(self, instance, **kwargs):
        context = super().get_context(instance, **kwargs)
        obj = context["object"]
        page = context.get("page")
        context["title"] = page.get_admin_display_title() if page else get_latest_str(obj)
        context["preferences_url"] = preferences_url()
        context["text_template"] = self.get_template_set(instance, **kwargs)["text"]
        return context

    def get_recipient_context(self, context, recipient):
        """What depends on the recipient; called in their language and time zone."""
        return {**context, "user": recipient, "language": translation.get_language()}

    def render_email(self, template_set, context, recipient):
        """The e-mail to ``recipient``, all of it in their language and time zone."""
        language = recipient_language(recipient)
        time_zone = UserProfile.get_for_user(recipient).get_current_time_zone()
        with translation.override(language), timezone.override(time_zone):
            context = self.get_recipient_context(context, recipient)
            subject = " ".join(render_to_string(template_set["subject"], context).split())
            text = render_to_string(template_set["text"], context).strip()
            html = None
            if getattr(settings, "WAGTAILADMIN_NOTIFICATION_USE_HTML", False):
                html = render_to_string(template_set["html"], context)
        message = EmailMultiAlternatives(
            subject,
            text,
            notification_from_email(),
            [recipient.email],
            headers={"Auto-Submitted": "auto-generated", "Content-Language": language},
        )
        if html:
            message.attach_alternative(html, "text/html")
        return message

    def send_emails(self, template_set, context, recipients, **kwargs):
        """Wagtail's loop (one e-mail per recipient, one connection, failures logged), with
        ``render_email`` rendering each e-mail whole in its recipient's language."""
        sent_count = 0
        try:
            with OpenedConnection(get_connection()) as connection:
                for recipient in recipients:
                    message = self.render_email(template_set, context, recipient)
                    message.connection = connection
                    try:
                        message.send()
                        sent_count += 1
                    except Exception:
                        logger.exception(
                            "Failed to send notification email '%s' to %s",
                            message.subject,
                            recipient.email,
                        )
        except (TimeoutError, ConnectionError):
            logger.exception("Mail connection error, notification sending skipped")
        return sent_count == len(recipients)


class ReviewSubmissionEmailNotifier(SiteEmailMixin, GroupApprovalTaskStateSubmissionEmailNotifier):
    """To the reviewers of the task the object was submitted to."""

    def get_recipient_users(self, task_state, **kwargs):
        groups = task_state.task.specific.groups.all()
        users = get_user_model().objects.filter(groups__in=groups.exclude(name=ADMINISTRATORS))
        if getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
            users = users | get_user_model().objects.filter(is_superuser=True)
        return self._without_triggering_user(users.distinct(), **kwargs)

    def get_fallback_users(self, task_state, **kwargs):
        groups = task_state.task.specific.groups.filter(name=ADMINISTRATORS)
        users = get_user_model().objects.filter(Q(groups__in=groups) | Q(is_superuser=True))
        return self._without_triggering_user(users.distinct(), **kwargs)

    def _without_triggering_user(self, users, user=None, **kwargs):
        return users.exclude(pk=user.pk) if user is not None else users

    def get_valid_recipients(self, task_state, **kwargs):
        recipients = super().get_valid_recipients(task_state, **kwargs)
        if recipients:
            return recipients
        return {
            user
            for user in self.get_fallback_users(task_state, **kwargs)
            if can_receive(user, self.notification)
        }

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        workflow_state = task_state.workflow_state
        context["workflow"] = workflow_state.workflow
        context["requested_by"] = workflow_state.requested_by
        context["preview_url"] = preview_url(context["object"], context["task"])
        return context


class WorkflowSubmissionEmailNotifier(SiteEmailMixin, WorkflowStateSubmissionEmailNotifier):
    """To superusers, when WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS is on (off here)."""

    def get_recipient_users(self, workflow_state, user=None, **kwargs):
        recipients = super().get_recipient_users(workflow_state, user=user, **kwargs)
        # Wagtail forgets to keep the result of its exclude(): the submitter is left out here.
        return recipients.exclude(pk=user.pk) if user is not None else recipients


class ApprovalEmailNotifier(SiteEmailMixin, WorkflowStateApprovalEmailNotifier):
    """To the author: approved, so published; where to see it."""

    def get_recipient_context(self, context, recipient):
        # In the recipient's language: a snippet's public page is under /en/ for English.
        context = super().get_recipient_context(context, recipient)
        context["public_url"] = published_url(context["object"])
        return context


class RejectionEmailNotifier(SiteEmailMixin, WorkflowStateRejectionEmailNotifier):
    """To the author: sent back, with the reviewer's comment and the way to the editor."""


task_submission_email_notifier = ReviewSubmissionEmailNotifier()
workflow_submission_email_notifier = WorkflowSubmissionEmailNotifier()
workflow_approval_email_notifier = ApprovalEmailNotifier()
workflow_rejection_email_notifier = RejectionEmailNotifier()


def register_moderation_emails():
    """Put these notifiers in the place of Wagtail's (same signals, same dispatch_uid).

    Wagtail's admin connects its notifiers in its ``ready()``; whichever of the two apps is
    ready first, Wagtail's are disconnected and ours stay: a receiver connected with a
    dispatch_uid already in use is ignored.
    """
    from wagtail.models import TaskState, WorkflowState
    from wagtail.signals import (
        task_submitted,
        workflow_approved,
        workflow_rejected,
        workflow_submitted,
    )

    for signal, sender, receiver, uid in (
        (
            task_submitted,
            TaskState,
            task_submission_email_notifier,
            "group_approval_task_submitted_email_notification",
        ),
        (
            workflow_submitted,
            WorkflowState,
            workflow_submission_email_notifier,
            "workflow_state_submitted_email_notification",
        ),
        (
            workflow_rejected,
            WorkflowState,
            workflow_rejection_email_notifier,
            "workflow_state_rejected_email_notification",
        ),
        (
            workflow_approved,
            WorkflowState,
            workflow_approval_email_notifier,
            "workflow_state_approved_email_notification",
        ),
    ):
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(receiver, sender=sender, dispatch_uid=uid, weak=False)

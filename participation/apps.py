from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    label = "participation"
    verbose_name = _("Participación ciudadana")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms_blocks.extensions import (
            register_commitment_page_extension,
            register_consultation_page_extension,
            register_option_removal_guard,
            register_tally_provider,
        )

        from . import signals  # noqa: F401  (deletes attachment files with their rows)
        from .checks import refuse_to_serve  # also registers the rate-limit cache check
        from .follow.outbox import connect_signals as connect_follow_signals
        from .follow.views import commitment_page_extension
        from .roles import ensure_report_managers_group_after_migrate
        from .views import consultation_page_extension
        from .voting import online_tally, options_with_votes

        register_tally_provider(online_tally)
        register_option_removal_guard(options_with_votes)
        register_consultation_page_extension(consultation_page_extension)
        register_commitment_page_extension(commitment_page_extension)
        connect_follow_signals()  # approved publications write the follow outbox
        post_migrate.connect(ensure_report_managers_group_after_migrate, sender=self)
        refuse_to_serve()  # a gunicorn worker with per-process rate limits does not boot

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsBlocksConfig(AppConfig):
    name = "cms_blocks"
    label = "cms_blocks"
    verbose_name = _("Gobierno Abierto (OGP Local)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The public context builders register themselves for the models' previews; the
        # system checks of the extension's settings register themselves.
        from . import checks, context  # noqa: F401

        # Moderation: the roles and the review workflow, created or completed after migrate.
        from .moderation.roles import ensure_roles_after_migrate

        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="cms_blocks_ensure_roles")
        # Images and documents that published content uses move out of editors' reach.
        from .moderation.files import connect_signals

        connect_signals()
        # Each approved publication of a commitment leaves a snapshot (cms_blocks.history).
        from .history import connect_signals as connect_history

        connect_history()
        # Translated snippets lend their text to their source objects (cms_blocks.translation).
        from .translation import connect_signals as connect_translations

        connect_translations()

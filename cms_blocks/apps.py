from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsBlocksConfig(AppConfig):
    name = "cms_blocks"
    label = "cms_blocks"
    verbose_name = _("Gobierno Abierto (OGP Local)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The public context builders register themselves for the models' previews.
        from . import context  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Micrositio")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signals import register_signal_handlers

        register_signal_handlers()

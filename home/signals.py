"""A new micrositio root gets the roles' page permissions and the review workflow."""

from django.db.models.signals import post_save


def attach_roles_to_new_root(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    from .roles import attach_root_page, ensure_roles

    if not attach_root_page(instance):
        ensure_roles()  # no roles yet (e.g. a flushed database): create them, then attach


def register_signal_handlers():
    from .models import HomePage

    post_save.connect(
        attach_roles_to_new_root, sender=HomePage, dispatch_uid="home_attach_roles_to_new_root"
    )

"""Signal handlers of the micrositio.

- A new micrositio root gets the roles' page permissions and the review workflow.
- The moderation e-mails are the micrositio's notifiers (``home.moderation_emails``).
- Every change to what the menu and footer show drops their cache (``home.fragments``).
- Each ``migrate`` writes the public address (``OGP_PUBLIC_URL``) into the default Site.
"""

from django.db.models.signals import post_migrate, post_save


def attach_roles_to_new_root(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    from .roles import attach_root_page, ensure_roles

    if not attach_root_page(instance):
        ensure_roles()  # no roles yet (e.g. a flushed database): create them, then attach


def apply_public_url(sender, using="default", **kwargs):
    """The default Site's hostname and port follow the configured public address."""
    from django.db import connections

    from cms_blocks.public_urls import apply_public_url_to_site

    if "wagtailcore_site" not in connections[using].introspection.table_names():
        return
    apply_public_url_to_site()


def register_signal_handlers():
    from django.apps import apps

    from .fragments import connect as connect_fragment_invalidation
    from .models import HomePage
    from .moderation_emails import register_moderation_emails

    post_save.connect(
        attach_roles_to_new_root, sender=HomePage, dispatch_uid="home_attach_roles_to_new_root"
    )
    register_moderation_emails()
    connect_fragment_invalidation()
    from ogp_site.page_cache import connect as connect_page_cache_invalidation

    connect_page_cache_invalidation()
    post_migrate.connect(
        apply_public_url,
        sender=apps.get_app_config("home"),
        dispatch_uid="home_apply_public_url",
    )

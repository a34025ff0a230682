"""The restricted group that handles reports of irregularities."""

from django.utils.translation import gettext_lazy as _

REPORT_MANAGERS_GROUP = "Gestores de denuncias (Transparencia)"
REPORT_MANAGER_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("participation", "report", "view_report"),
    ("participation", "report", "change_report"),
    ("participation", "reportattachment", "view_reportattachment"),
]
PERMISSION_NAMES = {
    "view_report": _("Can view denuncia"),
    "change_report": _("Can change denuncia"),
    "view_reportattachment": _("Can view adjunto"),
}


def ensure_report_managers_group(apps=None):
    """Create the group and give it its permissions; idempotent. Returns the group.

    ``apps`` is a migration's historical registry, or None for the current models (tests call
    it directly: a transactional test flushes the database).
    """
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _created = Group.objects.get_or_create(name=REPORT_MANAGERS_GROUP)
    for app_label, model, codename in REPORT_MANAGER_PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": str(PERMISSION_NAMES.get(codename, codename))},
        )
        group.permissions.add(permission)
    return group


def ensure_report_managers_group_after_migrate(sender=None, **kwargs):
    using = kwargs.get("using")
    if using not in (None, "default"):
        return
    ensure_report_managers_group()


def is_report_manager(user):
    """Superusers, and active members of the restricted group."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_ogp_is_report_manager", None)
    if cached is None:
        cached = user.groups.filter(name=REPORT_MANAGERS_GROUP).exists()
        user._ogp_is_report_manager = cached
    return cached

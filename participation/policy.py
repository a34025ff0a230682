"""Where the data-protection policy (Ley 1581 de 2012) is published."""

from django.apps import apps
from django.conf import settings


def data_policy_url(request):
    """OGP_DATA_POLICY_URL, else the site's EntitySettings.data_policy_url (when installed)."""
    configured = getattr(settings, "OGP_DATA_POLICY_URL", "")
    if configured:
        return configured
    try:
        entity_settings = apps.get_model("home", "EntitySettings")
    except LookupError:
        return ""
    try:
        return entity_settings.for_request(request).data_policy_url or ""
    except Exception:  # no site matches the request: the form still works, without the link
        return ""

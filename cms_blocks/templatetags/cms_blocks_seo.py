"""``{% load cms_blocks_seo %}{% structured_data %}``: the JSON-LD of the page being rendered.

A site's ``<head>`` calls it once. It reads what the extension's views put in the context:
``object`` (a commitment or a monitor report on its own page) and, on the open-data
catalogues (``cms_blocks:opendata_index``, ``cms_blocks:plan_opendata_index``), ``datasets``
and ``plan``. Anything else, and every preview (``is_preview`` in the context, or on the request as
Wagtail marks a page's), gets nothing.
"""

from django import template
from django.utils.translation import gettext as _

from .. import structured_data
from ..models import Commitment, MonitorReport
from ..public_urls import public_base_url

register = template.Library()

CATALOGUE_VIEWS = {"opendata_index", "plan_opendata_index"}


def page_data(context):
    request = context.get("request")
    if context.get("is_preview") or getattr(request, "is_preview", False):
        return None
    base = public_base_url(request)
    obj = context.get("object")
    if isinstance(obj, Commitment) and obj.live:
        return structured_data.commitment_data(obj, base)
    if isinstance(obj, MonitorReport) and obj.live:
        return structured_data.report_data(obj, base)
    match = getattr(request, "resolver_match", None)
    catalogue = (
        match is not None and "cms_blocks" in match.app_names and match.url_name in CATALOGUE_VIEWS
    )
    if catalogue and context.get("datasets"):
        plan = context.get("plan") if match.url_name == "plan_opendata_index" else None
        name = _("Datos abiertos")
        if plan is not None:
            name = f"{name}: {plan.title}"
        return structured_data.catalogue_data(
            context["datasets"],
            request.path,
            name,
            _("Los datos publicados del plan de acción, en CSV, JSON y XLSX."),
            plan=plan,
            base=base,
        )
    return None


@register.simple_tag(takes_context=True)
def structured_data_script(context):
    """``<script type="application/ld+json">…</script>``, or nothing."""
    return structured_data.json_ld_script(page_data(context))

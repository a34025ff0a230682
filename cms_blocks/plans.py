"""Which action plan a page, a block or a request is about.

- A view under ``/planes/<slug>/`` is about that plan; the unprefixed lists (``/compromisos/``,
  ``/informes/``) are about the current plan.
- A block takes the plan it was given explicitly (its «plan» field); else the plan of the page
  it is on: a page that presents or sits under a plan says so with an ``action_plan``
  attribute (the extension asks nothing more of the site's page types); else the context's
  ``plan`` (set by the extension's plan views); else the current plan.

The current plan is the published plan that started last (``ActionPlanQuerySet.current``); the
others are the archive («Planes anteriores»), marked as closed. It is read once per request.

This module sits above ``queries`` and below the blocks, views and context builders.
"""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import queries
from .models import ActionPlan
from .templatetags.cms_blocks_i18n import lang_span

_MISSING = object()


def current_plan(request=None):
    """The current published plan (None when there is none), read once per ``request``."""
    cached = getattr(request, "_cms_blocks_current_plan", _MISSING)
    if cached is not _MISSING:
        return cached
    plan = queries.current_plan()
    if request is not None:
        request._cms_blocks_current_plan = plan
    return plan


def live_plan_or_404(slug):
    plan = queries.live_plans().filter(slug=slug).first()
    if plan is None:
        raise Http404(_("No hay un plan de acción publicado con esa dirección."))
    return plan


def is_live_plan(plan):
    return isinstance(plan, ActionPlan) and plan.live


def plan_of_page(page):
    """The plan a page presents or sits under (its ``action_plan``), while it is published."""
    if page is None:
        return None
    plan = getattr(page, "action_plan", None)
    return plan if is_live_plan(plan) else None


def plan_for_context(context, chosen=None):
    """The plan a block in ``context`` lists: ``chosen`` (the block's own choice, while it is
    published), the page's, the context's ``plan``, or the current plan."""
    if is_live_plan(chosen):
        return chosen
    plan = plan_of_page(context.get("page") or context.get("self"))
    if plan is not None:
        return plan
    plan = context.get("plan")
    if is_live_plan(plan):
        return plan
    return current_plan(context.get("request"))


# -- A plan's public sections ---------------------------------------------------------------

SECTIONS = [
    ("plan_detail", gettext_lazy("El plan")),
    ("plan_commitments", gettext_lazy("Compromisos")),
    ("plan_dashboard", gettext_lazy("Avance")),
    ("plan_cocreation", gettext_lazy("Cocreación")),
    ("plan_committee", gettext_lazy("Comité de seguimiento")),
    ("plan_consultations", gettext_lazy("Consultas")),
    ("plan_reports", gettext_lazy("Informes del monitor")),
    ("plan_opendata_index", gettext_lazy("Datos abiertos")),
]


def plan_sections(plan, active=None):
    """[(label, url, is_active)] of the plan's pages, for its navigation."""
    from django.urls import NoReverseMatch

    sections = []
    for name, label in SECTIONS:
        try:
            url = reverse(f"cms_blocks:{name}", kwargs={"plan": plan.slug})
        except NoReverseMatch:  # a section a site has not routed
            continue
        sections.append((label, url, name == active))
    return sections


def plan_crumb(plan):
    return (
        lang_span(plan.title, plan),
        reverse("cms_blocks:plan_detail", kwargs={"plan": plan.slug}),
    )


def plan_status(request, plan):
    """Whether ``plan`` is the current one, and which is: for the «plan cerrado» notice."""
    if plan is None:
        return {}
    current = current_plan(request)
    return {
        "plan_is_current": current is not None and current.pk == plan.pk,
        "current_plan": current,
    }


def plan_context(request, plan, active=None):
    """What every page of a plan shows: the plan, whether it is current, its sections."""
    return {
        "plan": plan,
        **plan_status(request, plan),
        "plan_sections": plan_sections(plan, active),
    }

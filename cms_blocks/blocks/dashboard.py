import itertools

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .. import progress as rollups
from ..charts import progress_bars
from ..models import Commitment
from .base import DomainBlock, content_block, plan_chooser

_CHART_IDS = itertools.count(1)


def chart_prefix(parent_context):
    """An id prefix for the block's charts, unique on the page (two blocks may show one plan)."""
    request = (parent_context or {}).get("request")
    if request is None:
        return f"resumen-avance-{next(_CHART_IDS)}"
    number = getattr(request, "_cms_blocks_progress_blocks", 0) + 1
    request._cms_blocks_progress_blocks = number
    return f"resumen-avance-{number}"


@content_block("plan_progress")
class PlanProgressBlock(DomainBlock):
    heading = blocks.CharBlock(label=_("título"), required=False, max_length=200)
    plan = plan_chooser()
    show_axes = blocks.BooleanBlock(label=_("mostrar el avance por eje"), required=False)
    show_institutions = blocks.BooleanBlock(
        label=_("mostrar el avance por institución líder"), required=False
    )

    class Meta:
        icon = "doc-full"
        label = _("Resumen del avance")
        group = _("Plan de acción")
        template = "cms_blocks/blocks/plan_progress.html"
        description = _(
            "El avance del plan (y, si se elige, por eje o por institución líder), con un "
            "enlace al tablero completo."
        )

    preview_defaults = {"heading": "Avance del plan", "show_axes": True}
    model = Commitment
    plan_lookup = "plan"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        plan = context["plan"]
        context["chart_id"] = chart_prefix(parent_context)
        if plan is None:
            context["progress"] = None
            return context
        now = rollups.plan_progress(plan, list(rollups.plan_commitments(plan)))
        context["progress"] = now
        if value.get("show_axes") and any(g.obj is not None for g in now.axes):
            context["axis_chart"] = progress_bars(
                [(g.label, g.progress, g.includes_illustrative, g.obj) for g in now.axes],
                title=_("Avance por eje"),
            )
        if value.get("show_institutions") and any(g.obj is not None for g in now.institutions):
            context["institution_chart"] = progress_bars(
                [(g.label, g.progress, g.includes_illustrative, g.obj) for g in now.institutions],
                title=_("Avance por institución líder"),
            )
        return context

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..models import CoCreationFigure, ParticipantGroup
from .base import DomainBlock, content_block, plan_chooser


@content_block("cocreation_figures")
class CoCreationFiguresBlock(DomainBlock):
    heading = blocks.CharBlock(label=_("título"), required=False, max_length=200)
    plan = plan_chooser()
    show_groups = blocks.BooleanBlock(
        label=_("mostrar los grupos participantes"), required=False, default=True
    )

    class Meta:
        icon = "order"
        label = _("Cifras de la cocreación")
        group = _("Participación")
        template = "cms_blocks/blocks/cocreation_figures.html"
        description = _("Las cifras publicadas del proceso de cocreación y sus grupos.")

    preview_defaults = {"heading": "La cocreación en cifras", "show_groups": True}

    model = CoCreationFigure
    plan_lookup = "plan"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        plan = context["plan"]
        figures = list(self.get_objects(value, plan))
        context["figures"] = figures
        # The block cites its main source once; a figure from another source cites its own.
        context["main_source"] = figures[0].source if figures else ""
        groups = self.in_plan(ParticipantGroup.objects.live(), plan)
        context["groups"] = groups if value.get("show_groups") else []
        return context

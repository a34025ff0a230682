from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .. import queries
from ..context import consultation_results
from ..models import Consultation
from .base import DomainBlock, LiveSnippetChooserBlock, content_block, first_live


@content_block("consultation_results")
class ConsultationResultsBlock(DomainBlock):
    heading = blocks.CharBlock(label=_("título"), required=False, max_length=200)
    consultation = LiveSnippetChooserBlock(Consultation, label=_("consulta"))

    class Meta:
        icon = "pick"
        label = _("Resultados de una consulta")
        group = _("Participación")
        template = "cms_blocks/blocks/consultation_results.html"
        description = _(
            "Gráfico de barras (SVG) con los resultados y la misma información en una tabla."
        )

    model = Consultation
    chosen_field = "consultation"

    def get_preview_value(self):
        consultation = first_live(Consultation)
        return self.to_python({"heading": "", "consultation": getattr(consultation, "pk", None)})

    def get_queryset(self, value):
        return queries.consultations()

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        consultation = self.get_chosen(value)
        context["consultation"] = consultation
        if consultation is not None:
            context.update(consultation_results(consultation))
        return context

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..charts import bar_chart
from ..models import Consultation
from .base import DomainBlock, LiveSnippetChooserBlock, first_live


class ConsultationResultsBlock(DomainBlock):
    heading = blocks.CharBlock(label=_("título"), required=False, max_length=200)
    consultation = LiveSnippetChooserBlock(Consultation, label=_("consulta"))

    class Meta:
        icon = "pick"
        label = _("Resultados de una consulta")
        template = "cms_blocks/blocks/consultation_results.html"
        description = _(
            "Gráfico de barras (SVG) con los resultados y la misma información en una tabla."
        )

    def get_preview_value(self):
        consultation = first_live(Consultation)
        return self.to_python({"heading": "", "consultation": getattr(consultation, "pk", None)})

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        chosen = value.get("consultation")
        consultation = None
        if chosen is not None and chosen.live:
            consultation = (
                Consultation.objects.live().prefetch_related("options").filter(pk=chosen.pk).first()
            )
        context["consultation"] = consultation
        if consultation is not None:
            results = consultation.get_results()
            context["results"] = results
            context["total_votes"] = sum(votes for _, votes in results)
            context["chart"] = bar_chart(
                [(option.title, votes) for option, votes in results],
                title=consultation.question,
            )
        return context

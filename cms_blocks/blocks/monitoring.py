from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..models import MonitorReport
from .base import DomainBlock


class MonitorReportsBlock(DomainBlock):
    heading = blocks.CharBlock(label=_("título"), required=False, max_length=200)
    moment = blocks.ChoiceBlock(
        label=_("momento"), required=False, choices=MonitorReport.Moment.choices
    )
    limit = blocks.IntegerBlock(label=_("máximo"), required=False, min_value=1, max_value=50)

    class Meta:
        icon = "doc-full-inverse"
        label = _("Informes del monitor")
        template = "cms_blocks/blocks/monitor_reports.html"
        description = _("Los informes publicados del organismo de monitoreo independiente.")

    preview_defaults = {"heading": "Informes del monitor independiente"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        reports = MonitorReport.objects.live().select_related("monitor", "document", "commitment")
        if value.get("moment"):
            reports = reports.filter(moment=value["moment"])
        if value.get("limit"):
            reports = reports[: value["limit"]]
        context["reports"] = reports
        return context

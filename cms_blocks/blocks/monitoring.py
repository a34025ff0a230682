from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .. import queries
from ..models import MonitorReport
from .base import DomainBlock, content_block, plan_chooser


@content_block("monitor_reports")
class MonitorReportsBlock(DomainBlock):
    heading = blocks.CharBlock(label=_("título"), required=False, max_length=200)
    plan = plan_chooser()
    moment = blocks.ChoiceBlock(
        label=_("momento"), required=False, choices=MonitorReport.Moment.choices
    )
    limit = blocks.IntegerBlock(label=_("máximo"), required=False, min_value=1, max_value=50)

    class Meta:
        icon = "doc-full-inverse"
        label = _("Informes del monitor")
        group = _("Seguimiento")
        template = "cms_blocks/blocks/monitor_reports.html"
        description = _("Los informes publicados del organismo de monitoreo independiente.")

    preview_defaults = {"heading": "Informes del monitor independiente"}

    model = MonitorReport
    filters = {"moment": "moment"}
    limit_field = "limit"
    context_name = "reports"
    plan_lookup = "plan"

    def get_queryset(self, value):
        return queries.monitor_reports()

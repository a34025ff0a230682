from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .. import queries
from ..context import group_by_sector
from ..models import Committee
from ..queries import committee_members
from .base import (
    DomainBlock,
    LiveSnippetChooserBlock,
    content_block,
    first_live,
    is_live,
    plan_chooser,
)


@content_block("committee_roster")
class CommitteeRosterBlock(DomainBlock):
    heading = blocks.CharBlock(label=_("título"), required=False, max_length=200)
    committee = LiveSnippetChooserBlock(
        Committee,
        label=_("comité"),
        required=False,
        help_text=_("Vacío: el comité del plan (el de la página, el elegido abajo o el vigente)."),
    )
    plan = plan_chooser()

    class Meta:
        icon = "group"
        label = _("Integrantes del comité")
        group = _("Participación")
        template = "cms_blocks/blocks/committee_roster.html"
        description = _("Los integrantes publicados del comité, agrupados por sector.")

    model = Committee
    chosen_field = "committee"

    def get_preview_value(self):
        committee = first_live(Committee)
        return self.to_python({"heading": "", "committee": getattr(committee, "pk", None)})

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # The chosen committee as it was read with the page (no second query for it).
        committee = value.get(self.chosen_field)
        if committee is None:
            # No committee chosen: the committee of the block's plan.
            plan = self.get_plan(value, parent_context)
            committee = queries.committees(plan).first() if plan is not None else None
        committee = committee if is_live(committee) and committee.plan.live else None
        sectors = group_by_sector(committee_members(committee))
        context["committee"] = committee
        context["sectors"] = sectors
        context["member_count"] = sum(len(members) for _sector, members in sectors)
        return context

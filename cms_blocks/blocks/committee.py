from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..models import Committee, CommitteeMember
from .base import DomainBlock, LiveSnippetChooserBlock, first_live


class CommitteeRosterBlock(DomainBlock):
    heading = blocks.CharBlock(label=_("título"), required=False, max_length=200)
    committee = LiveSnippetChooserBlock(Committee, label=_("comité"))

    class Meta:
        icon = "group"
        label = _("Integrantes del comité")
        template = "cms_blocks/blocks/committee_roster.html"
        description = _("Los integrantes publicados del comité, agrupados por sector.")

    def get_preview_value(self):
        committee = first_live(Committee)
        return self.to_python({"heading": "", "committee": getattr(committee, "pk", None)})

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        committee = value.get("committee")
        sectors = []
        if committee is not None and committee.live:
            members = (
                CommitteeMember.objects.live()
                .filter(committee=committee)
                .order_by("sort_order", "name")
            )
            # Group by sector in the order sectors first appear.
            order = {}
            for member in members:
                order.setdefault(member.sector, []).append(member)
            sectors = list(order.items())
        context["committee"] = committee if committee is not None and committee.live else None
        context["sectors"] = sectors
        context["member_count"] = sum(len(m) for _, m in sectors)
        return context

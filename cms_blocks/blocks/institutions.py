from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..models import Institution
from .base import DomainBlock, content_block, plan_chooser


@content_block("institutions")
class InstitutionsBlock(DomainBlock):
    heading = blocks.CharBlock(label=_("título"), required=False, max_length=200)
    plan = plan_chooser()
    role = blocks.ChoiceBlock(label=_("rol"), required=False, choices=Institution.Role.choices)

    class Meta:
        icon = "site"
        label = _("Instituciones")
        group = _("Plan de acción")
        template = "cms_blocks/blocks/institutions.html"
        description = _("Las dependencias y aliados del plan, con su rol.")

    preview_defaults = {"heading": "Instituciones del plan"}

    model = Institution
    filters = {"role": "role"}
    context_name = "institutions"

    def get_context(self, value, parent_context=None):
        # Institutions are shared by every plan. On a plan's page, or with a plan chosen, the
        # block lists those that lead or support one of its published commitments; elsewhere,
        # all of them.
        from ..plans import is_live_plan, plan_of_page

        context = super().get_context(value, parent_context)
        parent_context = parent_context or {}
        plan = value.get("plan")
        if not is_live_plan(plan):
            plan = plan_of_page(parent_context.get("page"))
        if plan is not None:
            involved = Q(led_commitments__plan=plan, led_commitments__live=True) | Q(
                supported_commitments__plan=plan, supported_commitments__live=True
            )
            context["institutions"] = context["institutions"].filter(involved).distinct()
        context["plan"] = plan
        return context

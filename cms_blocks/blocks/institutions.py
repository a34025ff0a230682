from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..models import Institution
from .base import DomainBlock


class InstitutionsBlock(DomainBlock):
    heading = blocks.CharBlock(label=_("título"), required=False, max_length=200)
    role = blocks.ChoiceBlock(label=_("rol"), required=False, choices=Institution.Role.choices)

    class Meta:
        icon = "site"
        label = _("Instituciones")
        template = "cms_blocks/blocks/institutions.html"
        description = _("Las dependencias y aliados del plan, con su rol.")

    preview_defaults = {"heading": "Instituciones del plan"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        institutions = Institution.objects.live()
        if value.get("role"):
            institutions = institutions.filter(role=value["role"])
        context["institutions"] = institutions
        return context

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..models import Institution
from .base import DomainBlock, content_block


@content_block("institutions")
class InstitutionsBlock(DomainBlock):
    heading = blocks.CharBlock(label=_("título"), required=False, max_length=200)
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

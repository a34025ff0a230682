from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..models import Initiative
from .base import DomainBlock, content_block


@content_block("initiatives")
class InitiativesBlock(DomainBlock):
    heading = blocks.CharBlock(label=_("título"), required=False, max_length=200)
    kind = blocks.ChoiceBlock(label=_("tipo"), required=False, choices=Initiative.Kind.choices)

    class Meta:
        icon = "link"
        label = _("Iniciativas, canales y plataformas")
        group = _("Plan de acción")
        template = "cms_blocks/blocks/initiatives.html"
        description = _(
            "Las iniciativas previas, los canales de denuncia y las plataformas abiertas."
        )

    preview_defaults = {"heading": "Iniciativas de gobierno abierto"}

    model = Initiative
    filters = {"kind": "kind"}
    context_name = "initiatives"

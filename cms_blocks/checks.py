"""System checks of the extension's configuration (``manage.py check``)."""

from django.conf import settings
from django.core import checks
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from . import conf

CONTEXT_PROCESSOR = "cms_blocks.context_processors.cms_blocks"


@checks.register(checks.Tags.templates)
def check_base_template(app_configs=None, **kwargs):
    """CMS_BLOCKS_BASE_TEMPLATE exists and reaches the templates (through the context
    processor); without the processor, cms_blocks/base.html would silently use base.html."""
    name = conf.get("CMS_BLOCKS_BASE_TEMPLATE")
    errors = []
    processors = [
        processor
        for engine in settings.TEMPLATES
        for processor in engine.get("OPTIONS", {}).get("context_processors", [])
    ]
    if name != conf.DEFAULTS["CMS_BLOCKS_BASE_TEMPLATE"] and CONTEXT_PROCESSOR not in processors:
        errors.append(
            checks.Error(
                f"CMS_BLOCKS_BASE_TEMPLATE is {name!r}, but the templates never see it.",
                hint=f"Add {CONTEXT_PROCESSOR!r} to TEMPLATES' context_processors.",
                id="cms_blocks.E001",
            )
        )
    try:
        get_template(name)
    except TemplateDoesNotExist:
        errors.append(
            checks.Error(
                f"The host's base template {name!r} (CMS_BLOCKS_BASE_TEMPLATE) does not exist.",
                hint="Name the site's base template; docs/adopting.md says what it must provide.",
                id="cms_blocks.E002",
            )
        )
    return errors

"""`manage.py check` tells an adopter when CMS_BLOCKS_BASE_TEMPLATE cannot work."""

from django.conf import settings
from django.core import checks
from django.test import override_settings

from cms_blocks.checks import check_base_template


def engines_without_the_processor():
    engine = {**settings.TEMPLATES[0], "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"]}}
    engine["OPTIONS"]["context_processors"] = [
        p for p in engine["OPTIONS"]["context_processors"] if not p.startswith("cms_blocks.")
    ]
    return [engine]


def ids():
    return [error.id for error in check_base_template()]


def test_the_sites_configuration_passes():
    assert ids() == []
    assert check_base_template in checks.registry.registry.get_checks()


@override_settings(CMS_BLOCKS_BASE_TEMPLATE="404.html")
def test_a_base_template_without_the_context_processor_is_an_error():
    assert ids() == []
    with override_settings(TEMPLATES=engines_without_the_processor()):
        assert ids() == ["cms_blocks.E001"]


def test_the_default_needs_no_context_processor():
    with override_settings(TEMPLATES=engines_without_the_processor()):
        assert ids() == []


@override_settings(CMS_BLOCKS_BASE_TEMPLATE="ciudad/no-existe.html")
def test_a_missing_base_template_is_an_error():
    assert ids() == ["cms_blocks.E002"]

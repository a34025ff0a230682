"""DomainBlock, the model-backed block base: model, filters from the value, ordering, limit."""

import pytest
from wagtail import blocks

from cms_blocks.blocks.base import DomainBlock, LiveSnippetChooserBlock
from cms_blocks.models import Institution

pytestmark = pytest.mark.django_db


class InstitutionsByName(DomainBlock):
    role = blocks.ChoiceBlock(required=False, choices=Institution.Role.choices)
    limit = blocks.IntegerBlock(required=False)

    model = Institution
    filters = {"role": "role"}
    ordering = ("-name",)
    limit_field = "limit"
    context_name = "institutions"


class OneInstitution(DomainBlock):
    institution = LiveSnippetChooserBlock(Institution)

    model = Institution
    chosen_field = "institution"


def test_filters_ordering_and_limit_come_from_the_declaration_and_the_value(content):
    block = InstitutionsByName()
    live = Institution.objects.live()
    everything = list(block.get_objects(block.to_python({})))
    assert everything == list(live.order_by("-name"))
    role = everything[0].role
    filtered = list(block.get_objects(block.to_python({"role": role})))
    assert filtered == list(live.filter(role=role).order_by("-name"))
    assert 0 < len(filtered) < len(everything)
    context = block.get_context(block.to_python({"limit": 2}))
    assert list(context["institutions"]) == everything[:2]


def test_a_chosen_snippet_is_given_only_while_it_is_published(content):
    block = OneInstitution()
    institution = Institution.objects.live().first()
    value = block.to_python({"institution": institution.pk})
    assert block.get_chosen(value) == institution
    Institution.objects.filter(pk=institution.pk).update(live=False)
    assert block.get_chosen(block.to_python({"institution": institution.pk})) is None
    assert block.get_chosen(block.to_python({"institution": None})) is None


def test_content_blocks_come_from_the_declarations_in_order():
    from cms_blocks.blocks import CONTENT_BLOCKS, DOMAIN_BLOCKS, GENERIC_BLOCKS
    from cms_blocks.blocks.base import _CONTENT_BLOCKS

    assert [name for name, _ in CONTENT_BLOCKS] == list(_CONTENT_BLOCKS)
    assert [type(block) for _, block in CONTENT_BLOCKS] == list(_CONTENT_BLOCKS.values())
    assert (
        CONTENT_BLOCKS[:2] == GENERIC_BLOCKS[:2]
        and GENERIC_BLOCKS + DOMAIN_BLOCKS == CONTENT_BLOCKS
    )


def test_two_blocks_cannot_share_a_name():
    from django.core.exceptions import ImproperlyConfigured
    from wagtail import blocks

    from cms_blocks.blocks.base import content_block

    with pytest.raises(ImproperlyConfigured):

        @content_block("heading")
        class AnotherHeading(blocks.CharBlock):
            pass

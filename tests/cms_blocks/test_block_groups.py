"""The block picker is grouped: every block of CONTENT_BLOCKS names its group (Meta.group)."""

from wagtail.blocks import StreamBlock

from cms_blocks.blocks import CONTENT_BLOCKS, GENERIC_BLOCKS

GROUPS = {"Texto", "Medios", "Datos", "Plan de acción", "Participación", "Seguimiento"}


def test_every_block_has_a_group():
    missing = [name for name, block in CONTENT_BLOCKS if not block.meta.group]
    assert missing == []
    assert {str(block.meta.group) for _, block in CONTENT_BLOCKS} == GROUPS


def test_the_picker_shows_the_groups():
    groups = [str(name) for name, _ in StreamBlock(CONTENT_BLOCKS).grouped_child_blocks()]
    assert groups == ["Texto", "Medios", "Datos", "Plan de acción", "Participación", "Seguimiento"]
    assert {str(b.meta.group) for _, b in GENERIC_BLOCKS} == {"Texto", "Medios", "Datos"}

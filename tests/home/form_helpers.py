"""Admin form data for a page's existing StreamField content (wagtail.test.utils.form_data).

The edit view draws a StreamField with JavaScript, so its HTML has no inputs to copy: this
turns a stored stream value back into the POST data the editor would submit.
"""

import json

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.test.utils.form_data import querydict_from_html, rich_text, streamfield


def block_form_data(block, value):
    if isinstance(block, blocks.StreamBlock):
        return streamfield(
            [(child.block_type, block_form_data(child.block, child.value)) for child in value]
        )
    if isinstance(block, blocks.ListBlock):
        return streamfield([("item", block_form_data(block.child_block, item)) for item in value])
    if isinstance(block, blocks.StructBlock):
        return {
            name: block_form_data(child, value.get(name))
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(value.source if value else "", features=block.features)
    if isinstance(block, blocks.BooleanBlock):
        return "on" if value else ""
    if isinstance(block, blocks.ChooserBlock):
        return str(value.pk) if value else ""
    if isinstance(block, TableBlock):
        return json.dumps(value)
    return "" if value is None else str(value)


def edit_form_data(client, page, stream_fields=("body",)):
    """The edit form's own fields (from its HTML) plus the page's StreamFields as form data."""
    from wagtail.test.utils.form_data import nested_form_data

    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    for name in stream_fields:
        field = page._meta.get_field(name)
        flat = nested_form_data({name: block_form_data(field.stream_block, getattr(page, name))})
        for key, value in flat.items():
            data[key] = value
    return data

"""A StreamField whose migrations do not hold its block definitions.

Wagtail's ``StreamField.deconstruct`` writes every block (and every block option: a label, a
help text, a preview value) into the migration of the app whose model has the field, so each
change to a block of cms_blocks wrote a migration in the host site's app. The blocks do not
change the database column (a JSON column), so the migrations leave them out, as the
Torchbox/ONS ``cms.core.fields.StreamField`` does (docs/decisions.md, "A StreamField without
block definitions in migrations").

The price: a historical model in a data migration (``apps.get_model``) has a StreamField with
no blocks; a data migration that reads or writes the content must use the raw JSON
(``field.get_prep_value`` / ``stream_data``) or import the current blocks.
"""

from django.db import models
from wagtail.fields import StreamField as WagtailStreamField


class StreamField(WagtailStreamField):
    def __init__(self, block_types=None, **kwargs):
        # A migration builds the field without ``block_types`` (deconstruct drops it).
        super().__init__([] if block_types is None else block_types, **kwargs)

    def deconstruct(self):
        # models.Field's deconstruct (not Wagtail's): the column's options, no block lookup.
        name, path, _args, kwargs = models.Field.deconstruct(self)
        return name, path, [], kwargs

"""Adding a block to cms_blocks writes no migration in the host site's app.

The pages of `home` use ``cms_blocks.fields.StreamField``, whose migrations leave the block
definitions out (docs/decisions.md). The check is Django's own autodetector, comparing the
state the migrations build with the models, after a block is appended to every StreamField of
`home` (what editing CONTENT_BLOCKS does).
"""

import pytest
from django.apps import apps
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState
from django.utils import translation
from wagtail import blocks
from wagtail.fields import StreamField as WagtailStreamField

from cms_blocks.fields import StreamField

# wagtail-localize's first migration reads the database when it is imported (to order itself
# after Wagtail's revision models), and the loader imports every migration module.
needs_db = pytest.mark.django_db


def home_migration_changes():
    # As makemigrations does (@no_translations): verbose names compare untranslated.
    with translation.override(None):
        loader = MigrationLoader(None, ignore_no_migrations=True)
        detector = MigrationAutodetector(loader.project_state(), ProjectState.from_apps(apps))
        return detector.changes(graph=loader.graph).get("home", [])


def stream_fields():
    return [
        field
        for model in apps.get_app_config("home").get_models()
        for field in model._meta.local_fields
        if isinstance(field, WagtailStreamField)
    ]


@pytest.fixture
def one_more_block(monkeypatch):
    fields = stream_fields()
    assert fields, "home has no StreamField"
    for field in fields:
        extended = [*field.stream_block.child_blocks.items(), ("extra", blocks.CharBlock())]
        monkeypatch.setattr(field, "block_types_arg", extended)
        monkeypatch.delitem(field.__dict__, "stream_block", raising=False)
        assert "extra" in field.stream_block.child_blocks
    return fields


def test_home_streamfields_are_the_extensions():
    assert all(isinstance(field, StreamField) for field in stream_fields())


@needs_db
def test_the_migrations_match_the_models():
    assert home_migration_changes() == []


@needs_db
def test_adding_a_block_writes_no_migration_in_home(one_more_block):
    assert home_migration_changes() == []


@needs_db
def test_with_wagtails_deconstruct_the_same_block_would_write_one(one_more_block, monkeypatch):
    # The control: the check above can fail, since Wagtail's StreamField would alter `body`.
    monkeypatch.setattr(StreamField, "deconstruct", WagtailStreamField.deconstruct)
    (migration,) = home_migration_changes()
    assert {op.name for op in migration.operations} == {"body"}


def test_a_migration_builds_the_field_without_its_blocks():
    name, path, args, kwargs = stream_fields()[0].deconstruct()
    assert (path, args) == ("cms_blocks.fields.StreamField", [])
    assert "block_lookup" not in kwargs
    rebuilt = StreamField(*args, **kwargs)  # what a migration does
    assert rebuilt.blank and list(rebuilt.stream_block.child_blocks) == []

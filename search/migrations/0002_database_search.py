"""Database-specific search objects (see search/db.py).

PostgreSQL: the ``unaccent`` extension, the ``spanish_unaccent`` text search configuration
(unaccent + spanish_stem) and a weighted, generated ``tsvector`` column with a GIN index.
SQLite: an FTS5 table over the normalised terms, kept in sync by triggers.
Other databases: nothing (the search falls back to plain SQL).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from search import db

    db.ensure(schema_editor.connection)


def backwards(apps, schema_editor):
    from search import db

    db.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]

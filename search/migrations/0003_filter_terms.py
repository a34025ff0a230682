"""filter_terms ("k<kind> a<axis>") lets SQLite's FTS5 filter and count by kind and axis
without reading the rows; the FTS table is recreated with that column (search/db.py)."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    from search import db

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {db.TABLE} SET filter_terms = 'k' || kind || ' a' || coalesce(axis_id, 0)"
        )
    db.ensure(schema_editor.connection)
    if schema_editor.connection.vendor == "sqlite" and db.sqlite_fts_ready(
        schema_editor.connection
    ):
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {db.FTS_TABLE}({db.FTS_TABLE}) VALUES ('rebuild')")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_database_search")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="filter_terms",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False),
    ]

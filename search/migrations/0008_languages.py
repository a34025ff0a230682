"""Documents in every content language (issue 12): each carries its ``language`` (existing
rows: the source language, which they are in) and its object's ``translation_key``, and its
``filter_terms`` a language term and, for a source-language document with no version in
another language, that language's fallback term (``search.indexing.filter_terms``).

Then the index is emptied: after ``migrate``, the ``post_migrate`` handler (search/apps.py)
rebuilds an empty index when there is content, so an existing site gets its English pages
indexed, and its Spanish documents their new terms, without a manual
``rebuild_search_index``."""

from django.db import migrations, models

import search.models


def empty_the_index(apps, schema_editor):
    SearchDocument = apps.get_model("search", "SearchDocument")
    SearchDocument.objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0007_reindex_with_tags")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="language",
            field=models.CharField(
                default=search.models.source_language, max_length=20, verbose_name="idioma"
            ),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="translation_key",
            field=models.UUIDField(blank=True, db_index=True, null=True),
        ),
        migrations.RunPython(empty_the_index, migrations.RunPython.noop, elidable=True),
    ]

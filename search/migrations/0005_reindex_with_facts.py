"""The documents' format changed (issue 8, item 4): labelled facts in the lead, axes as a
kind, StreamField text without block settings. Empty the index: after ``migrate``, the
``post_migrate`` handler (search/apps.py) rebuilds an empty index when there is content, so
an existing site gets the new documents without a manual ``rebuild_search_index``."""

from django.db import migrations


def empty_the_index(apps, schema_editor):
    SearchDocument = apps.get_model("search", "SearchDocument")
    SearchDocument.objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0004_rank_vector")]

    operations = [migrations.RunPython(empty_the_index, migrations.RunPython.noop, elidable=True)]

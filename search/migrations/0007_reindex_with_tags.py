"""Documents carry their tags (issue 11): «Etiquetas: …» at the end of the lead (searched) and
"t<tag id>" in ``filter_terms`` (the ``etiqueta`` filter). Empty the index: after ``migrate``,
the ``post_migrate`` handler (search/apps.py) rebuilds an empty index when there is content, so
an existing site gets the tags without a manual ``rebuild_search_index``."""

from django.db import migrations


def empty_the_index(apps, schema_editor):
    SearchDocument = apps.get_model("search", "SearchDocument")
    SearchDocument.objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0006_plan")]

    operations = [migrations.RunPython(empty_the_index, migrations.RunPython.noop, elidable=True)]

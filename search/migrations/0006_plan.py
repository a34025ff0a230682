"""Documents carry their action plan (issue 10): the ``plan`` filter, and ``filter_terms``
gain "p<plan id>" for SQLite's FTS5. Empty the index: after ``migrate``, the
``post_migrate`` handler (search/apps.py) rebuilds an empty index when there is content, so
the documents get their plan (and those of an unpublished plan leave) without a manual
``rebuild_search_index``."""

import django.db.models.deletion
from django.db import migrations, models


def empty_the_index(apps, schema_editor):
    SearchDocument = apps.get_model("search", "SearchDocument")
    SearchDocument.objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms_blocks", "0006_plan_required"),
        ("search", "0005_reindex_with_facts"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="plan",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="cms_blocks.actionplan",
                verbose_name="plan de acción",
            ),
        ),
        migrations.RunPython(empty_the_index, migrations.RunPython.noop, elidable=True),
    ]

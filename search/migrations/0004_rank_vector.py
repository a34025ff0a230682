"""PostgreSQL: a small rank_vector (title A, lead B) to rank large result sets without
reading every document's full vector (search/db.py). Nothing on other databases."""

from django.db import migrations


def forwards(apps, schema_editor):
    from search import db

    db.ensure(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_filter_terms")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]

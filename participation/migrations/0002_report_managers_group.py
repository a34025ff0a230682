from django.db import migrations


def create_group(apps, schema_editor):
    from participation.roles import ensure_report_managers_group

    ensure_report_managers_group(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]

"""Images and documents under moderation (cms_blocks.moderation.files): the working and
published collections under the root; files that live content uses move into the published
one, the other files of the root into the working one; the editors' former add, change and
delete on the root are taken back and the new grants given (ensure_roles). Idempotent."""

from django.db import migrations
from wagtail.documents import get_document_model_string
from wagtail.images import get_image_model_string


def forwards(apps, schema_editor):
    from cms_blocks.moderation.files import sort_existing_files
    from cms_blocks.moderation.roles import (
        EDITORS_ROLE,
        ensure_roles,
        group_name,
        revoke_former_editor_root_permissions,
    )

    sort_existing_files(apps)
    Group = apps.get_model("auth", "Group")
    if Group.objects.filter(name=group_name(EDITORS_ROLE)).exists():
        # The roles exist (a database from before this migration): fix them now. On a new
        # database the roles are created later, already with the new grants.
        revoke_former_editor_root_permissions(apps)
        ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("cms_blocks", "0002_sanitized_rich_text"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        migrations.swappable_dependency(get_image_model_string()),
        migrations.swappable_dependency(get_document_model_string()),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

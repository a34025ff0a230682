"""Roles with no manual step: the groups, their permissions and the workflow
"Revisión del micrositio" (cms_blocks.moderation.roles, with the names the site sets in its
settings). Re-running ensure_roles changes nothing."""

from django.db import migrations

WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"


def remove_unused_wagtail_defaults(apps):
    """Wagtail's initial data creates the groups Editors and Moderators and a workflow
    assigned to the tree root. The micrositio has its own roles: drop the defaults unless used."""
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    TaskState = apps.get_model("wagtailcore", "TaskState")

    for workflow in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW):
        if WorkflowState.objects.filter(workflow=workflow).exists():
            continue
        task_ids = list(workflow.workflow_tasks.values_list("task_id", flat=True))
        workflow.delete()
        for task in GroupApprovalTask.objects.filter(pk__in=task_ids):
            if not task.workflow_tasks.exists() and not TaskState.objects.filter(task=task).exists():
                task.delete()
    for group in Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS):
        if not group.user_set.exists():
            group.delete()


def forwards(apps, schema_editor):
    from cms_blocks.moderation.roles import ensure_roles

    remove_unused_wagtail_defaults(apps)
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_review_task"),
        ("cms_blocks", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

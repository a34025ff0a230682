"""The extension's moderation on a site that is not the micrositio: generic group names,
Wagtail's group approval task, the default Site's root page, all created by ``migrate``."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
)

from cms_blocks import registry
from cms_blocks.moderation import roles

pytestmark = pytest.mark.django_db

GENERIC = ("Editores", "Revisores", "Administradores")


def state():
    return {
        "groups": sorted(
            (g.name, sorted(g.permissions.values_list("pk", flat=True)))
            for g in Group.objects.all()
        ),
        "page_permissions": sorted(
            GroupPagePermission.objects.values_list("group__name", "page_id", "permission_id")
        ),
        "workflows": sorted(Workflow.objects.values_list("name", flat=True)),
        "workflow_pages": sorted(WorkflowPage.objects.values_list("page_id", "workflow_id")),
        "assignments": sorted(
            WorkflowContentType.objects.values_list("content_type_id", "workflow_id")
        ),
        "tasks": sorted(GroupApprovalTask.objects.values_list("name", flat=True)),
    }


def test_migrate_leaves_the_generic_roles_and_workflow():
    """The test database was just migrated: the post_migrate step created everything."""
    assert roles.group_names() == GENERIC
    assert set(Group.objects.values_list("name", flat=True)) >= set(GENERIC)
    workflow = Workflow.objects.get(name="Revisión editorial")
    task = workflow.workflow_tasks.get().task.specific
    assert type(task) is GroupApprovalTask and task.name == "Aprobación de Revisores"
    assert set(task.groups.values_list("name", flat=True)) == {"Revisores", "Administradores"}
    for kind in registry.moderated_kinds():
        assert kind.model.get_default_workflow() == workflow, kind.model


def test_editors_may_not_publish_and_administrators_may_everything():
    roles.ensure_roles()
    editors = set(Group.objects.get(name="Editores").permissions.values_list("codename", flat=True))
    for kind in registry.moderated_kinds():
        name = kind.model._meta.model_name
        assert {f"add_{name}", f"change_{name}", f"lock_{name}"} <= editors
        assert f"publish_{name}" not in editors and f"delete_{name}" not in editors
    assert Group.objects.get(name="Administradores").permissions.count() == (
        Permission.objects.count()
    )


def test_the_default_sites_root_gets_the_page_permissions_and_the_workflow(home):
    roles.ensure_roles()
    assert WorkflowPage.objects.get(page=home).workflow.name == "Revisión editorial"
    assert set(
        GroupPagePermission.objects.filter(page=home, group__name="Editores").values_list(
            "permission__codename", flat=True
        )
    ) == {"add_page", "change_page", "lock_page"}


def test_ensure_roles_again_changes_nothing(home):
    roles.ensure_roles()
    before = state()
    roles.ensure_roles()
    call_command("ensure_roles", stdout=io.StringIO())
    assert state() == before


@override_settings(
    CMS_BLOCKS_EDITORS_GROUP="Redacción",
    CMS_BLOCKS_WORKFLOW_NAME="Flujo de la ciudad",
)
def test_a_site_names_its_own_groups_and_workflow():
    groups, workflow = roles.ensure_roles()
    assert "Redacción" in groups and workflow.name == "Flujo de la ciudad"
    perms = set(Group.objects.get(name="Redacción").permissions.values_list("codename", flat=True))
    assert "add_commitment" in perms and "publish_commitment" not in perms

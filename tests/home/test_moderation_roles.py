"""Roles with no manual step: groups, permissions and the workflow, created idempotently."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from cms_blocks.models import EditorialSnippet
from home.models import HomePage, ReviewTask
from home.roles import (
    ADMINISTRATORS,
    EDITORIAL_SNIPPETS,
    EDITORS,
    GROUPS,
    REVIEWERS,
    WORKFLOW_NAME,
    editorial_snippet_models,
    ensure_roles,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "groups": sorted(
            (g.name, sorted(g.permissions.values_list("codename", "content_type__app_label")))
            for g in Group.objects.all()
        ),
        "page_permissions": sorted(
            GroupPagePermission.objects.values_list(
                "group__name", "page_id", "permission__codename"
            )
        ),
        "collection_permissions": sorted(
            GroupCollectionPermission.objects.values_list(
                "group__name", "collection_id", "permission__codename"
            )
        ),
        "workflows": sorted(Workflow.objects.values_list("name", "active")),
        "tasks": sorted(Task.objects.values_list("name", "content_type__model")),
        "workflow_tasks": sorted(WorkflowTask.objects.values_list("workflow__name", "task__name")),
        "workflow_pages": sorted(WorkflowPage.objects.values_list("page_id", "workflow__name")),
        "workflow_content_types": sorted(
            WorkflowContentType.objects.values_list("content_type__model", "workflow__name")
        ),
        "permissions": Permission.objects.count(),
    }


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_running_ensure_roles_again_changes_nothing(seeded):
    before = snapshot()
    ensure_roles()
    ensure_roles()
    assert snapshot() == before


def test_the_migration_path_with_historical_models_changes_nothing(seeded):
    """The data migration calls ensure_roles with the historical registry: on a database that
    already has the roles, running it that way is a no-op too."""
    state = MigrationExecutor(connection).loader.project_state(("home", "0003_roles"))
    before = snapshot()
    ensure_roles(state.apps)
    assert snapshot() == before


def test_the_three_groups_exist_and_wagtails_unused_defaults_are_gone(seeded):
    assert set(Group.objects.filter(name__in=GROUPS).values_list("name", flat=True)) == set(GROUPS)
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()


def test_editors_edit_and_submit_but_never_publish_or_delete(seeded):
    perms = codenames(EDITORS)
    assert "access_admin" in perms
    for model in editorial_snippet_models():
        name = model._meta.model_name
        assert {f"add_{name}", f"change_{name}", f"lock_{name}"} <= perms
        assert f"publish_{name}" not in perms
        assert f"delete_{name}" not in perms
        assert f"unlock_{name}" not in perms
    home = HomePage.objects.get()
    page_perms = set(
        GroupPagePermission.objects.filter(group__name=EDITORS, page=home).values_list(
            "permission__codename", flat=True
        )
    )
    assert page_perms == {"add_page", "change_page", "lock_page"}
    collection_perms = set(
        GroupCollectionPermission.objects.filter(group__name=EDITORS).values_list(
            "permission__codename", flat=True
        )
    )
    assert collection_perms == {
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    }


def test_reviewers_publish_but_do_not_delete(seeded):
    perms = codenames(REVIEWERS)
    for model in editorial_snippet_models():
        name = model._meta.model_name
        assert {f"publish_{name}", f"change_{name}", f"unlock_{name}"} <= perms
        assert f"delete_{name}" not in perms
        assert f"add_{name}" not in perms
    page_perms = set(
        GroupPagePermission.objects.filter(group__name=REVIEWERS).values_list(
            "permission__codename", flat=True
        )
    )
    assert page_perms == {"change_page", "publish_page", "lock_page", "unlock_page"}


def test_administrators_have_every_permission(seeded):
    group = Group.objects.get(name=ADMINISTRATORS)
    assert group.permissions.count() == Permission.objects.count()
    page_perms = set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "permission__codename", flat=True
        )
    )
    assert page_perms == {
        "add_page",
        "bulk_delete_page",
        "change_page",
        "lock_page",
        "publish_page",
        "unlock_page",
    }


def test_the_workflow_covers_the_micrositio_and_every_editorial_snippet(seeded):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    tasks = [wt.task.specific for wt in workflow.workflow_tasks.all()]
    assert len(tasks) == 1 and isinstance(tasks[0], ReviewTask)
    assert set(tasks[0].groups.values_list("name", flat=True)) == {REVIEWERS, ADMINISTRATORS}
    # The micrositio root and every page below it.
    assert WorkflowPage.objects.get(page=seeded).workflow == workflow
    for page in Page.objects.descendant_of(seeded, inclusive=True).specific():
        assert page.get_workflow() == workflow, page
    # Every editorial snippet: the listed ones, and any subclass (none may be forgotten).
    subclasses = {m for m in apps.get_models() if issubclass(m, EditorialSnippet)}
    listed = {(m._meta.app_label, m._meta.model_name) for m in subclasses}
    assert listed >= set(EDITORIAL_SNIPPETS)
    for model in subclasses:
        assert model.get_default_workflow() == workflow, model


def test_a_new_micrositio_root_gets_the_roles_and_the_workflow(seeded):
    root = Page.get_first_root_node()
    other = HomePage(title="Otro micrositio", slug="otro-micrositio")
    root.add_child(instance=other)
    assert WorkflowPage.objects.get(page=other).workflow.name == WORKFLOW_NAME
    assert GroupPagePermission.objects.filter(page=other, group__name=EDITORS).count() == 3


def test_demo_users_belong_to_the_groups(seeded, monkeypatch):
    monkeypatch.setenv("OGP_DEMO_PASSWORD", "una-clave-de-prueba")
    call_command("create_demo_users", "--force", stdout=io.StringIO())
    users = get_user_model().objects.in_bulk(["editor", "revisor", "admin"], field_name="username")
    assert list(users["editor"].groups.values_list("name", flat=True)) == [EDITORS]
    assert list(users["revisor"].groups.values_list("name", flat=True)) == [REVIEWERS]
    assert list(users["admin"].groups.values_list("name", flat=True)) == [ADMINISTRATORS]
    assert users["admin"].is_superuser
    assert not users["editor"].is_superuser and not users["revisor"].is_superuser
    assert users["editor"].check_password("una-clave-de-prueba")

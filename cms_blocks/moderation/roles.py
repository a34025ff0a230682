"""Roles as code: the groups, their permissions and the review workflow of every moderated
public kind (``cms_blocks.registry``: ``moderated``).

``ensure_roles()`` is idempotent: it creates what is missing and never removes what an
administrator granted by hand, so running it again changes nothing. It runs after every
``migrate`` (``CMS_BLOCKS_ROLES_AFTER_MIGRATE``), from ``manage.py ensure_roles``, and from a
site's own data migration or signals with a migration's historical ``apps``.

============================  ============================================================
group (setting)               may
============================  ============================================================
Editors                       add and edit pages under the moderated roots and the
(CMS_BLOCKS_EDITORS_GROUP)    moderated snippets, save drafts, submit them, lock their work,
                              upload and choose images and documents; add and change the
                              axes of a plan still in draft. Never publish,
                              unpublish or delete anything live, nor change or delete a
                              file that live content uses (cms_blocks.moderation.files).
Reviewers                     approve (which publishes) or send back, at the task of the
(CMS_BLOCKS_REVIEWERS_GROUP)  review workflow; edit a draft under review; unpublish; lock
                              and unlock; add and change the axes of a published plan.
Administrators                everything (every permission), including approving or sending
(CMS_BLOCKS_ADMINISTRATORS_   back at the workflow's task and deleting live content.
GROUP)
============================  ============================================================

The names are settings with generic defaults (``cms_blocks.conf``); the workflow's task is a
``CMS_BLOCKS_REVIEW_TASK_MODEL`` (Wagtail's group approval task by default); the pages that
get the page permissions and the workflow are those of ``CMS_BLOCKS_MODERATED_ROOT_PAGE_MODELS``
(default: the root page of every Site).
"""

from django.apps import apps as global_apps

from .. import conf
from ..registry import moderated_kinds

EDITORS_ROLE = "editors"
REVIEWERS_ROLE = "reviewers"
ADMINISTRATORS_ROLE = "administrators"
ROLES = (EDITORS_ROLE, REVIEWERS_ROLE, ADMINISTRATORS_ROLE)
# Who may approve or send back at the workflow's task. Administrators "may everything",
# as Plone's Manager may review; the e-mail on submission goes to both groups.
TASK_ROLES = (REVIEWERS_ROLE, ADMINISTRATORS_ROLE)

_ROLE_SETTINGS = {
    EDITORS_ROLE: "CMS_BLOCKS_EDITORS_GROUP",
    REVIEWERS_ROLE: "CMS_BLOCKS_REVIEWERS_GROUP",
    ADMINISTRATORS_ROLE: "CMS_BLOCKS_ADMINISTRATORS_GROUP",
}


def group_name(role):
    """The name of the group that holds ``role`` (a setting)."""
    return conf.get(_ROLE_SETTINGS[role])


def group_names():
    return tuple(group_name(role) for role in ROLES)


def workflow_name():
    return conf.get("CMS_BLOCKS_WORKFLOW_NAME")


def task_name():
    return conf.get("CMS_BLOCKS_REVIEW_TASK_NAME")


# Page permissions, granted on every moderated root page and so on the pages below it.
PAGE_PERMISSIONS = {
    EDITORS_ROLE: ("add_page", "change_page", "lock_page"),
    REVIEWERS_ROLE: ("change_page", "publish_page", "lock_page", "unlock_page"),
    ADMINISTRATORS_ROLE: (
        "add_page",
        "bulk_delete_page",
        "change_page",
        "lock_page",
        "publish_page",
        "unlock_page",
    ),
}

# Image and document permissions: (app_label, codename), per collection. On the root, so on
# every collection below it: editors and reviewers choose (a chooser shows every file),
# administrators may everything. Editors add and change only in the working collection; what
# live content uses is in the published one, which reviewers and administrators change
# (cms_blocks.moderation.files). Wagtail treats delete as change, and lets whoever has add
# change what they uploaded: so editors get neither add nor change on the root.
COLLECTION_PERMISSIONS = {
    EDITORS_ROLE: (
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "choose_document"),
    ),
    REVIEWERS_ROLE: (
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "choose_document"),
    ),
    ADMINISTRATORS_ROLE: (
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "delete_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "delete_document"),
        ("wagtaildocs", "choose_document"),
    ),
}
WORKING_COLLECTION_PERMISSIONS = {
    EDITORS_ROLE: (
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
    ),
}
_CHANGE_AND_DELETE_FILES = (
    ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"),
)
PUBLISHED_COLLECTION_PERMISSIONS = {
    REVIEWERS_ROLE: _CHANGE_AND_DELETE_FILES,
    ADMINISTRATORS_ROLE: _CHANGE_AND_DELETE_FILES,
}
# What ensure_roles granted editors on the root before the two collections existed; the data
# migration cms_blocks 0003 takes it back (ensure_roles itself never removes a permission).
FORMER_EDITOR_ROOT_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"),
)

# Actions on each moderated snippet model (codename = f"{action}_{model}"). Editors have no
# publish_* and no delete_*: Wagtail then offers them "save draft" and "submit" only.
SNIPPET_ACTIONS = {
    EDITORS_ROLE: ("add", "change", "view", "lock"),
    REVIEWERS_ROLE: ("change", "view", "publish", "lock", "unlock"),
    ADMINISTRATORS_ROLE: ("add", "change", "delete", "view", "publish", "lock", "unlock"),
}

# Actions on each kind that is saved, not reviewed (registry: ``moderated=False``, the axes of
# work). Editors prepare them for a plan still in draft (``AxisForm`` refuses a published
# plan's to anyone who may not publish); reviewers keep a published plan's up to date.
STRUCTURE_ACTIONS = {
    EDITORS_ROLE: ("add", "change", "view"),
    REVIEWERS_ROLE: ("add", "change", "view"),
}

# Translating (wagtail-localize, when the site installs it): editors start and write
# translations, reviewers may correct one under review. A translation is a draft like any other
# edit and goes through the same workflow.
TRANSLATION_PERMISSION = ("wagtail_localize", "translation", "submit_translation")
TRANSLATION_ROLES = (EDITORS_ROLE, REVIEWERS_ROLE)

# Everyone in these groups may log in to the admin.
ADMIN_ACCESS = ("wagtailadmin", "admin", "access_admin")


def moderated_snippets():
    """The moderated kinds' models as (app_label, model_name), from the registry."""
    return tuple(tuple(kind.label_lower.split(".")) for kind in moderated_kinds())


def structure_models(apps=global_apps):
    """(app_label, model_name) of the registry's kinds that are saved, not reviewed, that
    ``apps`` holds."""
    from ..registry import public_kinds

    found = []
    for kind in public_kinds():
        if kind.moderated:
            continue
        app_label, model_name = kind.label_lower.split(".")
        try:
            apps.get_model(app_label, model_name)
        except LookupError:
            continue
        found.append((app_label, model_name))
    return found


def editorial_snippet_models(apps=global_apps):
    """The moderated snippet models in ``apps``: the registry's (a historical registry may not
    hold a later model yet) plus, at run time, any ``EditorialSnippet`` not registered."""
    models = []
    for app_label, name in moderated_snippets():
        try:
            models.append(apps.get_model(app_label, name))
        except LookupError:
            continue
    if apps is global_apps:
        from ..models import EditorialSnippet

        for model in apps.get_models():
            if issubclass(model, EditorialSnippet) and model not in models:
                models.append(model)
    return models


def root_pages(apps=global_apps):
    """The pages that get the page permissions and the workflow (ids)."""
    labels = conf.get("CMS_BLOCKS_MODERATED_ROOT_PAGE_MODELS")
    if not labels:
        Site = apps.get_model("wagtailcore", "Site")
        return list(Site.objects.order_by("pk").values_list("root_page_id", flat=True).distinct())
    ids = []
    for label in labels:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        ids += list(model.objects.order_by("pk").values_list("pk", flat=True))
    return ids


class _Roles:
    """One run of ensure_roles against a model registry (historical or current)."""

    def __init__(self, apps):
        self.apps = apps
        self.ContentType = apps.get_model("contenttypes", "ContentType")
        self.Permission = apps.get_model("auth", "Permission")
        self.Group = apps.get_model("auth", "Group")
        self._content_types = {}
        self._permissions = None

    # -- lookups ----------------------------------------------------------------------
    def content_type(self, app_label, model_name):
        key = (app_label, model_name)
        if key not in self._content_types:
            self._content_types[key] = self.ContentType.objects.get_or_create(
                app_label=app_label, model=model_name
            )[0]
        return self._content_types[key]

    def permission(self, app_label, model_name, codename):
        """The permission, created if the post_migrate signal has not created it yet."""
        if self._permissions is None:
            self._permissions = {
                (p.content_type.app_label, p.content_type.model, p.codename): p
                for p in self.Permission.objects.select_related("content_type")
            }
        permission = self._permissions.get((app_label, model_name, codename))
        if permission is None:
            content_type = self.content_type(app_label, model_name)
            try:
                verbose_name = self.apps.get_model(app_label, model_name)._meta.verbose_name_raw
            except LookupError:
                verbose_name = model_name
            action = codename.rsplit("_", 1)[0].replace("_", " ")
            permission = self.Permission.objects.create(
                content_type=content_type,
                codename=codename,
                name=f"Can {action} {verbose_name}"[:255],
            )
            self._permissions[(app_label, model_name, codename)] = permission
        return permission

    # -- the roles --------------------------------------------------------------------
    def run(self):
        """Returns ``(groups by role, workflow)``; the workflow is None when the configured
        task model is not in a historical registry yet (the next run completes it)."""
        groups = {
            role: self.Group.objects.get_or_create(name=group_name(role))[0] for role in ROLES
        }
        access_admin = self.permission(*ADMIN_ACCESS)

        # Model permissions on the moderated snippets.
        snippet_models = editorial_snippet_models(self.apps)
        for role, actions in SNIPPET_ACTIONS.items():
            wanted = [access_admin]
            for model in snippet_models:
                opts = model._meta
                wanted += [
                    self.permission(opts.app_label, opts.model_name, f"{action}_{opts.model_name}")
                    for action in actions
                ]
            groups[role].permissions.add(*wanted)
        # Model permissions on the kinds that are saved, not reviewed.
        for role, actions in STRUCTURE_ACTIONS.items():
            wanted = []
            for app_label, model_name in structure_models(self.apps):
                wanted += [
                    self.permission(app_label, model_name, f"{action}_{model_name}")
                    for action in actions
                ]
            groups[role].permissions.add(*wanted)
        # wagtail-localize's own migration creates its permission; a database flush (tests)
        # removes it and nothing recreates it. Created here under the very name that migration
        # gives it, so that its get_or_create finds this row whichever runs first.
        submit_translation = None
        if global_apps.is_installed("wagtail_localize"):
            submit_translation = self.Permission.objects.get_or_create(
                content_type=self.content_type(*TRANSLATION_PERMISSION[:2]),
                codename=TRANSLATION_PERMISSION[2],
                defaults={"name": "Can submit translations"},
            )[0]
        if submit_translation is not None:
            for role in TRANSLATION_ROLES:
                groups[role].permissions.add(submit_translation)
        # Administrators: every permission there is.
        groups[ADMINISTRATORS_ROLE].permissions.add(*self.Permission.objects.all())

        self.collection_permissions(groups)
        workflow = self.workflow([groups[role] for role in TASK_ROLES])
        if workflow is not None:
            self.assign_snippets(workflow, snippet_models)
        for page_id in root_pages(self.apps):
            self.attach_root_page(page_id, groups, workflow)
        return groups, workflow

    def attach_root_page(self, page_id, groups, workflow):
        GroupPagePermission = self.apps.get_model("wagtailcore", "GroupPagePermission")
        WorkflowPage = self.apps.get_model("wagtailcore", "WorkflowPage")
        for role, codenames in PAGE_PERMISSIONS.items():
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=groups[role],
                    page_id=page_id,
                    permission=self.permission("wagtailcore", "page", codename),
                )
        if workflow is not None:
            WorkflowPage.objects.get_or_create(page_id=page_id, defaults={"workflow": workflow})

    def collection_permissions(self, groups):
        from .files import file_collections

        GroupCollectionPermission = self.apps.get_model("wagtailcore", "GroupCollectionPermission")
        collections = file_collections(self.apps)
        if collections is None:
            return
        root, working, published = collections
        for collection, permissions in (
            (root, COLLECTION_PERMISSIONS),
            (working, WORKING_COLLECTION_PERMISSIONS),
            (published, PUBLISHED_COLLECTION_PERMISSIONS),
        ):
            for role, perms in permissions.items():
                for app_label, codename in perms:
                    model_name = codename.split("_", 1)[1]
                    GroupCollectionPermission.objects.get_or_create(
                        group=groups[role],
                        collection=collection,
                        permission=self.permission(app_label, model_name, codename),
                    )

    def task_model(self):
        try:
            return self.apps.get_model(conf.get("CMS_BLOCKS_REVIEW_TASK_MODEL"))
        except LookupError:
            return None

    def workflow(self, task_groups):
        TaskModel = self.task_model()
        if TaskModel is None:
            return None
        Workflow = self.apps.get_model("wagtailcore", "Workflow")
        WorkflowTask = self.apps.get_model("wagtailcore", "WorkflowTask")
        workflow = Workflow.objects.get_or_create(name=workflow_name(), defaults={"active": True})[
            0
        ]
        task = TaskModel.objects.filter(name=task_name()).first()
        if task is None:
            opts = TaskModel._meta
            task = TaskModel.objects.create(
                name=task_name(),
                active=True,
                content_type=self.content_type(opts.app_label, opts.model_name),
            )
        task.groups.add(*task_groups)
        if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
            WorkflowTask.objects.create(
                workflow=workflow,
                task=task,
                sort_order=WorkflowTask.objects.filter(workflow=workflow).count(),
            )
        return workflow

    def assign_snippets(self, workflow, snippet_models):
        WorkflowContentType = self.apps.get_model("wagtailcore", "WorkflowContentType")
        for model in snippet_models:
            opts = model._meta
            WorkflowContentType.objects.get_or_create(
                content_type=self.content_type(opts.app_label, opts.model_name),
                defaults={"workflow": workflow},
            )


def ensure_roles(apps=global_apps):
    """Create (or complete) the groups, their permissions and the review workflow.

    ``apps`` is the model registry: a migration passes its historical one.
    Returns ``(groups_by_name, workflow)``.
    """
    groups, workflow = _Roles(apps).run()
    return {group.name: group for group in groups.values()}, workflow


def revoke_former_editor_root_permissions(apps=global_apps):
    """Take back the editors' add, change and delete of images and documents on the root
    collection (what ensure_roles granted before the working and published collections):
    with them an editor could replace or delete a file that live content uses. Returns the
    number of grants removed."""
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    editors = Group.objects.filter(name=group_name(EDITORS_ROLE)).first()
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if editors is None or root is None:
        return 0
    removed = 0
    for app_label, codename in FORMER_EDITOR_ROOT_PERMISSIONS:
        removed += GroupCollectionPermission.objects.filter(
            group=editors,
            collection=root,
            permission__content_type__app_label=app_label,
            permission__codename=codename,
        ).delete()[0]
    return removed


def attach_root_page(page, apps=global_apps):
    """Give the groups their permissions on a (new) root page and assign it the workflow.

    Returns False, doing nothing, when the roles do not exist yet.
    """
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    by_name = {group.name: group for group in Group.objects.filter(name__in=group_names())}
    workflow = Workflow.objects.filter(name=workflow_name()).first()
    if workflow is None or len(by_name) < len(ROLES):
        return False
    groups = {role: by_name[group_name(role)] for role in ROLES}
    _Roles(apps).attach_root_page(page.pk, groups, workflow)
    return True


def ensure_roles_after_migrate(sender, using="default", apps=global_apps, **kwargs):
    """``post_migrate``: once per ``migrate`` (at the last app, when every app's permissions
    exist), on the default database."""
    if using != "default" or not conf.get("CMS_BLOCKS_ROLES_AFTER_MIGRATE"):
        return
    last = [config for config in global_apps.get_app_configs() if config.models_module][-1]
    if sender.label != last.label:
        return
    ensure_roles()

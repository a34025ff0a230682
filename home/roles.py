"""The micrositio's roles, as code: groups, their permissions and the review workflow.

``ensure_roles()`` is idempotent: it creates what is missing and never removes what an
administrator granted by hand, so running it again changes nothing. It runs

- from the data migration ``home/migrations/0003_roles.py`` (with the historical ``apps``),
- whenever a micrositio root (``HomePage``) is created (``home.signals``),
- from ``manage.py ensure_roles`` and ``manage.py create_demo_users``.

Plone's roles map onto Wagtail's like this:

============================  ============================================================
group                         may
============================  ============================================================
Editores (Comunicaciones)     add and edit pages under the micrositio and editorial
                              snippets, save drafts, submit them, lock their work, upload
                              and choose images and documents. Never publish, unpublish or
                              delete anything live.
Revisores (Transparencia)     approve (which publishes) or send back with a comment, at the
                              task of the workflow "Revisión del micrositio"; edit a draft
                              under review; unpublish; lock and unlock.
Administradores               everything (every permission), including approving or sending
                              back at the workflow's task and deleting live content.
============================  ============================================================
"""

from django.apps import apps as global_apps

EDITORS = "Editores (Comunicaciones)"
REVIEWERS = "Revisores (Transparencia)"
ADMINISTRATORS = "Administradores"
GROUPS = (EDITORS, REVIEWERS, ADMINISTRATORS)

WORKFLOW_NAME = "Revisión del micrositio"
TASK_NAME = "Aprobación de Revisores (Transparencia)"
# Who may approve or send back at the workflow's task. Administrators "may everything",
# as Plone's Manager may review; the e-mail on submission goes to both groups.
TASK_GROUPS = (REVIEWERS, ADMINISTRATORS)

# The editorial snippets (cms_blocks.models.EditorialSnippet subclasses) as (app_label, model).
# Listed, not discovered, because historical models in a migration lose their mixins; at run
# time ``editorial_snippet_models()`` adds any subclass missing here.
EDITORIAL_SNIPPETS = (
    ("cms_blocks", "commitment"),
    ("cms_blocks", "committee"),
    ("cms_blocks", "committeemember"),
    ("cms_blocks", "consultation"),
    ("cms_blocks", "monitorreport"),
    ("cms_blocks", "initiative"),
    ("cms_blocks", "institution"),
    ("cms_blocks", "cocreationfigure"),
    ("cms_blocks", "participantgroup"),
)

# Page permissions, granted on every micrositio root (HomePage) and so on the pages below it.
PAGE_PERMISSIONS = {
    EDITORS: ("add_page", "change_page", "lock_page"),
    REVIEWERS: ("change_page", "publish_page", "lock_page", "unlock_page"),
    ADMINISTRATORS: (
        "add_page",
        "bulk_delete_page",
        "change_page",
        "lock_page",
        "publish_page",
        "unlock_page",
    ),
}

# Image and document permissions on the root collection: (app_label, codename).
COLLECTION_PERMISSIONS = {
    EDITORS: (
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ),
    REVIEWERS: (
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "choose_document"),
    ),
    ADMINISTRATORS: (
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

# Actions on each editorial snippet model (codename = f"{action}_{model}"). Editors have no
# publish_* and no delete_*: Wagtail then offers them "save draft" and "submit" only.
SNIPPET_ACTIONS = {
    EDITORS: ("add", "change", "view", "lock"),
    REVIEWERS: ("change", "view", "publish", "lock", "unlock"),
    ADMINISTRATORS: ("add", "change", "delete", "view", "publish", "lock", "unlock"),
}

# Everyone in these groups may log in to the admin.
ADMIN_ACCESS = ("wagtailadmin", "admin", "access_admin")


def editorial_snippet_models(apps=global_apps):
    """The editorial snippet models: the listed ones plus, at run time, any other subclass."""
    models = [apps.get_model(app_label, name) for app_label, name in EDITORIAL_SNIPPETS]
    if apps is global_apps:
        from cms_blocks.models import EditorialSnippet

        for model in apps.get_models():
            if issubclass(model, EditorialSnippet) and model not in models:
                models.append(model)
    return models


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
        groups = {name: self.Group.objects.get_or_create(name=name)[0] for name in GROUPS}
        access_admin = self.permission(*ADMIN_ACCESS)

        # Model permissions on the editorial snippets.
        snippet_models = editorial_snippet_models(self.apps)
        for name, actions in SNIPPET_ACTIONS.items():
            wanted = [access_admin]
            for model in snippet_models:
                opts = model._meta
                wanted += [
                    self.permission(opts.app_label, opts.model_name, f"{action}_{opts.model_name}")
                    for action in actions
                ]
            groups[name].permissions.add(*wanted)
        # Administrators: every permission there is.
        groups[ADMINISTRATORS].permissions.add(*self.Permission.objects.all())

        self.collection_permissions(groups)
        workflow = self.workflow([groups[name] for name in TASK_GROUPS])
        self.assign_snippets(workflow, snippet_models)
        HomePage = self.apps.get_model("home", "HomePage")
        for root in HomePage.objects.all():
            self.attach_root_page(root, groups, workflow)
        return groups, workflow

    def attach_root_page(self, page, groups, workflow):
        GroupPagePermission = self.apps.get_model("wagtailcore", "GroupPagePermission")
        WorkflowPage = self.apps.get_model("wagtailcore", "WorkflowPage")
        for name, codenames in PAGE_PERMISSIONS.items():
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=groups[name],
                    page_id=page.pk,
                    permission=self.permission("wagtailcore", "page", codename),
                )
        WorkflowPage.objects.get_or_create(page_id=page.pk, defaults={"workflow": workflow})

    def collection_permissions(self, groups):
        Collection = self.apps.get_model("wagtailcore", "Collection")
        GroupCollectionPermission = self.apps.get_model("wagtailcore", "GroupCollectionPermission")
        root = Collection.objects.filter(depth=1).order_by("path").first()
        if root is None and self.apps is global_apps:
            # A flushed test database: Wagtail's migrations created it once.
            root = Collection.add_root(name="Root")
        if root is None:
            return
        for name, perms in COLLECTION_PERMISSIONS.items():
            for app_label, codename in perms:
                model_name = codename.split("_", 1)[1]
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[name],
                    collection=root,
                    permission=self.permission(app_label, model_name, codename),
                )

    def workflow(self, task_groups):
        Workflow = self.apps.get_model("wagtailcore", "Workflow")
        WorkflowTask = self.apps.get_model("wagtailcore", "WorkflowTask")
        ReviewTask = self.apps.get_model("home", "ReviewTask")
        workflow = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})[0]
        task = ReviewTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = ReviewTask.objects.create(
                name=TASK_NAME,
                active=True,
                content_type=self.content_type("home", "reviewtask"),
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
    return _Roles(apps).run()


def attach_root_page(page, apps=global_apps):
    """Give the groups their permissions on a (new) micrositio root and assign it the workflow.

    Returns False, doing nothing, when the roles do not exist yet.
    """
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    groups = {group.name: group for group in Group.objects.filter(name__in=GROUPS)}
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None or len(groups) < len(GROUPS):
        return False
    _Roles(apps).attach_root_page(page, groups, workflow)
    return True

"""The micrositio's roles: the extension's (``cms_blocks.moderation.roles``), under the names
the site sets (``CMS_BLOCKS_*_GROUP``, ``CMS_BLOCKS_WORKFLOW_NAME``... in
``ogp_site/settings/base.py``): Editores (Comunicaciones), Revisores (Transparencia),
Administradores, and the workflow "Revisión del micrositio" with the task ``home.ReviewTask``
on every ``HomePage``. This module only re-exports them for the site's code and tests.
"""

from cms_blocks.moderation.roles import (  # noqa: F401
    ADMIN_ACCESS,
    ADMINISTRATORS_ROLE,
    EDITORS_ROLE,
    REVIEWERS_ROLE,
    attach_root_page,
    editorial_snippet_models,
    ensure_roles,
    group_name,
    moderated_snippets,
    task_name,
    workflow_name,
)

EDITORS = group_name(EDITORS_ROLE)
REVIEWERS = group_name(REVIEWERS_ROLE)
ADMINISTRATORS = group_name(ADMINISTRATORS_ROLE)
GROUPS = (EDITORS, REVIEWERS, ADMINISTRATORS)
WORKFLOW_NAME = workflow_name()
TASK_NAME = task_name()
TASK_GROUPS = (REVIEWERS, ADMINISTRATORS)
# The moderated snippets as (app_label, model), from cms_blocks.registry.
EDITORIAL_SNIPPETS = moderated_snippets()

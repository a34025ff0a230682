"""The extension's settings: each is prefixed ``CMS_BLOCKS_`` and has a default that suits any
city (docs/adopting.md, "Settings"). Read them through :func:`get`, never from
``django.conf.settings`` with a default of one's own, so every default lives here.
"""

from django.conf import settings

DEFAULTS = {
    # The host site's base template, which cms_blocks/base.html extends (and only it).
    "CMS_BLOCKS_BASE_TEMPLATE": "base.html",
    # The site's public address (scheme://host[:port]); empty: the Wagtail Site's root URL.
    "CMS_BLOCKS_PUBLIC_URL": "",
    # Moderation (cms_blocks.moderation.roles): the names of the three groups, of the review
    # workflow and of its task; the task's model; the page types whose pages get the groups'
    # page permissions and the workflow (empty: the root page of every Site).
    "CMS_BLOCKS_EDITORS_GROUP": "Editores",
    "CMS_BLOCKS_REVIEWERS_GROUP": "Revisores",
    "CMS_BLOCKS_ADMINISTRATORS_GROUP": "Administradores",
    "CMS_BLOCKS_WORKFLOW_NAME": "Revisión editorial",
    "CMS_BLOCKS_REVIEW_TASK_NAME": "Aprobación de Revisores",
    "CMS_BLOCKS_REVIEW_TASK_MODEL": "wagtailcore.GroupApprovalTask",
    "CMS_BLOCKS_MODERATED_ROOT_PAGE_MODELS": (),
    # The collections under the root that moderate images and documents
    # (cms_blocks.moderation.files): editors upload to and change the working one; what live
    # content uses moves into the published one, which only reviewers and administrators change.
    "CMS_BLOCKS_WORKING_COLLECTION": "Archivos en preparación",
    "CMS_BLOCKS_PUBLISHED_COLLECTION": "Archivos publicados",
    # Create or complete the roles after every ``migrate`` (idempotent).
    "CMS_BLOCKS_ROLES_AFTER_MIGRATE": True,
    # A commitment's public history (cms_blocks.history) names who approved each publication
    # by their role group; with True, by their name too.
    "CMS_BLOCKS_HISTORY_SHOW_APPROVER_NAMES": False,
}


def get(name):
    """The value of the extension's setting ``name`` (its default when the site leaves it out)."""
    return getattr(settings, name, DEFAULTS[name])

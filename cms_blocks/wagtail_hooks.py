from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from .opendata.admin_views import ImportCommitmentsView, can_import
from .public_files import may_download
from .viewsets import OpenGovernmentViewSetGroup

register_snippet(OpenGovernmentViewSetGroup)


# -- CSV import of commitments and milestones (cms_blocks.opendata) ---------------------------


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path(
            "importar-compromisos/",
            ImportCommitmentsView.as_view(),
            name="cms_blocks_import_commitments",
        )
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Importar compromisos"),
        reverse("cms_blocks_import_commitments"),
        icon_name="upload",
        order=310,
    )


@hooks.register("before_serve_document")
def serve_only_published_documents(document, request):
    """A document uploaded for a draft is not public until something live uses it."""
    if not may_download(request.user, document):
        raise Http404

"""The site's API v2: pages and the extension's published snippets.

Images and documents have no endpoint: Wagtail's would list every file with its download URL,
including files uploaded only for drafts. The files a citizen may have are linked from the
pages and snippets that use them (``cms_blocks.public_files``).
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from cms_blocks.api import StrictParametersMixin, register_snippet_endpoints


class PublicPagesAPIViewSet(StrictParametersMixin, PagesAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
# Read-only endpoints for published snippets: commitments, institutions, committee-members,
# reports, consultations.
register_snippet_endpoints(api_router)

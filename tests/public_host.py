"""A public address other than the test client's host, applied as the site applies it."""

import pytest
from wagtail.models import Site

from cms_blocks.public_urls import apply_public_url_to_site

PUBLIC = "https://gobiernoabierto.example.org"
ADMIN = "https://admin.example.org"
# The host a request "happens to come to": an internal name, a proxy, a crafted header.
OTHER_HOST = "interno.example.net"


@pytest.fixture
def public_host(settings, seeded):
    """OGP_PUBLIC_URL (and the settings it feeds) = PUBLIC, written into the default Site."""
    settings.OGP_PUBLIC_URL = settings.CMS_BLOCKS_PUBLIC_URL = PUBLIC
    settings.WAGTAILAPI_BASE_URL = PUBLIC
    settings.WAGTAILADMIN_BASE_URL = ADMIN
    assert apply_public_url_to_site(PUBLIC)
    yield PUBLIC
    # The Site row goes back with the test's transaction; Wagtail's cached root paths do not.
    Site.clear_site_root_paths_cache()

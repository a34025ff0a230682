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
}


def get(name):
    """The value of the extension's setting ``name`` (its default when the site leaves it out)."""
    return getattr(settings, name, DEFAULTS[name])

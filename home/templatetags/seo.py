"""The ``<meta name="description">``, the canonical URL and the Open Graph / Twitter card of
every public page.

From the most specific text the page has: a Wagtail page's search description, then its
introduction; on a snippet's own page (the view puts it in the context as ``object``), its
summary or description; everywhere else (lists, search, forms) the site-wide description kept
in the entity's settings.

The canonical URL is absolute, on the public address (``cms_blocks.public_urls``; a Wagtail
page on its own Site's root, Wagtail's rule), with no query string but a page number above 1.
A preview has none, nor an ``og:url``: a draft is not public; nor do the search results,
which are kept out of the index.
"""

import re

from django import template
from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms_blocks.public_urls import public_url

register = template.Library()

MAX_LENGTH = 160  # what search engines show of a description
PAGE_FIELDS = ("search_description", "intro")
OBJECT_FIELDS = ("summary", "description", "results_summary", "question")


def _first_text(obj, fields):
    for field in fields:
        value = getattr(obj, field, None)
        if isinstance(value, str):
            text = " ".join(strip_tags(value).split())
            if text:
                return text
    return ""


def _site_description(request):
    if request is None:
        return ""
    from home.models import EntitySettings

    return EntitySettings.for_request(request).site_description


@register.simple_tag(takes_context=True)
def meta_description(context):
    """The page's description as plain text (escaped on output), at most 160 characters."""
    text = ""
    page = context.get("page")
    if page is not None:
        text = _first_text(page, PAGE_FIELDS)
    if not text and context.get("object") is not None:
        text = _first_text(context["object"], OBJECT_FIELDS)
    if not text:
        text = " ".join(_site_description(context.get("request")).split())
    return shorten(text)


def shorten(text, limit=MAX_LENGTH):
    """``text`` if it fits, else its first whole words that fit, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


SITE_NAME = "Gobierno Abierto Cartagena"  # as in base.html's <title>
DEFAULT_IMAGE = "img/og-default.png"  # 1200×630, shipped in ogp_site/static
DEFAULT_IMAGE_SIZE = (1200, 630)
PAGE_NUMBER = re.compile(r"^[0-9]{1,6}$")
# Pages about one thing (a page of the site, a commitment, a report): "article"; the rest
# (home, lists, search, forms): "website".
ARTICLE_OBJECTS = ("Commitment", "MonitorReport", "Committee", "Consultation")
# Pages kept out of the index (search/templates/search/search.html says noindex, robots.txt
# disallows them): a canonical URL would contradict that.
NOT_INDEXED_URL_NAMES = {"search"}


def is_preview(context):
    """A preview: a snippet's (the context says so) or a page's (Wagtail marks the request)."""
    return bool(context.get("is_preview") or getattr(context.get("request"), "is_preview", False))


def canonical_url(context):
    """The page's canonical address, or "" (previews; a page without a request)."""
    request = context.get("request")
    if request is None or is_preview(context):
        return ""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name in NOT_INDEXED_URL_NAMES:
        return ""
    page = context.get("page")
    url = ""
    if isinstance(page, Page) and (request.path == page.url or _served_elsewhere(request, page)):
        url = page.get_full_url(request=request) or ""
    if not url:
        url = public_url(request.path, request=request)
    number = request.GET.get("page", "")
    if PAGE_NUMBER.match(number) and int(number) > 1:
        url += f"?page={int(number)}"
    return url


def _served_elsewhere(request, page):
    """True for a page served at an address that is not its own, with no sub-route of its own:
    a Spanish page under /en/ (not translated yet), an English page reached by its Spanish
    slug. Its canonical address is its own, never the one it was reached by."""
    route = getattr(request, "_wagtail_route_for_request", None)
    if not route or route[0] is None or route[0].pk != page.pk:
        return False
    _page, args, kwargs = route
    return not args and not kwargs


def title_of(context):
    page = context.get("page")
    if page is not None:
        title = getattr(page, "seo_title", "") or getattr(page, "title", "")
    else:
        title = context.get("page_title") or ""
    return " ".join(str(title).split())


def og_type(context):
    page = context.get("page")
    if isinstance(page, Page):
        return "website" if page.depth <= 2 else "article"
    obj = context.get("object")
    if obj is not None and type(obj).__name__ in ARTICLE_OBJECTS:
        return "article"
    return "website"


@register.simple_tag(takes_context=True)
def social_meta(context):
    """What ``includes/head_meta.html`` writes: canonical, Open Graph and Twitter card."""
    request = context.get("request")
    title = title_of(context)
    image = static(DEFAULT_IMAGE)
    return {
        "is_preview": is_preview(context),
        "canonical": canonical_url(context),
        "title": f"{title} · {_(SITE_NAME)}" if title else _(SITE_NAME),
        "site_name": _(SITE_NAME),
        "description": meta_description(context),
        "type": og_type(context),
        "image": public_url(image, request=request) if request is not None else image,
        "image_width": DEFAULT_IMAGE_SIZE[0],
        "image_height": DEFAULT_IMAGE_SIZE[1],
        "image_alt": _("Gobierno Abierto Cartagena: plan de acción local"),
    }

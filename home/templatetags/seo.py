"""The ``<meta name="description">`` of every public page.

From the most specific text the page has: a Wagtail page's search description, then its
introduction; on a snippet's own page (the view puts it in the context as ``object``), its
summary or description; everywhere else (lists, search, forms) the site-wide description kept
in the entity's settings.
"""

from django import template
from django.utils.html import strip_tags

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

"""The language switcher, the ``hreflang`` alternates and the notice of a page shown in the
other language (issue 12; the rules are in ``home.languages``)."""

from django import template
from django.utils import translation

from cms_blocks.public_urls import public_url
from cms_blocks.templatetags.cms_blocks_i18n import bcp47
from home import languages

register = template.Library()


register.filter("bcp47", bcp47)


@register.simple_tag
def html_lang():
    """The ``lang`` of the page: the active language."""
    return bcp47(translation.get_language() or languages.default_language())


@register.simple_tag
def og_locale():
    """Open Graph's ``og:locale``: ``es_CO``, ``en``."""
    return html_lang().replace("-", "_")


@register.simple_tag(takes_context=True)
def page_language(context):
    """The ``lang`` of the page's own content (Spanish on a page not translated yet)."""
    page = _page(context)
    if page is not None and getattr(page, "locale_id", None):
        return bcp47(languages.language_of(page))
    return html_lang()


@register.inclusion_tag("home/includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    links = languages.switcher_links(request, _page(context), _snippet(context))
    for link in links:
        link["lang"] = bcp47(link["code"])
    return {"links": links}


@register.inclusion_tag("home/includes/language_alternates.html", takes_context=True)
def language_alternates(context):
    """``<link rel="alternate" hreflang>`` of each language the page really exists in, plus
    ``x-default`` (Spanish). A page shown in Spanish under /en/ (not translated yet) lists only
    its Spanish original: the fallback is not a translation."""
    if context.get("is_preview"):
        return {"alternates": []}
    request = context.get("request")
    page = _page(context)
    alternates = [
        {"hreflang": bcp47(link["code"]), "url": public_url(link["url"])}
        for link in languages.switcher_links(request, page, _snippet(context))
        if link["translated"]
    ]
    default = next(
        (a for a in alternates if a["hreflang"] == bcp47(languages.default_language())), None
    )
    if len(alternates) > 1 and default is not None:
        alternates.append({"hreflang": "x-default", "url": default["url"]})
    return {"alternates": alternates if len(alternates) > 1 else []}


@register.inclusion_tag("home/includes/language_notice.html", takes_context=True)
def language_notice(context):
    """On a page shown in a language it has no translation in: the notice, in the active
    language, with a link to the original."""
    page = _page(context)
    snippet = _snippet(context)
    if snippet is not None and not context.get("is_preview"):
        if not languages.snippet_is_fallback(snippet):
            return {"show": False}
        with translation.override(languages.default_language()):
            original_url = snippet.get_absolute_url()
        return {
            "show": True,
            "original_url": original_url,
            "original_lang": bcp47(languages.default_language()),
        }
    if page is None or not languages.is_fallback(page):
        return {"show": False}
    versions = languages.page_versions(page)
    original_language = languages.language_of(page)
    return {
        "show": True,
        "original_url": versions.get(original_language) or page.get_url(),
        "original_lang": bcp47(original_language),
    }


def _page(context):
    page = context.get("page")
    return page if getattr(page, "translation_key", None) else None


def _snippet(context):
    """The extension's snippet a snippet page shows (``object``), when no Wagtail page is."""
    if _page(context) is not None:
        return None
    obj = context.get("object")
    if getattr(obj, "translated_fields", None) and getattr(obj, "translation_key", None):
        return obj if hasattr(obj, "get_absolute_url") else None
    return None

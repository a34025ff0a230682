"""``{% load cms_blocks_i18n %}<p{% content_lang commitment %}>{{ commitment.title }}</p>``.

A site in two languages shows the extension's content (its snippets) in the language it was
written in while the interface around it follows the URL: under ``/en/`` a commitment's title
is still Spanish until a translation of it is published. ``content_lang`` marks such an
element with its own ``lang`` (` lang="es-MX"`) so that a screen reader reads it with the right
voice, and renders nothing when the content is in the active language (a Spanish page stays
as it was).

An object's language is the language of the translation whose text it shows
(``cms_blocks.translation``), else its Wagtail ``locale``'s (``locale_id``: pages and
snippets), else the source language, ``settings.LANGUAGE_CODE``. Without an object
(``{% content_lang %}``), the source language.

A locale's code is read without a query per object: from the object's loaded ``locale`` if it
has one, else from ``cms_blocks.translation.locale_code``'s per-process map.
"""

import logging

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from ..translation import locale_code

register = template.Library()
logger = logging.getLogger(__name__)


def bcp47(code):
    """``es-mx`` → ``es-MX``: a language code as HTML's ``lang`` writes it."""
    language, _sep, region = code.partition("-")
    return f"{language.lower()}-{region.upper()}" if region else language.lower()


def source_language():
    return settings.LANGUAGE_CODE


def content_language(obj=None):
    """The language code of ``obj``'s content (lower case, as Django writes it)."""
    translated = getattr(obj, "_translated_language", None)
    if translated is not None:  # showing its translation's text (cms_blocks.translation)
        return translated
    # Read from the loaded values only: a field left out by .only() costs no query here.
    locale_id = getattr(obj, "__dict__", {}).get("locale_id") if obj is not None else None
    if locale_id is None:
        return source_language().lower()
    state = getattr(obj, "_state", None)
    loaded = state.fields_cache.get("locale") if state is not None else None
    if loaded is not None and loaded.pk == locale_id:
        return loaded.language_code.lower()
    code = locale_code(locale_id)
    if code is None:
        logger.warning(
            "%r has locale_id %s, which is no Locale: taken as the source language",
            obj,
            locale_id,
        )
        return source_language().lower()
    return code.lower()


@register.simple_tag
def content_lang(obj=None):
    """`` lang="es-MX"`` when ``obj``'s content is not in the active language, else ``""``."""
    code = content_language(obj or None)
    active = (translation.get_language() or source_language()).lower()
    if code == active:
        return ""
    return format_html(' lang="{}"', bcp47(code))


@register.filter(needs_autoescape=True)
def lang_span(value, obj=None, autoescape=True):
    """``{{ milestone.title|lang_span:milestone }}``: the value in a ``<span lang>`` of its own
    when it shares an element with interface text and is not in the active language; else the
    value alone, exactly as ``{{ value }}`` writes it."""
    text = conditional_escape(value) if autoescape else value
    lang = content_lang(obj)
    if not lang:
        return mark_safe(text) if autoescape else text
    return mark_safe(f"<span{lang}>{text}</span>")

"""Pages in two languages (issue 12): which language a page is in, its versions in the other
languages, and where a visitor lands in each.

Spanish (``LANGUAGE_CODE``) is the source: every page exists in Spanish. An English page is a
translation (wagtail-localize) in the English tree, below the English home page. A page not
translated yet is still served under ``/en/``: the English routing falls back to the Spanish
tree (``home.models.HomePage.route``) and the page says it is shown in Spanish, with a link to
the original (``includes/language_notice.html``).

Nothing here costs a query on a warm request: the locales are kept per process (they change
only through the admin's Locales screen, which bumps the fragments' generation), and a page's
versions are kept in the cache with its route (``home.fragments``).
"""

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from cms_blocks.templatetags.cms_blocks_i18n import bcp47
from cms_blocks.translation import has_translation, is_translation_overlay


def default_language():
    return settings.LANGUAGE_CODE


def languages():
    """``[(code, name), ...]`` of the site's languages, Spanish first."""
    return list(settings.LANGUAGES)


def locale_codes():
    """``{locale id: language code}`` of every Wagtail locale, from the per-site cache."""
    from . import fragments

    def build():
        from wagtail.models import Locale

        return dict(Locale.objects.values_list("pk", "language_code"))

    return fragments.cached_global("locales", build)


def language_of(page):
    """The language of ``page``'s content: its locale's (the default one when unknown), but
    the Spanish original's for a page that only mirrors it (``has_own_content``)."""
    code = locale_codes().get(getattr(page, "locale_id", None), default_language())
    return code if has_own_content(page) else default_language()


def has_own_content(page):
    """False for a page of the English tree that only mirrors the Spanish one:

    - an alias: wagtail-localize, translating a page whose parents have no English version
      yet, creates those parents as live aliases of the Spanish ones (Spanish content);
    - a live page whose live content came from no revision: such an alias once converted
      into a translation (its English text is a draft until the reviewer approves it; what is
      live is still the alias's copy of the Spanish page). A page published through a
      revision has a ``live_revision``; aliases have none.
    """
    code = locale_codes().get(getattr(page, "locale_id", None), default_language())
    if code == default_language():
        return True
    if getattr(page, "alias_of_id", None) is not None:
        return False
    return not (getattr(page, "live", False) and getattr(page, "live_revision_id", 0) is None)


def is_fallback(page):
    """True when ``page`` is shown in a language other than its own (the active one has no
    translation of it yet)."""
    return page is not None and language_of(page) != translation.get_language()


def page_versions(page):
    """``{language code: URL}`` of ``page``'s live translations (``page`` itself included),
    as kept with its route, or read once (one query) for a page served otherwise."""
    kept = page.__dict__.get("_kept_versions")
    if kept is not None:
        return kept
    return read_page_versions(page)


def read_page_versions(page):
    if page.pk is None:
        return {}
    from wagtail.models import Page

    codes = locale_codes()
    versions = {}
    for version in Page.objects.filter(
        translation_key=page.translation_key, live=True, alias_of__isnull=True
    ).only("pk", "url_path", "locale_id", "depth", "path", "live", "live_revision_id"):
        if not has_own_content(version):
            continue  # still the Spanish page's copy: no version of its own
        url = version.get_url()
        if url:
            versions[codes.get(version.locale_id, default_language())] = url
    return versions


def keep_page_versions(page):
    """Read the page's versions once, to be kept with it in the route cache."""
    page._kept_versions = read_page_versions(page)


def spanish_url_in(path, language):
    """The address of a page of the Spanish tree (``path``, unprefixed) under ``language``'s
    prefix: ``/cocreacion/`` → ``/en/cocreacion/``. Django's ``translate_url`` resolves the
    path in the *active* language, where an unprefixed path does not match under /en/: it is
    resolved in the source language here."""
    with translation.override(default_language()):
        return translate_url(path, language)


def snippet_is_fallback(obj):
    """A translatable snippet shown under another language than its own without a published
    translation: its text is the source's (``cms_blocks.translation``)."""
    active = (translation.get_language() or default_language()).lower()
    return active != default_language().lower() and not is_translation_overlay(obj)


def fallback_crumbs(crumbs, page):
    """The breadcrumbs of ``page`` shown under another language than its own (not translated
    yet): each link under the active language's prefix, as the page itself is, and each title,
    written in the page's language, inside its own ``lang``."""
    from django.utils.html import format_html

    active = translation.get_language()
    lang = bcp47(language_of(page))
    return [
        (
            format_html('<span lang="{}">{}</span>', lang, title),
            spanish_url_in(url, active) if url else url,
        )
        for title, url in crumbs
    ]


def switcher_links(request, page=None, snippet=None):
    """``[{code, name, url, current, translated}, ...]``: where the language switcher takes
    the visitor, one entry a language.

    For a Wagtail page: its translation in that language, or, where it has none, the same
    page under that language's prefix (shown in Spanish with the notice). For any other
    public view: the same view under the other prefix (Django's ``translate_url``); a
    snippet's own page (``snippet``) counts as translated into the active language only when
    it shows a published translation.
    """
    active = translation.get_language()
    path = request.get_full_path() if request is not None else "/"
    versions = page_versions(page) if page is not None and page.pk else {}
    links = []
    for code, name in languages():
        if code in versions:
            url, translated = versions[code], True
        else:
            url, translated = translate_url(path, code), page is None
            if snippet is not None:
                translated = has_translation(snippet, code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "current": code == active,
                "translated": translated,
            }
        )
    return links

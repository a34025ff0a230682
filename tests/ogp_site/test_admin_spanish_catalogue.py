"""Wagtail's admin speaks Spanish: every message of the installed Wagtail apps and of
wagtail-localize has a Spanish translation (theirs, or the site's overrides in locale/es), the
JavaScript catalogue too, the committed .mo files match their .po, and the English detector of
the browser test (tests/browser/test_admin_spanish_browser.py) can tell the two languages apart.

No database and no browser: this is the fast check; the browser test is the proof on screen.
"""

import json
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.test import RequestFactory
from django.utils.translation import override, trans_real
from django.views.i18n import JavaScriptCatalog, JSONCatalog

from tests.browser.test_admin_spanish_browser import (
    ESSENTIAL,
    MARKUP,
    WORD,
    english_vocabulary,
    english_words,
)

SPANISH = "es-co"  # the admin's default language (LANGUAGE_CODE)
OVERRIDES = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"


def third_party_catalogues(domain):
    """(app label, locale dir, English .po) of each installed Wagtail / wagtail-localize app."""
    found = []
    for config in apps.get_app_configs():
        if (
            not config.name.startswith(("wagtail.", "wagtail_localize"))
            and config.name != "wagtail"
        ):
            continue
        english = Path(config.path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        if english.exists():
            found.append((config.name, Path(config.path) / "locale", english))
    return found


def is_english(text):
    """Still English: the detector finds an English word in it (so "No", "Error", "URL" or a
    string made only of placeholders, the same in Spanish, do not count)."""
    vocabulary = english_vocabulary()
    return any(word in vocabulary for word in WORD.findall(MARKUP.sub(" ", text)))


def untranslated(entries, translation):
    left = []
    for entry in entries:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.msgid_plural:
            forms = [(entry.msgid, 1), (entry.msgid_plural, 2)]
            got = [
                translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                if entry.msgctxt
                else translation.ngettext(entry.msgid, entry.msgid_plural, n)
                for _, n in forms
            ]
            sources = [source for source, _ in forms]
        else:
            got = [
                translation.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else translation.gettext(entry.msgid)
            ]
            sources = [entry.msgid]
        if any(
            result == source and is_english(source)
            for result, source in zip(got, sources, strict=True)
        ):
            left.append(entry.msgid)
    return left


def test_every_admin_message_has_spanish():
    catalogues = third_party_catalogues("django")
    assert {"wagtail.admin", "wagtail.snippets", "wagtail_localize"} <= {
        name for name, _, _ in catalogues
    }
    translation = trans_real.translation(SPANISH)  # what gettext uses under es-co
    left = {
        name: missing
        for name, _, english in catalogues
        if (missing := untranslated(polib.pofile(str(english)), translation))
    }
    assert not left, f"messages still in English under {SPANISH}: {left}"


@pytest.mark.parametrize("name", ["wagtail.admin", "wagtail_localize"])
def test_every_javascript_message_has_spanish(name):
    # Built as each app's JavaScriptCatalog view builds it: the package's catalogue, then
    # LOCALE_PATHS (locale/es/LC_MESSAGES/djangojs.mo).
    ((_, localedir, english),) = [c for c in third_party_catalogues("djangojs") if c[0] == name]
    translation = trans_real.DjangoTranslation(
        SPANISH, domain="djangojs", localedirs=[str(localedir)]
    )
    left = untranslated(polib.pofile(str(english)), translation)
    assert not left, f"{name}'s JavaScript messages still in English: {left}"


def test_the_admin_javascript_catalogue_serves_the_overrides():
    # Wagtail's admin view (wagtailadmin_javascript_catalog) is JavaScriptCatalog over
    # wagtail.admin; the block picker's search field reads "Search options…" from it.
    # JSONCatalog is the same view (it inherits the catalogue) and answers JSON.
    view = JSONCatalog.as_view(packages=["wagtail.admin"])
    assert issubclass(JSONCatalog, JavaScriptCatalog)
    with override(SPANISH):
        response = view(RequestFactory().get("/admin/jsi18n/"))
    assert response.status_code == 200
    catalog = json.loads(response.content)["catalog"]
    assert catalog["Search options…"] == "Buscar opciones…"
    assert catalog["%(num)s pixel"] == ["%(num)s píxel", "%(num)s píxeles"]


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_catalogue_is_up_to_date(domain):
    source = polib.pofile(str(OVERRIDES / f"{domain}.po"))
    compiled = polib.mofile(str(OVERRIDES / f"{domain}.mo"))

    def messages(entries):
        return {
            (entry.msgctxt, entry.msgid, entry.msgid_plural): (
                entry.msgstr,
                tuple(sorted(entry.msgstr_plural.items())),
            )
            for entry in entries
            if entry.msgid
            and "fuzzy" not in entry.flags
            and (entry.msgstr or any(entry.msgstr_plural.values()))
        }

    assert messages(compiled) == messages(source), (
        f"run: msgfmt -o locale/es/LC_MESSAGES/{domain}.mo locale/es/LC_MESSAGES/{domain}.po"
    )
    assert not [entry.msgid for entry in source if not entry.translated()]


def test_the_detector_knows_english_from_spanish():
    vocabulary = english_vocabulary()
    assert set(ESSENTIAL) <= vocabulary, set(ESSENTIAL) - vocabulary
    for english in (
        "7 Pages",
        "0 Images",
        "Search all pages…",
        "Wagtail 7.4.4 editor guide",
        "Search options…",
        "Save draft",
    ):
        assert english_words(english), english
    for spanish in (
        "7 Páginas",
        "0 Imágenes",
        "Buscar en todas las páginas…",
        "Guía para editores de Wagtail 7.4.4",
        "Buscar opciones…",
        "Guardar borrador",
        "No hay resultados. Error 404. URL. ID.",
    ):
        assert not english_words(spanish), spanish

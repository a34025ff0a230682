"""Chromium, issue 12: the language switcher on a translated page and on one not translated
yet, and 0 axe WCAG 2.1 A/AA violations on the English home, the English plan page, a page
shown in Spanish under /en/, /en/compromisos/, a translated and an untranslated commitment, the
English open data and the English search (normal and high-contrast modes)."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale
from wagtail_localize.operations import translate_object

from cms_blocks.models import Commitment
from home.models import ActionPlanPage, HomePage

pytestmark = pytest.mark.browser

EN_HOME_TITLE = "Open Government in Cartagena, in English"
EN_PLAN_TITLE = "Open Government Action Plan 2023"
EN_COMMITMENT_TITLE = "Technical support for community boards in public procurement"


def translate_and_publish(page, **fields):
    """wagtail-localize's translation of ``page`` into English, published as the reviewer's
    approval publishes it (the admin flow itself: tests/home/test_page_translation.py)."""
    english = Locale.objects.get(language_code="en")
    translate_object(page, [english])
    translated = page.get_translation(english).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return type(translated).objects.get(pk=translated.pk)  # its new URL path


@pytest.fixture
def translated_site(live_seeded):
    # A live-server test's flush removes the locale home migration 0009 creates, and
    # tests/conftest.py's ensure_seed puts back only the default one.
    Locale.objects.get_or_create(language_code="en")
    translate_and_publish(HomePage.objects.get(), title=EN_HOME_TITLE)
    plan = translate_and_publish(
        ActionPlanPage.objects.get(slug="plan-de-accion-2023"),
        title=EN_PLAN_TITLE,
        slug="action-plan-2023",
    )
    assert plan.url == "/en/action-plan-2023/"
    # A commitment (a snippet) translated the same way: an English draft, then approved.
    commitment = Commitment.objects.live().order_by("pk").first()
    english = Locale.objects.get(language_code="en")
    translate_object(commitment, [english])
    translated = commitment.get_translation(english)
    assert not translated.live
    translated.title = EN_COMMITMENT_TITLE
    translated.save_revision().publish()
    return live_seeded.url, plan.url


def switcher(page):
    return page.locator("nav.language-switcher")  # named «Idioma», "Language" in English


def test_the_switcher_goes_to_the_translation_and_back(translated_site, page):
    base, english_plan = translated_site
    page.goto(base + "/plan-de-accion-2023/")
    expect(page.locator("html")).to_have_attribute("lang", "es-CO")
    switcher(page).get_by_role("link", name="English").click()
    page.wait_for_url(base + english_plan)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text(EN_PLAN_TITLE)
    expect(page.locator(".language-notice")).to_have_count(0)
    expect(switcher(page).locator('[aria-current="true"]')).to_have_text("English")
    switcher(page).get_by_role("link", name="Español").click()
    page.wait_for_url(base + "/plan-de-accion-2023/")
    expect(page.locator("html")).to_have_attribute("lang", "es-CO")
    expect(page.locator("h1")).not_to_contain_text(EN_PLAN_TITLE)
    assert page.external_requests == []


def test_the_switcher_on_a_page_not_translated_yet_shows_it_in_spanish_with_the_notice(
    translated_site, page
):
    base, _english_plan = translated_site
    page.goto(base + "/cocreacion/")
    title = page.locator("h1").inner_text()
    switcher(page).get_by_role("link", name="English").click()
    page.wait_for_url(base + "/en/cocreacion/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    notice = page.locator(".language-notice")
    expect(notice).to_be_visible()
    expect(page.locator('main [lang="es-CO"] h1')).to_have_text(title)
    notice.get_by_role("link").click()
    page.wait_for_url(base + "/cocreacion/")
    expect(page.locator("html")).to_have_attribute("lang", "es-CO")
    expect(page.locator(".language-notice")).to_have_count(0)
    assert page.external_requests == []


def test_english_pages_pass_axe_in_both_contrast_modes(translated_site, page, axe_check):
    base, english_plan = translated_site
    pages = {
        "/en/": EN_HOME_TITLE,
        english_plan: EN_PLAN_TITLE,
        "/en/cocreacion/": None,  # shown in Spanish, with the notice
        "/en/compromisos/": EN_COMMITMENT_TITLE,
        "/en/datos/": None,
        "/en/buscar/?q=commitments": None,
    }
    translated, untranslated = Commitment.objects.live().order_by("pk")[:2]
    pages[f"/en/compromisos/{translated.slug}/"] = EN_COMMITMENT_TITLE
    pages[f"/en/compromisos/{untranslated.slug}/"] = None  # in Spanish, with the notice
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for contrast in ("normal", "alto"):
            page.goto(f"{base}/accesibilidad/?contraste={contrast}&next=/en/")
            page.wait_for_url(base + "/en/")
            for path, title in pages.items():
                page.goto(base + path)
                html = page.locator("html")
                expect(html).to_have_attribute("lang", "en")
                if contrast == "alto":
                    expect(html).to_have_class(re.compile(r"\bcontrast-high\b"))
                else:
                    expect(html).not_to_have_class(re.compile(r"\bcontrast-high\b"))
                if title and not path.startswith("/en/compromisos/"):
                    expect(page.locator("h1")).to_contain_text(title)
                elif title:  # the list or the commitment's own page: its English title
                    expect(page.locator("main")).to_contain_text(title)
                assert page.locator("h1").count() == 1
                axe_check(page)
    assert page.external_requests == []

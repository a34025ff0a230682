"""Chromium: the GOV.CO accessibility bar, with JavaScript (no reload) and without (a GET form
that sets the cookie and comes back); the choice persists across pages."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from home.models import EntitySettings
from ogp_site.accessibility import COOKIE_NAME

pytestmark = pytest.mark.browser

HIGH = re.compile(r"\bcontrast-high\b")


def preference_cookie(context):
    values = [c["value"] for c in context.cookies() if c["name"] == COOKIE_NAME]
    return values[0] if values else None


def root_font_size(page):
    return page.evaluate("() => getComputedStyle(document.documentElement).fontSize")


def contrast_button(page):
    return page.locator(".a11y-bar").get_by_role("button", name="Alto contraste")


def test_with_javascript_the_bar_applies_without_a_reload_and_persists(live_seeded, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_seeded.url + "/compromisos/")
    html = page.locator("html")
    expect(html).not_to_have_class(HIGH)
    # A value on window survives only if the click does not load another document.
    page.evaluate("() => { window.sameDocument = true; }")
    contrast_button(page).click()
    expect(html).to_have_class(HIGH)
    expect(contrast_button(page)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-a11y-status]")).to_have_text("Alto contraste activado")
    assert page.evaluate("() => window.sameDocument") is True
    assert page.url == live_seeded.url + "/compromisos/"
    assert preference_cookie(page.context) == "high-100"
    # High contrast: white on black, links in yellow.
    body = page.evaluate(
        "() => [getComputedStyle(document.body).backgroundColor,"
        " getComputedStyle(document.body).color]"
    )
    assert body == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]

    larger = page.get_by_role("button", name="A+ Aumentar el tamaño del texto")
    larger.click()
    larger.press("Enter")  # the keyboard works as the mouse does
    expect(html).to_have_class(re.compile(r"\btext-125\b"))
    expect(page.locator("[data-a11y-status]")).to_have_text("Tamaño del texto: 125 %")
    assert root_font_size(page) == "20px"
    assert preference_cookie(page.context) == "high-125"
    assert page.evaluate("() => window.sameDocument") is True

    # Another page: the server applies the cookie (the class is in the HTML itself).
    response = page.goto(live_seeded.url + "/informes/")
    assert 'class="contrast-high text-125"' in response.text()
    expect(html).to_have_class(HIGH)
    assert root_font_size(page) == "20px"

    # Back to the defaults: the cookie goes away.
    smaller = page.get_by_role("button", name="A− Reducir el tamaño del texto")
    smaller.click()
    smaller.click()
    expect(html).not_to_have_class(re.compile(r"\btext-"))
    expect(smaller).to_have_attribute("aria-disabled", "true")
    contrast_button(page).click()
    expect(html).not_to_have_class(HIGH)
    expect(contrast_button(page)).to_have_attribute("aria-pressed", "false")
    assert preference_cookie(page.context) is None
    assert page.external_requests == []


def test_without_javascript_the_bar_is_a_form_that_comes_back(live_seeded, browser):
    entity = EntitySettings.for_site(Site.objects.get(is_default_site=True))
    entity.relay_center_url = "https://centroderelevo.gov.co/"
    entity.save()
    context = browser.new_context(
        locale="es-CO", java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    try:
        page.goto(live_seeded.url + "/informes/?page=1")
        html = page.locator("html")
        relay = page.locator(".a11y-bar").get_by_role("link", name="Centro de Relevo")
        expect(relay).to_have_attribute("href", "https://centroderelevo.gov.co/")
        with page.expect_navigation():
            contrast_button(page).click()
        assert page.url == live_seeded.url + "/informes/?page=1"
        expect(html).to_have_class(HIGH)
        expect(contrast_button(page)).to_have_attribute("aria-pressed", "true")
        assert preference_cookie(context) == "high-100"

        with page.expect_navigation():
            page.get_by_role("button", name="A+ Aumentar el tamaño del texto").click()
        expect(html).to_have_class(re.compile(r"\bcontrast-high text-112\b"))
        expect(html).to_have_css("font-size", "18px")
        assert preference_cookie(context) == "high-112"

        # It persists on the other pages, and the way back works the same.
        page.goto(live_seeded.url + "/compromisos/")
        expect(html).to_have_class(re.compile(r"\bcontrast-high text-112\b"))
        with page.expect_navigation():
            contrast_button(page).click()
        expect(html).to_have_class("text-112")
        with page.expect_navigation():
            page.get_by_role("button", name="A− Reducir el tamaño del texto").click()
        assert page.url == live_seeded.url + "/compromisos/"
        expect(html).not_to_have_attribute("class", re.compile(r"\S"))
        assert preference_cookie(context) is None
    finally:
        context.close()


def test_the_largest_text_does_not_scroll_sideways_on_a_phone(live_seeded, browser):
    context = browser.new_context(locale="es-CO", viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": COOKIE_NAME, "value": "high-150", "url": live_seeded.url}])
    page = context.new_page()
    try:
        for path in ("/", "/compromisos/", "/planes/2023/", "/informes/"):
            page.goto(live_seeded.url + path)
            expect(page.locator("html")).to_have_css("font-size", "24px")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow == 0, f"{path}: {overflow}px"
    finally:
        context.close()

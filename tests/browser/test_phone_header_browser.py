"""Chromium: the phone-first header. At 390 px the main menu is one "Menú" disclosure (the
content starts on the first screen); at 1280 px it is a row of links. With JavaScript and
without, by keyboard, and as Chromium's own accessibility tree tells a screen reader."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def new_page(browser, viewport, javascript):
    context = browser.new_context(locale="es-CO", viewport=viewport, java_script_enabled=javascript)
    return context.new_page()


def menu_links(page):
    return page.locator("nav.main-nav li a")


def chromium_exposes_menu_link(page, name):
    """Whether Chromium's accessibility tree (what a screen reader gets) holds the link."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    return any(
        node.get("role", {}).get("value") == "link"
        and node.get("name", {}).get("value") == name
        and not node.get("ignored")
        for node in nodes
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "sin-js"])
def test_on_a_phone_the_menu_is_one_disclosure_and_the_content_starts_on_the_first_screen(
    live_seeded, browser, javascript
):
    page = new_page(browser, PHONE, javascript)
    try:
        page.goto(live_seeded.url + "/compromisos/")
        toggle = page.locator("nav.main-nav summary")
        expect(toggle).to_be_visible()
        expect(toggle).to_have_text("Menú")
        expect(menu_links(page).first).to_be_hidden()
        assert not chromium_exposes_menu_link(page, "Iniciativas")
        heading = page.locator("h1").bounding_box()
        assert heading["y"] + heading["height"] <= PHONE["height"], heading

        # By keyboard: Tab reaches the button (after the bar, the site's name and the search).
        toggle.focus()
        page.keyboard.press("Enter")
        expect(page.locator("nav.main-nav details")).to_have_attribute("open", "")
        count = menu_links(page).count()
        assert count >= 8  # home, the content pages, commitments, plans, reports, initiatives
        for index in range(count):
            expect(menu_links(page).nth(index)).to_be_visible()
        assert chromium_exposes_menu_link(page, "Iniciativas")
        page.keyboard.press("Tab")
        expect(menu_links(page).first).to_be_focused()
        if javascript:  # Escape closes it, back on its button
            page.keyboard.press("Escape")
            expect(menu_links(page).first).to_be_hidden()
            expect(toggle).to_be_focused()
        else:
            toggle.click()
            expect(menu_links(page).first).to_be_hidden()
    finally:
        page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "sin-js"])
def test_on_a_desktop_the_menu_is_a_row_of_links_with_no_button(live_seeded, browser, javascript):
    page = new_page(browser, DESKTOP, javascript)
    try:
        page.goto(live_seeded.url + "/compromisos/")
        expect(page.locator("nav.main-nav summary")).to_be_hidden()
        links = menu_links(page)
        count = links.count()
        assert count >= 8
        tops = set()
        for index in range(count):
            expect(links.nth(index)).to_be_visible()
            tops.add(round(links.nth(index).bounding_box()["y"]))
        assert len(tops) <= 2, tops  # rows of links side by side, not one link a line
        current = page.locator('nav.main-nav a[aria-current="page"]')
        expect(current).to_have_text("Compromisos")
        assert chromium_exposes_menu_link(page, "Iniciativas")
        # Keyboard: the links are tab stops right after the search button.
        page.locator(".site-search button").focus()
        page.keyboard.press("Tab")
        expect(links.first).to_be_focused()
        if javascript:  # the disclosure's state matches what is shown
            expect(page.locator("nav.main-nav details")).to_have_attribute("open", "")
    finally:
        page.context.close()

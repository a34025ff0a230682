"""Chromium: every public page type, on a phone and a desktop, in the normal and the
high-contrast mode of the accessibility bar, with 0 axe WCAG 2.1 A/AA violations, no request
to a third-party host, and no sideways scrolling; the skip link.

Set SCREENSHOT_DIR to keep a full-page screenshot of every page at both widths and modes.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cms_blocks.models import Commitment, Committee, Consultation, MonitorReport
from ogp_site.accessibility import COOKIE_NAME

pytestmark = pytest.mark.browser

WIDTHS = {"móvil": 390, "escritorio": 1280}
# The accessibility bar's modes, as its cookie names them (ogp_site.accessibility).
MODES = {"contraste normal": None, "alto contraste": "high-100"}
LOCAL = ("http://localhost", "http://127.0.0.1", "data:", "about:")


def public_pages():
    commitment = Commitment.objects.live().get(code="COCDI0001")
    return {
        "inicio": "/",
        "plan de acción": "/plan-de-accion-2023/",
        "página con el comité": "/comite-ciudadano/",
        "página de cocreación": "/cocreacion/",
        "lista de compromisos": "/compromisos/",
        "compromiso": commitment.get_absolute_url(),
        "lista de informes": "/informes/",
        "informe": MonitorReport.objects.live().order_by("pk").first().get_absolute_url(),
        "consulta": Consultation.objects.live().get().get_absolute_url(),
        "comité": Committee.objects.live().get().get_absolute_url(),
        "planes (archivo)": "/planes/",
        "plan": "/planes/2023/",
        "compromisos del plan": "/planes/2023/compromisos/",
        "comité del plan": "/planes/2023/comite/",
        "cocreación del plan": "/planes/2023/cocreacion/",
        "consultas del plan": "/planes/2023/consultas/",
        "informes del plan": "/planes/2023/informes/",
        "instituciones": "/instituciones/",
        "iniciativas": "/iniciativas/",
        "búsqueda": "/buscar/?q=compromiso",
        "404": "/no-existe-esta-pagina/",
    }


def new_recorded_page(browser, url, cookie):
    """A page of a context of its own, with the accessibility bar's cookie set (or none), that
    records every request leaving the machine (as the ``page`` fixture does)."""
    context = browser.new_context(locale="es-CO", viewport={"width": 390, "height": 844})
    if cookie:
        context.add_cookies([{"name": COOKIE_NAME, "value": cookie, "url": url}])
    page = context.new_page()
    page.external_requests = []

    def on_request(request):
        if not request.url.startswith(LOCAL):
            page.external_requests.append(request.url)

    page.on("request", on_request)
    return page


def test_public_pages_pass_axe_on_phone_and_desktop(live_seeded, browser, axe_check):
    """Every page type at both widths, in the normal and the high-contrast mode of the
    accessibility bar: one browser context per mode, each page once per width."""
    screenshots = os.environ.get("SCREENSHOT_DIR")
    failures = []
    external = []
    pages = public_pages()
    for mode_name, cookie in MODES.items():
        page = new_recorded_page(browser, live_seeded.url, cookie)
        try:
            for width_name, width in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": 900})
                for name, path in pages.items():
                    where = f"{name} ({width_name}, {mode_name}, {path})"
                    response = page.goto(live_seeded.url + path)
                    expected = 404 if name == "404" else 200
                    if response.status != expected:
                        failures.append(f"{where}: HTTP {response.status}")
                        continue
                    high = "contrast-high" in (page.locator("html").get_attribute("class") or "")
                    if high != bool(cookie):
                        failures.append(f"{where}: el modo de contraste no se aplicó")
                    if page.locator("h1").count() != 1:
                        failures.append(f"{where}: {page.locator('h1').count()} h1")
                    try:
                        axe_check(page)
                    except AssertionError as error:
                        failures.append(f"{where}:\n{error}")
                    overflow = page.evaluate(
                        "() => document.documentElement.scrollWidth"
                        " - document.documentElement.clientWidth"
                    )
                    if overflow > 0:
                        failures.append(f"{where}: {overflow}px de desplazamiento horizontal")
                    if screenshots:
                        Path(screenshots).mkdir(parents=True, exist_ok=True)
                        slug = "".join(c if c.isalnum() else "-" for c in f"{name}-{mode_name}")
                        page.screenshot(path=f"{screenshots}/{slug}-{width}.png", full_page=True)
            external += page.external_requests
        finally:
            page.context.close()
    assert external == []
    assert not failures, "\n\n".join(failures)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(live_seeded, page):
    page.goto(live_seeded.url + "/compromisos/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"text": "Saltar al contenido", "href": "#contenido"}
    expect(page.locator(".skip-link")).to_be_visible()  # shown while focused
    page.keyboard.press("Enter")
    expect(page.locator("main#contenido")).to_be_focused()
    # The next Tab goes to the first link inside main, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")

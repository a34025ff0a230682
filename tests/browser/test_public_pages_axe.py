"""Chromium: every public page type, on a phone and a desktop, with 0 axe WCAG 2.1 A/AA
violations, no request to a third-party host, and no sideways scrolling; the skip link.

Set SCREENSHOT_DIR to keep a full-page screenshot of every page at both widths.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cms_blocks.models import Commitment, Committee, Consultation, MonitorReport

pytestmark = pytest.mark.browser

WIDTHS = {"móvil": 390, "escritorio": 1280}


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


def test_public_pages_pass_axe_on_phone_and_desktop(live_seeded, page, axe_check):
    screenshots = os.environ.get("SCREENSHOT_DIR")
    failures = []
    for width_name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in public_pages().items():
            where = f"{name} ({width_name}, {path})"
            response = page.goto(live_seeded.url + path)
            expected = 404 if name == "404" else 200
            if response.status != expected:
                failures.append(f"{where}: HTTP {response.status}")
                continue
            if page.locator("h1").count() != 1:
                failures.append(f"{where}: {page.locator('h1').count()} h1")
            try:
                axe_check(page)
            except AssertionError as error:
                failures.append(f"{where}:\n{error}")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                failures.append(f"{where}: {overflow}px de desplazamiento horizontal")
            if screenshots:
                Path(screenshots).mkdir(parents=True, exist_ok=True)
                slug = "".join(c if c.isalnum() else "-" for c in name)
                page.screenshot(path=f"{screenshots}/{slug}-{width}.png", full_page=True)
    assert page.external_requests == []
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

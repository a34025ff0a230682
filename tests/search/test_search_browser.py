"""Chromium: every state of the search page passes axe (WCAG 2.1 A/AA) on a phone and a
desktop, without sideways scrolling or third-party requests, and works without JavaScript."""

import pytest

pytestmark = pytest.mark.browser

STATES = {
    "empty": "/buscar/",
    "results, filtered": "/buscar/?q=transparencia&tipo=iniciativa",
    "results, plan and axis": "/buscar/?q=transparencia&plan=2023&eje=transparencia",
    "results, page 2": "/buscar/?q=plan&page=2",
    "no results": "/buscar/?q=ornitorrinco&eje=transparencia",
    "common words only": "/buscar/?q=de+la+los",
    "hostile": "/buscar/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E" + "x" * 300,
}


def test_search_states_pass_axe(live_seeded, page, axe_check):
    failures = []
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in STATES.items():
            where = f"{name} ({width}px, {path[:60]})"
            response = page.goto(live_seeded.url + path)
            if response.status != 200:
                failures.append(f"{where}: HTTP {response.status}")
                continue
            if name == "results, page 2" and not page.locator("nav.pagination").count():
                failures.append(f"{where}: no pagination")
            try:
                axe_check(page)
            except AssertionError as error:
                failures.append(f"{where}:\n{error}")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                failures.append(f"{where}: {overflow}px of horizontal scrolling")
    assert page.external_requests == []
    assert not failures, "\n\n".join(failures)


def test_search_form_works_with_the_keyboard_and_no_javascript(live_seeded, browser):
    context = browser.new_context(java_script_enabled=False, locale="es-CO")
    page = context.new_page()
    try:
        page.goto(live_seeded.url + "/buscar/")
        page.get_by_label("¿Qué busca?").fill("CODIGOS QR")
        page.get_by_label("Tipo de contenido").select_option("iniciativa")
        page.get_by_label("¿Qué busca?").press("Enter")
        page.wait_for_url("**/buscar/?q=CODIGOS+QR&tipo=iniciativa&plan=&eje=&etiqueta=")
        first = page.locator(".search-result").first
        assert first.locator("h3 a").inner_text() == "Códigos QR"
        assert first.locator("mark").count() >= 2
        assert page.get_by_label("¿Qué busca?").input_value() == "CODIGOS QR"
    finally:
        context.close()

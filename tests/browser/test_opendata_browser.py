"""Chromium: /datos/, a plan's /planes/<plan>/datos/ and the printable QR sheets pass axe
(WCAG 2.1 AA); the files download; the QR sheets print only the sheet."""

import re

import pytest
from playwright.sync_api import expect

SLUG = "cocdi0001-juntas-accion-comunal-contratacion"


@pytest.mark.browser
def test_datos_has_no_axe_violations_and_downloads_work(live_seeded, page, axe_check):
    page.goto(live_seeded.url + "/datos/")
    expect(page.locator("h1")).to_have_text("Datos abiertos")
    # Open every data dictionary so that axe checks the tables too.
    for summary in page.locator("details > summary").all():
        summary.click()
    axe_check(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Comité Ciudadano de Seguimiento en CSV").click()
    download = download_info.value
    assert download.suggested_filename == "comite-seguimiento.csv"
    with open(download.path(), encoding="utf-8") as handle:
        content = handle.read()
    assert content.splitlines()[0] == "plan,nombre,sector,rol,comite"
    assert len(content.splitlines()) == 13
    assert page.external_requests == []


@pytest.mark.browser
def test_a_plans_datos_has_no_axe_violations_and_downloads_its_files(live_seeded, page, axe_check):
    page.goto(live_seeded.url + "/datos/")
    page.get_by_role(
        "link", name="Datos abiertos del Plan de Acción de Gobierno Abierto 2023"
    ).click()
    page.wait_for_url("**/planes/2023/datos/")
    expect(page.locator("h1")).to_contain_text("Datos abiertos")
    nav = page.locator("nav.plan-nav")
    expect(nav.get_by_role("link", name="Datos abiertos")).to_have_attribute("aria-current", "page")
    for summary in page.locator("details > summary").all():
        summary.click()
    axe_check(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Comité Ciudadano de Seguimiento en CSV").click()
    download = download_info.value
    assert download.suggested_filename == "comite-seguimiento-2023.csv"
    with open(download.path(), encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    assert lines[0] == "plan,nombre,sector,rol,comite"
    assert len(lines) == 13 and all(line.startswith("2023,") for line in lines[1:])
    assert page.external_requests == []


@pytest.mark.browser
def test_qr_sheets_pass_axe_and_print_only_the_sheet(live_seeded, page, axe_check):
    page.goto(live_seeded.url + f"/compromisos/{SLUG}/")
    page.get_by_role("link", name="Hoja para imprimir (carta, A4 o valla)").click()
    page.wait_for_url(f"**/compromisos/{SLUG}/qr/")
    image = page.locator(".qr-sheet-code img")
    expect(image).to_have_js_property("complete", True)
    expect(image).not_to_have_js_property("naturalWidth", 0)  # loaded, not broken
    axe_check(page)

    # Choose the billboard size with the keyboard only.
    page.locator("#tamano-valla").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/qr/?tamano=valla")
    expect(page.locator(".qr-sheet-landscape")).to_have_count(1)
    axe_check(page)

    page.emulate_media(media="print")
    expect(page.locator(".qr-sheet")).to_be_visible()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".qr-tools")).to_be_hidden()
    expect(page.locator("main > h1")).to_be_hidden()
    width_mm = image.evaluate("img => img.getBoundingClientRect().width * 25.4 / 96")
    assert width_mm > 400  # the billboard's QR is large (the sheet is 100 × 70 cm)

    # A page's sheet, reached from the page's footer (same live server: one seed load).
    page.emulate_media(media="screen")
    page.goto(live_seeded.url + "/plan-de-accion-2023/")
    page.get_by_role("link", name="Código QR de esta página").click()
    page.wait_for_url(re.compile(r"/qr/pagina/\d+/$"))
    expect(page.locator(".qr-sheet-title")).to_have_text("Plan de Acción de Gobierno Abierto 2023")
    axe_check(page)
    assert page.external_requests == []

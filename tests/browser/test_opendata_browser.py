"""Chromium: /datos/ and the printable QR sheets pass axe (WCAG 2.1 AA) and print only the sheet."""

import pytest

SLUG = "cocdi0001-juntas-accion-comunal-contratacion"


@pytest.mark.browser
def test_datos_has_no_axe_violations_and_downloads_work(live_seeded, page, axe_check):
    page.goto(live_seeded.url + "/datos/")
    assert page.locator("h1").inner_text() == "Datos abiertos"
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
    assert content.splitlines()[0] == "nombre,sector,rol,comite"
    assert len(content.splitlines()) == 13
    assert page.external_requests == []


@pytest.mark.browser
def test_qr_sheets_pass_axe_and_print_only_the_sheet(live_seeded, page, axe_check):
    page.goto(live_seeded.url + f"/compromisos/{SLUG}/")
    page.get_by_role("link", name="Hoja para imprimir (carta, A4 o valla)").click()
    assert page.url.endswith(f"/compromisos/{SLUG}/qr/")
    image = page.locator(".qr-sheet-code img")
    page.wait_for_function(
        "() => { const img = document.querySelector('.qr-sheet-code img');"
        " return img && img.complete && img.naturalWidth > 0; }"
    )
    axe_check(page)

    # Choose the billboard size with the keyboard only.
    page.locator("#tamano-valla").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/qr/?tamano=valla")
    assert page.locator(".qr-sheet-landscape").count() == 1
    axe_check(page)

    page.emulate_media(media="print")
    assert page.locator(".qr-sheet").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".qr-tools").is_visible()
    assert not page.locator("main > h1").is_visible()
    width_mm = image.evaluate("img => img.getBoundingClientRect().width * 25.4 / 96")
    assert width_mm > 400  # the billboard's QR is large (the sheet is 100 × 70 cm)

    # A page's sheet, reached from the page's footer (same live server: one seed load).
    page.emulate_media(media="screen")
    page.goto(live_seeded.url + "/plan-de-accion-2023/")
    page.get_by_role("link", name="Código QR de esta página").click()
    assert "/qr/pagina/" in page.url
    assert page.locator(".qr-sheet-title").inner_text() == "Plan de Acción de Gobierno Abierto 2023"
    axe_check(page)
    assert page.external_requests == []

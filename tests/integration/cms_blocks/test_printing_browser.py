"""Chromium: the printable commitment sheet on the seed's commitment passes axe (WCAG 2.1 A/AA)
on a phone and a desktop, requests nothing from another host, and prints on A4 and letter
with only the sheet (none of the site's header, menus or footer).

In the site's suite (the seed, the site's base template and its chrome): the extension's own
suite has no live server.
"""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from cms_blocks.models import Commitment

pytestmark = pytest.mark.browser

WIDTHS = {"móvil": 390, "escritorio": 1280}
MM_TO_CSS_PX = 96 / 25.4
SHEET_MAX_MM = 186  # the width letter and A4 share with 12 mm margins


def seed_commitment():
    return Commitment.objects.live().get(code="COCDI0001")


def test_sheet_passes_axe_on_phone_and_desktop(live_seeded, page, axe_check):
    commitment = seed_commitment()
    url = f"{live_seeded.url}/compromisos/{commitment.slug}/ficha/"
    for width in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(url)
        assert response.status == 200
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("h1")).to_have_text(commitment.title)
        qr = page.locator(".sheet-qr img")
        expect(qr).to_be_visible()
        assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
        axe_check(page)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{overflow}px de desplazamiento horizontal a {width}px"
    assert page.external_requests == []


def test_print_shows_only_the_sheet_within_the_shared_area(live_seeded, page):
    commitment = seed_commitment()
    page.goto(f"{live_seeded.url}/compromisos/{commitment.slug}/ficha/")
    page.emulate_media(media="print")
    expect(page.locator(".commitment-sheet")).to_be_visible()
    for chrome in (".site-header", ".site-footer", ".breadcrumbs", ".skip-link", ".sheet-tools"):
        expect(page.locator(chrome)).to_be_hidden()
    page.set_viewport_size({"width": 1280, "height": 900})
    width = page.locator(".commitment-sheet").evaluate("el => el.getBoundingClientRect().width")
    assert width <= SHEET_MAX_MM * MM_TO_CSS_PX + 0.5
    for paper in ("A4", "Letter"):
        # The page size comes from the print dialog (@page size: auto); Chromium takes it here.
        pdf = page.pdf(format=paper, prefer_css_page_size=False, print_background=True)
        reader = PdfReader(io.BytesIO(pdf))
        text = "\n".join(p.extract_text() for p in reader.pages)
        assert commitment.title.split()[0] in text
        assert "Saltar al contenido" not in text and "Mapa del sitio" not in text
        assert "Impreso el" in text

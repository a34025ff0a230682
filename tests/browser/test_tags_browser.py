"""Chromium: the tag pages (issue 11, part 3) and the milestones on a phone (part 5).

- /etiquetas/ and /etiquetas/<tag>/ at 390 and 1280 px: 0 axe WCAG 2.1 A/AA violations, one
  h1, no sideways scroll, no request to another host.
- The commitment list's tag filter, through its form (a GET, no script needed).
- A commitment's milestones: at 390 px each row is a block with its labels and nothing
  scrolls sideways; at 1280 px a table with its column headers; axe at both widths.
"""

import pytest
from playwright.sync_api import expect
from taggit.models import Tag

from cms_blocks.models import Commitment

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
SEED_TAG = "contratación pública"  # a tag of the seeded commitment COCDI0001


def overflow(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_tag_pages_pass_axe_at_both_widths(live_seeded, page, axe_check):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_seeded.url + "/etiquetas/")
        link = page.get_by_role("link", name=SEED_TAG, exact=True)
        expect(link).to_be_visible()
        assert page.locator("h1").count() == 1
        axe_check(page)
        assert overflow(page) <= 0, f"/etiquetas/ at {width}px scrolls sideways"
        link.click()
        page.wait_for_url("**/etiquetas/*/")
        expect(page.locator("h1")).to_contain_text(SEED_TAG)
        expect(page.locator(".commitment-card").first).to_be_visible()
        current = page.locator('.tag-list a[aria-current="page"]').first
        expect(current).to_have_text(SEED_TAG)
        assert page.locator("h1").count() == 1
        axe_check(page)
        assert overflow(page) <= 0, f"the tag page at {width}px scrolls sideways"
    assert page.external_requests == []


def test_commitment_list_filters_by_tag_through_its_form(live_seeded, page):
    commitment = Commitment.objects.live().get(code="COCDI0001")
    page.goto(live_seeded.url + "/compromisos/")
    page.get_by_label("Etiqueta").select_option(label=SEED_TAG)
    page.get_by_role("button", name="Filtrar").click()
    page.wait_for_url("**etiqueta=**")
    expect(page.locator(".commitment-card")).to_have_count(1)
    expect(page.locator(".commitment-card")).to_contain_text(commitment.title)
    expect(page.get_by_label("Etiqueta")).to_have_value(Tag.objects.get(name=SEED_TAG).slug)
    assert page.external_requests == []


def test_milestones_are_labelled_blocks_on_a_phone_and_a_table_on_a_desktop(
    live_seeded, page, axe_check
):
    commitment = Commitment.objects.live().get(code="COCDI0001")
    assert commitment.milestones.exists()
    url = live_seeded.url + commitment.get_absolute_url()

    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(url)
    row = page.locator("table.milestones tbody tr").first
    expect(row).to_be_visible()
    assert row.evaluate("el => getComputedStyle(el).display") == "block"
    expect(row.locator(".cell-label").first).to_be_visible()
    expect(row.locator(".cell-label").first).to_have_text("Producto esperado")
    # The header row is only visually hidden (1px, clipped): still in the accessibility tree.
    box = page.locator("table.milestones thead").bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1
    # The table still reads as a table with its column headers.
    expect(page.get_by_role("table", name="Hitos")).to_have_count(1)
    expect(page.get_by_role("columnheader", name="Estado")).to_have_count(1)
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("el => el.scrollWidth - el.clientWidth") <= 0
    assert overflow(page) <= 0
    axe_check(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    expect(page.locator("table.milestones thead th").first).to_be_visible()
    expect(row.locator(".cell-label").first).to_be_hidden()
    assert row.evaluate("el => getComputedStyle(el).display") == "table-row"
    axe_check(page)
    assert page.external_requests == []

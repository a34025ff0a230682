"""Chromium: the 2023 plan's dashboard (/planes/2023/avance/, and /avance/ as the current plan's)
on the seed passes axe (WCAG 2.1 A/AA) on a phone and a desktop, requests nothing from another
host, scrolls no page sideways, and draws its charts with their tables. Set SCREENSHOT_DIR to
keep a full-page screenshot at both widths.

In the site's suite (the seed, the site's base template and its chrome): the extension's own
suite has no live server.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WIDTHS = {"móvil": 390, "escritorio": 1280}
PATHS = ["/planes/2023/avance/", "/avance/"]


def test_dashboard_passes_axe_on_phone_and_desktop(live_seeded, page, axe_check):
    failures = []
    for width_name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        for path in PATHS:
            where = f"{path} ({width_name})"
            response = page.goto(live_seeded.url + path)
            assert response.status == 200, where
            expect(page.locator("h1")).to_have_count(1)
            expect(page.locator("h1")).to_contain_text("Avance")
            charts = page.locator("figure.chart svg[role=img]")
            expect(charts.first).to_be_visible()
            assert charts.count() == page.locator("figure.chart table caption").count()
            try:
                axe_check(page)
            except AssertionError as error:
                failures.append(f"{where}:\n{error}")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                failures.append(f"{where}: {overflow}px de desplazamiento horizontal")
            # A chart fits the page's width: its viewBox scales.
            box = charts.first.bounding_box()
            assert box["width"] <= width, where
            if os.environ.get("SCREENSHOT_DIR"):
                Path(os.environ["SCREENSHOT_DIR"]).mkdir(parents=True, exist_ok=True)
                name = path.strip("/").replace("/", "-")
                page.screenshot(
                    path=f"{os.environ['SCREENSHOT_DIR']}/{name}-{width}.png", full_page=True
                )
    assert page.external_requests == []
    assert not failures, "\n\n".join(failures)


def test_dashboard_is_reached_from_the_plans_navigation(live_seeded, page):
    page.goto(live_seeded.url + "/planes/2023/")
    page.locator(".plan-nav").get_by_role("link", name="Avance").click()
    page.wait_for_url("**/planes/2023/avance/")
    expect(page.locator(".plan-nav a[aria-current=page]")).to_have_text("Avance")
    expect(page.get_by_role("heading", name="Hitos retrasados")).to_be_visible()

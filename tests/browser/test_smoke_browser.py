import pytest
from playwright.sync_api import expect


@pytest.mark.browser
def test_home_has_no_axe_violations(live_seeded, page, axe_check):
    page.goto(live_seeded.url + "/")
    expect(page.locator("h1").first).to_be_visible()
    axe_check(page)
    assert page.external_requests == []

import pytest


@pytest.mark.browser
def test_home_has_no_axe_violations(live_seeded, page, axe_check):
    page.goto(live_seeded.url + "/")
    assert page.locator("h1").first.is_visible()
    axe_check(page)
    assert page.external_requests == []

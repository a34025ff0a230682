"""Browser tests wait on what the user waits on, never on a clock.

Every step waits for a state: a URL reached after a navigation (``page.wait_for_url``), the
response of the form a click posts (``page.expect_response``), an element that appears or
changes (``expect(locator)...``, which retries until it holds). The time limit below is only
how long a broken step may take to be reported: it is generous, so that a loaded machine (a
parallel ``make test``, two cores) never turns a working flow into a failure.
"""

import pytest
from playwright.sync_api import expect

BACKSTOP_MS = 60_000
PLAYWRIGHT_EXPECT_DEFAULT_MS = 5_000


@pytest.fixture(autouse=True)
def generous_time_limits(request):
    expect.set_options(timeout=BACKSTOP_MS)
    if "page" in request.fixturenames:
        request.getfixturevalue("page").set_default_timeout(BACKSTOP_MS)
    yield
    expect.set_options(timeout=PLAYWRIGHT_EXPECT_DEFAULT_MS)

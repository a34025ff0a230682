"""Shared fixtures.

- ``seeded``: the real plan content, loaded once per test database (session) for ``db`` tests.
- ``live_seeded``: the same content for transactional / live-server tests, which Django
  flushes after each test (so it is reloaded each time).
- ``browser`` / ``page``: Debian Chromium through Playwright. Locally the browser tests skip
  when /usr/bin/chromium is missing; with CI=true they fail instead.
- ``axe_check``: runs axe-core (WCAG 2.1 A/AA) on a Playwright page.
"""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop + Django ORM

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
IN_CI = os.environ.get("CI", "").lower() == "true"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def ensure_seed():
    """Load the seed content, recreating what a flush removed (root page, locale, site)."""
    from django.conf import settings
    from wagtail.models import Locale, Page

    from home.seed.loader import SeedLoader

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:  # English too (home migration 0009)
        Locale.objects.get_or_create(language_code=code)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root"))
    try:
        from home.roles import ensure_roles  # moderation: groups and workflow
    except ImportError:  # pragma: no cover - before moderation exists
        ensure_roles = None
    if ensure_roles:
        ensure_roles()
    SeedLoader(log=lambda message: None).run()


_TEST_DB_READY = []  # set once the session's test database exists and holds the seed


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.conf import settings

    if "home" not in settings.INSTALLED_APPS:  # the extension's test site (tests/cms_blocks)
        return
    with django_db_blocker.unblock():
        ensure_seed()
    _TEST_DB_READY.append(True)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Put the seed back after a transactional (live-server) test flushed it.

    Such a test empties the database when it ends, and the next ``seeded`` test or Django
    TestCase in the same worker would find no content. This runs before the next test's
    fixtures, so the seed is committed outside that test's transaction.
    """
    if not _TEST_DB_READY:
        return
    from django.test import TestCase

    uses_seed = "seeded" in getattr(item, "fixturenames", ()) or (
        getattr(item, "cls", None) is not None and issubclass(item.cls, TestCase)
    )
    if not uses_seed:
        return
    from pytest_django.plugin import blocking_manager_key

    from home.models import HomePage

    with item.config.stash[blocking_manager_key].unblock():
        if not HomePage.objects.exists():
            ensure_seed()


@pytest.fixture(autouse=True)
def _source_language():
    """Each test starts in the source language: a request under /en/ leaves English active in
    its thread (as Django's LocaleMiddleware does), which code outside a request, a form
    validated in a test, would otherwise inherit from the previous test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield


@pytest.fixture(autouse=True)
def _forget_cached_sites():
    """Wagtail caches the list of Sites, and a test's rollback does not clear that cache: a
    Site one test created would outlive it (``page.url`` turns absolute in the next test)."""
    yield
    from wagtail.models import Site

    Site.clear_site_root_paths_cache()
    from home import fragments  # imports no model: fine on the extension's test site

    fragments.bump()  # the cached menu and settings must not outlive the test either
    from ogp_site import page_cache

    page_cache.bump()  # nor the cached pages, which a rollback sends no signal for
    from cms_blocks import translation

    translation.forget_all()  # nor the cached text of translated snippets


@pytest.fixture
def seeded(db):
    """The seed content (already loaded for the session's database)."""
    from home.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def live_seeded(transactional_db, live_server, settings):
    # The public address is the live server's, so that links in e-mails, QR codes and feeds
    # open there (the seed writes it into the Site, as load_plan does).
    settings.OGP_PUBLIC_URL = settings.CMS_BLOCKS_PUBLIC_URL = live_server.url
    settings.WAGTAILAPI_BASE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    ensure_seed()
    yield live_server
    from wagtail.models import Site

    Site.clear_site_root_paths_cache()  # the flush removes the Site, not Wagtail's cache of it


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if IN_CI:
            pytest.fail(f"Chromium is required in CI and was not found at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="es-CO", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Record any request that leaves this machine: public pages must make none.
    page.external_requests = []

    def on_request(request):
        url = request.url
        if not url.startswith(("http://localhost", "http://127.0.0.1", "data:", "about:")):
            page.external_requests.append(url)

    page.on("request", on_request)
    yield page
    context.close()


@pytest.fixture
def axe_check():
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        violations = results.response["violations"]
        assert violations == [], results.generate_report()
        return results

    return check

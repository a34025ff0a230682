"""Logging into Wagtail's admin in Chromium and acting as its users do, waiting on states."""

import re
from urllib.parse import urljoin

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from .conftest import BACKSTOP_MS

PASSWORD = "clave-de-prueba-9"
LOCAL_PREFIXES = ("http://localhost", "http://127.0.0.1", "data:", "about:", "blob:")
EDIT_URL = re.compile(r"/admin/(pages/\d+/edit|snippets/[\w-]+/[\w-]+/edit/[^/]+)/(\?.*)?$")


def make_user(username, group):
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.org",
        first_name=username.capitalize(),
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def record_external_requests(page):
    """Like the ``page`` fixture: ``page.external_requests`` lists third-party requests."""
    page.external_requests = []

    def on_request(request):
        if not request.url.startswith(LOCAL_PREFIXES):
            page.external_requests.append(request.url)

    page.on("request", on_request)
    return page


def admin_page(browser, base_url, username):
    """A desktop browser context logged in through /admin/login/."""
    context = browser.new_context(locale="es-CO", viewport={"width": 1280, "height": 900})
    page = record_external_requests(context.new_page())
    page.set_default_timeout(BACKSTOP_MS)
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
    return page


def open_editor(page, link):
    """Follow a link to an editor and wait until its scripts have run (the ``load`` event):
    the footer's menu, the workflow buttons and the choosers only work from then on."""
    link.click()
    page.wait_for_url(EDIT_URL, wait_until="load")


def footer_actions(page):
    """Open the editor's "more actions" menu and return its visible action buttons, once the
    menu is open (it opens with an animation)."""
    toggle = page.get_by_role("button", name="Más acciones")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    actions = page.locator("footer button:visible")
    expect(actions.filter(has_text=re.compile(r"\S")).first).to_be_visible()
    return actions


def is_edit_form_post(response):
    request = response.request
    return request.method == "POST" and bool(
        re.search(
            r"/admin/(pages/\d+/edit|pages/add/[^?]+|snippets/.+/(edit/[^/?]+|add))/?(\?locale=[\w-]+)?$",
            request.url,
        )
    )


def submit_editor(page, click):
    """Run ``click`` (a click that posts the editor's form, maybe through a dialog), wait for
    the server's answer and for the page it redirects to; return that page's URL.

    A form that comes back (200: validation errors, a lock) or a server error fails here, with
    what the server said, instead of as a missing message later on.
    """
    with page.expect_response(is_edit_form_post) as posted:
        click()
    response = posted.value
    if response.status != 302:
        text = page.locator("body").inner_text() if response.status == 200 else response.text()
        raise AssertionError(f"the editor's POST answered {response.status}:\n{text[:2000]}")
    target = urljoin(response.url, response.headers["location"])
    page.wait_for_url(lambda url: url.split("#")[0] == target)
    return target

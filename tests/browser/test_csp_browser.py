"""Chromium under the site's Content-Security-Policy: the main public page types (anonymous and
with an editor's userbar) and the Wagtail admin (dashboard, page editor with a block inserted,
preview, snippet editor, image upload, chooser) load with no CSP violation reported.

Violations are caught two ways: the page's ``securitypolicyviolation`` events (recorded by an
init script from the first byte) and Chromium's console errors that name the policy.
"""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from cms_blocks.models import Commitment, Consultation, MonitorReport
from home.models import HomePage

from .conftest import BACKSTOP_MS

pytestmark = pytest.mark.browser

PASSWORD = "clave-de-prueba-csp-9"

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || document.location.pathname}:${event.lineNumber}`
    + (event.sample ? ` («${event.sample}»)` : "")
  );
}, true);
"""


def watch(context):
    """Record every CSP violation and policy console error of every page of ``context``."""
    found = []
    context.add_init_script(RECORD_VIOLATIONS)

    def on_console(message):
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or "policy" in text):
            found.append(f"console: {text}")

    context.on("page", lambda page: page.on("console", on_console))
    return found


def collect(page, found, where):
    violations = page.evaluate("() => window.__cspViolations || []")
    found.extend(f"{where}: {violation}" for violation in violations)


def visit(page, url, found, expected=200):
    response = page.goto(url)
    assert response.status == expected, f"{url}: HTTP {response.status}"
    assert "Content-Security-Policy" in {name.title() for name in response.headers}
    page.wait_for_load_state("networkidle")
    collect(page, found, url)


def public_paths():
    return [
        "/",
        "/plan-de-accion-2023/",
        "/cocreacion/",
        "/compromisos/",
        Commitment.objects.live().get(code="COCDI0001").get_absolute_url(),
        # The printable QR sheet has an inline <style> (its paper size): it needs the nonce.
        Commitment.objects.live().get(code="COCDI0001").get_absolute_url() + "qr/",
        "/informes/",
        MonitorReport.objects.live().order_by("pk").first().get_absolute_url(),
        Consultation.objects.live().get().get_absolute_url(),
        "/datos/",
        "/buscar/?q=compromiso",
        "/denuncias/nueva/",
        "/api/v2/pages/",  # Django REST framework's browsable page
    ]


def login(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def test_public_pages_have_no_csp_violation(live_seeded, browser):
    context = browser.new_context(locale="es-CO")
    found = watch(context)
    page = context.new_page()
    for path in public_paths():
        visit(page, live_seeded.url + path, found)
    visit(page, live_seeded.url + "/no-existe-esta-pagina/", found, expected=404)
    context.close()
    assert found == []


def test_admin_and_userbar_have_no_csp_violation(live_seeded, browser):
    base = live_seeded.url
    get_user_model().objects.create_superuser("csp-admin", "csp@example.org", PASSWORD)
    context = browser.new_context(locale="es-CO", viewport={"width": 1280, "height": 900})
    found = watch(context)
    page = context.new_page()
    page.set_default_timeout(BACKSTOP_MS)
    visit(page, f"{base}/admin/login/", found)
    login(page, base, "csp-admin")
    collect(page, found, "/admin/ (after login)")

    # The public home page with the signed-in editor's userbar.
    visit(page, f"{base}/", found)
    page.locator("wagtail-userbar button").first.click()
    expect(page.locator("#wagtail-userbar-trigger")).to_have_attribute("aria-expanded", "true")
    collect(page, found, "/ (userbar open)")

    home = HomePage.objects.get()
    commitment = Commitment.objects.live().get(code="COCDI0001")
    visit(page, f"{base}/admin/pages/{home.pk}/edit/", found)
    # Insert a block: the StreamField's JavaScript renders the new block's form.
    page.get_by_role("button", name="Insertar un bloque").first.click()
    page.get_by_role("option", name="Compromiso", exact=True).click()
    page.get_by_role("button", name="Seleccionar compromiso").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("link", name=commitment.title[:40]).click()
    expect(modal).to_be_hidden()
    collect(page, found, "page editor + chooser")
    # The live preview panel (an iframe under /admin/).
    # The panel posts the form, then loads the preview into an iframe: wait for that page.
    with page.expect_response(lambda r: "/edit/preview/" in r.url and r.request.method == "GET"):
        page.get_by_role("button", name="Vista previa").first.click()
    collect(page, found, "page editor + preview")

    visit(page, f"{base}/admin/snippets/cms_blocks/commitment/edit/{commitment.pk}/", found)
    expect(page.locator("form[data-edit-form]")).to_be_visible()
    collect(page, found, "snippet editor")
    visit(page, f"{base}/admin/images/multiple/add/", found)
    visit(page, f"{base}/admin/pages/", found)
    context.close()
    assert found == []

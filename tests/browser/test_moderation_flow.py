"""The whole moderation flow in Chromium, for a page and for a commitment snippet: the editor
composes and submits (and cannot publish), the revisor sends back with a comment, the editor
sees it, fixes and resubmits, the revisor approves, and the public URL shows the result."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from cms_blocks.models import Commitment, Committee
from home.models import ContentPage, HomePage
from home.roles import EDITORS, REVIEWERS

from .admin_helpers import admin_page, footer_actions, make_user, open_editor, submit_editor

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def no_autosave(settings):
    """Wagtail's autosave (a background save every 500 ms of typing) races with the clicks
    of a test that types and submits at machine speed; it is not what these tests are about."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


SUBMITTED_PAGE = re.compile("enviada para (ser moderada|moderación)")
SEND_BACK_COMMENT = "Falta una introducción que diga para qué sirve la página."


def choose(page, button, item):
    """Open a chooser, wait for its dialog and pick an item; the dialog closes.

    Waits on what the editor waits on: the chooser widget wired to its button (Wagtail's
    script sets ``widget`` on the ``.chooser`` element once its click handler is attached),
    then the server's answer to the dialog's request, then the dialog itself.
    """
    trigger = page.get_by_role("button", name=button)
    chooser = trigger.locator(
        "xpath=ancestor::div[contains(concat(' ', @class, ' '), ' chooser ')]"
    )
    page.wait_for_function("el => Boolean(el.widget)", arg=chooser.last.element_handle())
    with page.expect_response(
        lambda r: "/choose" in r.url and r.request.method == "GET"
    ) as answered:
        trigger.click()
    assert answered.value.status == 200, f"the chooser answered {answered.value.status}"
    modal = page.locator(".modal-dialog")
    expect(modal).to_be_visible()
    modal.get_by_role("link", name=item).click()
    expect(modal).to_be_hidden()


def run_action(page, label):
    """Click an action of the editor's footer menu; it posts the form."""
    submit_editor(page, lambda: footer_actions(page).filter(has_text=label).click())


def send_back(page, comment):
    footer_actions(page).filter(has_text="Solicitar cambios").click()
    modal = page.locator(".modal-dialog")
    # An empty comment is refused, with a Spanish message, and nothing is sent.
    modal.get_by_role("button", name="Solicitar cambios").click()
    expect(modal).to_contain_text("para devolver se requiere un comentario")
    modal.get_by_label("Comentario para quien editó").fill(comment)
    # The dialog's form is checked by the server (an XHR); when it is valid, the editor's
    # own form is posted with the action, and the browser follows the redirect.
    submit_editor(page, lambda: modal.get_by_role("button", name="Solicitar cambios").click())
    expect(page.locator(".messages")).to_contain_text("actualizad")


def approve(page):
    # At the workflow's last task Wagtail labels it "Aprobar y Publicar".
    run_action(page, re.compile(r"^\s*Aprobar y Publicar\s*$"))
    expect(page.locator(".messages")).to_contain_text("actualizad")


def open_from_queue(page, base_url, title):
    """The revisor finds the item in "awaiting your review" on the dashboard."""
    page.goto(f"{base_url}/admin/")
    queue = page.locator("#awaiting-review-section")
    expect(queue).to_contain_text(title)
    expect(queue).to_contain_text("Editor")  # who submitted it
    open_editor(page, queue.get_by_role("link", name=title))


def open_sent_back(page, base_url, title):
    """The editor sees the comment on the dashboard and at the top of the editor."""
    page.goto(f"{base_url}/admin/")
    panel = page.locator("#sent-back-to-me-section")
    expect(panel).to_contain_text(SEND_BACK_COMMENT)
    open_editor(page, panel.get_by_role("link", name=title))
    expect(page.locator(".messages")).to_contain_text(SEND_BACK_COMMENT)


def assert_cannot_publish(page):
    actions = footer_actions(page)
    expect(actions.filter(has_text="Enviar a Revisión del micrositio")).to_be_visible()
    names = [actions.nth(i).get_attribute("name") for i in range(actions.count())]
    assert "action-submit" in names
    assert "action-publish" not in names
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Más acciones")).to_have_attribute(
        "aria-expanded", "false"
    )


def test_page_flow_editor_revisor_public(live_seeded, browser, page):
    base = live_seeded.url
    make_user("editor", EDITORS)
    make_user("revisor", REVIEWERS)
    home = HomePage.objects.get()
    commitment = Commitment.objects.live().get(code="COCDI0001")
    committee = Committee.objects.live().first()
    title = "Seguimiento al compromiso de las Juntas de Acción Comunal"

    # 1. The editor composes a page with a commitment block and a committee roster.
    editor = admin_page(browser, base, "editor")
    editor.goto(f"{base}/admin/pages/add/home/contentpage/{home.pk}/")
    editor.fill("#id_title", title)
    editor.get_by_role("button", name="Insertar un bloque").click()
    editor.get_by_role("option", name="Compromiso", exact=True).click()
    choose(editor, "Seleccionar compromiso", commitment.title[:40])
    editor.get_by_role("button", name="Insertar un bloque").last.click()
    editor.get_by_role("option", name="Integrantes del comité", exact=True).click()
    choose(editor, "Seleccionar comité", committee.name)
    assert_cannot_publish(editor)
    run_action(editor, "Enviar a Revisión del micrositio")
    expect(editor.locator(".messages")).to_contain_text(SUBMITTED_PAGE)
    new_page = ContentPage.objects.get(title=title)
    assert not new_page.live
    # The path only: Wagtail makes the URL absolute when it knows several sites.
    public_url = f"{base}{urlsplit(new_page.get_full_url()).path}"
    assert page.goto(public_url).status == 404

    # 2. The revisor sends it back with a comment.
    revisor = admin_page(browser, base, "revisor")
    open_from_queue(revisor, base, title)
    send_back(revisor, SEND_BACK_COMMENT)

    # 3. The editor sees the comment, fixes the page and resubmits.
    open_sent_back(editor, base, title)
    editor.fill("#id_intro", "Cómo avanza el compromiso COCDI0001 y quiénes lo vigilan.")
    run_action(editor, "Reenviar")
    expect(editor.locator(".messages")).to_contain_text(SUBMITTED_PAGE)
    assert page.goto(public_url).status == 404  # still not public

    # 4. The revisor approves.
    open_from_queue(revisor, base, title)
    approve(revisor)

    # 5. Anyone sees the page at its public URL, with both blocks.
    response = page.goto(public_url)
    assert response.status == 200
    expect(page.locator("h1")).to_have_text(title)
    body = page.locator("main")
    expect(body).to_contain_text("Cómo avanza el compromiso COCDI0001")
    expect(body).to_contain_text(commitment.title)
    expect(body).to_contain_text(committee.members.live().first().name)
    assert page.external_requests == []


def test_commitment_flow_editor_revisor_public(live_seeded, browser, page):
    base = live_seeded.url
    make_user("editor", EDITORS)
    make_user("revisor", REVIEWERS)
    title = "Datos abiertos de la contratación de las Juntas de Acción Comunal"
    slug = "datos-abiertos-juntas"

    # 1. The editor writes a new commitment and submits it; publishing is not offered.
    editor = admin_page(browser, base, "editor")
    editor.goto(f"{base}/admin/snippets/cms_blocks/commitment/add/")
    editor.fill("#id_title", title)
    editor.fill("#id_slug", slug)
    editor.fill("#id_summary", "Publicar en datos abiertos lo contratado.")
    assert_cannot_publish(editor)
    run_action(editor, "Enviar a Revisión del micrositio")
    expect(editor.locator(".messages")).to_contain_text("enviado a revisión")
    commitment = Commitment.objects.get(slug=slug)
    assert not commitment.live
    public_url = f"{base}/compromisos/{slug}/"
    assert page.goto(public_url).status == 404

    # 2. The revisor sends it back with a comment.
    revisor = admin_page(browser, base, "revisor")
    open_from_queue(revisor, base, title)
    send_back(revisor, SEND_BACK_COMMENT)

    # 3. The editor sees the comment, fixes and resubmits.
    open_sent_back(editor, base, title)
    editor.fill("#id_summary", "Publicar cada trimestre, en datos abiertos, lo contratado.")
    run_action(editor, "Reenviar")
    expect(editor.locator(".messages")).to_contain_text("enviado a revisión")
    assert page.goto(public_url).status == 404

    # 4. The revisor approves.
    open_from_queue(revisor, base, title)
    approve(revisor)

    # 5. Anyone sees it at its public URL and in the list of commitments.
    assert page.goto(public_url).status == 200
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("main")).to_contain_text("Publicar cada trimestre")
    page.goto(f"{base}/compromisos/")
    expect(page.locator("main")).to_contain_text(title)
    assert page.external_requests == []

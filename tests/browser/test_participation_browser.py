"""Chromium: a citizen votes with the keyboard only; a citizen files and follows a report.

axe (WCAG 2.1 A/AA) runs on every new public page, including the forms with errors.
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from participation.models import PendingBallot, Report, VoterRecord
from tests.participation.helpers import make_consultation, sealed_choices

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {id: e.id, name: e.getAttribute('name'), tag: e.tagName, type: e.type}; }"
    )


def tab_to(page, predicate, limit=80):
    """Press Tab until the focused element matches; the honeypot must never get the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = focused(page)
        assert current["name"] != "sitio_web"
        if predicate(current):
            return current
    raise AssertionError("no se llegó al elemento con el teclado")


def test_citizen_votes_with_the_keyboard_only(live_seeded, page, axe_check):
    consultation = make_consultation(slug="presupuesto-barrial")
    options = list(consultation.options.all())
    page.goto(live_seeded.url + consultation.get_absolute_url())
    axe_check(page)

    # Step 1, keyboard only: e-mail, document, consent (Space), submit (Enter).
    tab_to(page, lambda f: f["id"] == "id_email")
    page.keyboard.type("vecina@example.org")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_document"
    page.keyboard.type("1.047.123.456")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_consent"
    page.keyboard.press("Space")
    # Next: the link to the data policy, then the submit button (the honeypot is skipped).
    assert tab_to(page, lambda f: f["tag"] == "BUTTON", limit=3)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/votar/enlace-enviado/$"))
    expect(page.locator("h1")).to_have_text("Revise su correo")
    axe_check(page)

    # Step 2: the link from the e-mail (the live server runs in this process).
    links = re.findall(r"http://\S+/votar/\S+/", mail.outbox[-1].body)
    assert len(links) == 1
    page.goto(links[0])
    expect(page.locator("legend")).to_have_text(consultation.question)
    axe_check(page)
    first = tab_to(page, lambda f: f["name"] == "opciones")
    assert first["id"] == f"opcion-{options[0].pk}"
    page.keyboard.press("ArrowDown")  # moves to, and selects, the second option
    assert focused(page)["id"] == f"opcion-{options[1].pk}"
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "BUTTON"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/voto-registrado/$"))
    expect(page.locator("h1")).to_have_text("Su voto quedó registrado")
    axe_check(page)

    # The ballot is stored sealed, to be counted in a shuffled batch (participation.ballot_box).
    assert VoterRecord.objects.count() == PendingBallot.objects.count() == 1
    assert sealed_choices() == [[options[1].pk]]

    # The same link again: a clear refusal.
    page.goto(links[0])
    expect(page.locator("main")).to_contain_text("Ya se registró un voto con este correo")
    axe_check(page)
    assert page.external_requests == []


def test_vote_form_errors_are_accessible(live_seeded, page, axe_check):
    consultation = make_consultation(slug="errores")
    page.goto(live_seeded.url + consultation.get_absolute_url())
    page.fill("#id_email", "no-es-correo")
    page.click("button:has-text('Recibir el enlace para votar')")
    summary = page.locator(".error-summary")  # on the page the POST answers with
    expect(summary).to_contain_text("Escriba un correo electrónico válido")
    expect(summary).to_contain_text("Debe autorizar el tratamiento de datos")
    assert page.input_value("#id_email") == "no-es-correo"
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    axe_check(page)


def test_citizen_files_an_anonymous_report_and_checks_it(live_seeded, page, axe_check):
    page.goto(live_seeded.url + "/")
    page.click("footer >> text=Denunciar una irregularidad")
    page.wait_for_url(re.compile(r"/denuncias/nueva/$"))
    axe_check(page)

    # A first attempt with a too-short description: clear message, text kept, still accessible.
    page.fill("#id_subject_work", "Andenes del barrio El Bosque")
    page.fill("#id_description", "Muy corto")
    page.check("#id_consent")
    page.click("button:has-text('Enviar la denuncia')")
    expect(page.locator(".error-summary")).to_contain_text("La descripción es muy corta")
    assert page.input_value("#id_subject_work") == "Andenes del barrio El Bosque"
    axe_check(page)

    page.fill(
        "#id_description",
        "El contratista cobró dos veces la misma obra de andenes; hay fotos del acta.",
    )
    page.check("#id_consent")
    page.set_input_files(
        "#id_attachments",
        files=[{"name": "acta.pdf", "mimeType": "application/pdf", "buffer": _pdf()}],
    )
    page.click("button:has-text('Enviar la denuncia')")
    page.wait_for_url(re.compile(r"/denuncias/recibida/$"))
    expect(page.locator(".tracking-code")).to_have_text(re.compile(r"DEN-"))
    code = page.locator(".tracking-code").inner_text().strip()
    assert re.fullmatch(r"DEN-\d{4}-[0-9A-Z]{8}", code)
    axe_check(page)

    report = Report.objects.get()
    assert report.tracking_code == code and report.is_anonymous
    assert report.attachments.count() == 1

    page.click("text=Consultar el estado de una denuncia")
    page.wait_for_url(re.compile(r"/denuncias/consulta/$"))
    axe_check(page)
    page.fill("#id_code", code.lower())
    page.click("button:has-text('Consultar')")
    status = page.locator(".report-status").first
    expect(status).to_contain_text(code)
    expect(status).to_contain_text("Recibida")
    expect(page.locator("main")).not_to_contain_text("contratista")
    axe_check(page)

    # A wrong code: a clear message on an accessible page (the answer to the new POST: the
    # page before it, still on screen for a moment, has a <main> too).
    page.fill("#id_code", "DEN-2026-ZZZZZZZZ")
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.click("button:has-text('Consultar')")
    expect(page.locator("main")).to_contain_text("No encontramos una denuncia con ese código")
    axe_check(page)
    assert page.external_requests == []


def _pdf():
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )

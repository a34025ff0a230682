"""Reports of irregularities (denuncias): privacy, tracking code, checks, anti-abuse."""

import io
import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from PIL import Image

from cms_blocks.models import Commitment
from participation.models import Report, ReportAttachment

from .files import HTML_PAGE, SVG_IMAGE, bomb_png, jpeg_with_gps, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

CODE_RE = re.compile(r"DEN-\d{4}-[0-9A-HJKMNP-TV-Z]{8}")
IP = "203.0.113.77"
UA = "NavegadorDePrueba/9.9 (Rastreable)"
URL = "/denuncias/nueva/"
DESCRIPTION = "El contratista cobró dos veces la misma obra de andenes en el barrio El Bosque."


def report_data(**overrides):
    data = {
        "subject_commitment": "",
        "subject_work": "Andenes del barrio El Bosque",
        "description": DESCRIPTION,
        "mode": "anonima",
        "name": "",
        "email": "",
        "phone": "",
        "consent": "on",
        "sitio_web": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post_report(client, files=None, **overrides):
    data = report_data(**overrides)
    if files:
        data["attachments"] = files
    return client.post(URL, data, REMOTE_ADDR=IP, HTTP_USER_AGENT=UA)


def receipt_code(client):
    response = client.get(reverse("participation:report_received"))
    assert response.status_code == 200
    return CODE_RE.search(response.content.decode()).group(0)


def test_form_page(client, seeded):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html
    assert "Ley 1581 de 2012" in html and 'href="/politica-de-datos/"' in html
    # The published commitments are offered as the subject.
    for commitment in Commitment.objects.live():
        assert commitment.title in html
    # The file input comes after every text field (fields are kept if an upload is cut off).
    assert html.index('name="attachments"') > html.index('name="consent"')


def test_anonymous_report_keeps_no_ip_user_agent_or_contact(
    client, seeded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_report(
            client,
            files=[upload("foto.png", png_bytes())],
            name="Pedro Pérez",
            email="pedro@example.org",
            phone="3001234567",
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    report = Report.objects.get()
    assert report.is_anonymous
    assert report.reporter_name == report.reporter_email == report.reporter_phone == ""
    stored = []
    for obj in [report, *report.attachments.all()]:
        stored += [str(getattr(obj, f.attname)) for f in obj._meta.concrete_fields]
    stored += [s.session_data for s in Session.objects.all()]
    stored += [repr(s.get_decoded()) for s in Session.objects.all()]
    for value in stored:
        assert IP not in value and "203.0.113" not in value
        assert UA not in value and "Rastreable" not in value
        assert (
            "Pedro" not in value and "pedro@example.org" not in value and "3001234567" not in value
        )
    # No field of the model could hold them.
    names = {f.name for f in Report._meta.get_fields()}
    assert not {n for n in names if "ip" in n.split("_") or "agent" in n or "address" in n}
    # The office is told, without personal data.
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["transparenciayanticorrupcion@cartagena.gov.co"]
    assert report.tracking_code in notice.subject
    assert f"/admin/denuncias/edit/{report.pk}/" in notice.body
    assert IP not in notice.body and UA not in notice.body and DESCRIPTION not in notice.body


def test_named_report_keeps_only_the_contact_given(
    client, seeded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_report(
            client, mode="con_datos", name="Luisa Gómez", email="luisa@example.org"
        )
    assert response.status_code == 302
    report = Report.objects.get()
    assert not report.is_anonymous
    assert (report.reporter_name, report.reporter_email, report.reporter_phone) == (
        "Luisa Gómez",
        "luisa@example.org",
        "",
    )
    office, receipt = sorted(
        mail.outbox, key=lambda m: m.to[0] != "transparenciayanticorrupcion@cartagena.gov.co"
    )
    assert "Luisa" not in office.body and "luisa@example.org" not in office.body
    assert receipt.to == ["luisa@example.org"] and report.tracking_code in receipt.body


def test_named_report_needs_a_name_and_a_contact(client, seeded):
    response = post_report(
        client, mode="con_datos", name="", description=DESCRIPTION + " Más datos."
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Escriba su nombre" in html
    assert "Deje un correo o un teléfono" in html
    assert "Más datos." in html  # what was typed is kept
    assert Report.objects.count() == 0


def test_tracking_code_and_public_status_without_personal_data(client, seeded):
    commitment = Commitment.objects.live().first()
    post_report(
        client,
        mode="con_datos",
        name="Luisa Gómez",
        email="luisa@example.org",
        subject_commitment=str(commitment.pk),
    )
    code = receipt_code(client)
    report = Report.objects.get()
    assert code == report.tracking_code
    assert CODE_RE.fullmatch(code)
    # The receipt is shown once (it is not left in the session).
    assert client.get(reverse("participation:report_received")).status_code == 302

    report.status = Report.Status.IN_PROGRESS
    report.public_answer = "Trasladada a la Contraloría Distrital para su análisis."
    report.internal_notes = "Nota interna confidencial"
    report.save()

    status_url = reverse("participation:report_status")
    # Lower case, no dashes, O for 0 and I for 1: still found.
    sloppy = code.lower().replace("-", " ").replace("0", "o").replace("1", "i")
    response = Client().post(status_url, {"code": sloppy})
    assert response.status_code == 200
    html = response.content.decode()
    assert code in html
    assert "En trámite" in html
    assert "Trasladada a la Contraloría Distrital" in html
    for private in [
        "Luisa",
        "luisa@example.org",
        DESCRIPTION,
        "Nota interna",
        "Andenes del barrio",
        commitment.title,
    ]:
        assert private not in html


def test_unknown_or_malformed_code(client, seeded):
    status_url = reverse("participation:report_status")
    response = client.post(status_url, {"code": "DEN-2026-ZZZZZZZZ"})
    assert response.status_code == 404
    assert "No encontramos una denuncia con ese código" in response.content.decode()
    assert 'value="DEN-2026-ZZZZZZZZ"' in response.content.decode()
    response = client.post(status_url, {"code": "hola<script>"})
    assert response.status_code == 200
    assert "no tiene el formato de un radicado" in response.content.decode()
    assert "<script>" not in response.content.decode().split("</main>")[0].split("<main")[1]


def test_codes_are_unguessable():
    from participation.models import new_tracking_code

    codes = {new_tracking_code(2026) for _ in range(2000)}
    assert len(codes) == 2000
    assert all(CODE_RE.fullmatch(code) for code in codes)


def test_status_lookup_is_rate_limited(client, seeded, settings):
    settings.OGP_RATE_LIMITS = {"report_status_ip": (3, 600)}
    status_url = reverse("participation:report_status")
    for _ in range(3):
        assert client.post(status_url, {"code": "DEN-2026-ZZZZZZZZ"}).status_code == 404
    response = client.post(status_url, {"code": "DEN-2026-ZZZZZZZZ"})
    assert response.status_code == 429


def test_reports_are_rate_limited(client, seeded, settings):
    settings.OGP_RATE_LIMITS = {"report_ip": (2, 3600)}
    for n in range(2):
        assert post_report(client, description=f"{DESCRIPTION} Caso {n}.").status_code == 302
    response = post_report(client, description=f"{DESCRIPTION} Caso tercero.")
    assert response.status_code == 429
    html = response.content.decode()
    assert "demasiadas solicitudes" in html
    assert "Caso tercero." in html
    assert Report.objects.count() == 2
    # Another address is not affected.
    response = client.post(URL, report_data(), REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 302


def test_honeypot(client, seeded):
    response = post_report(client, sitio_web="http://spam.example")
    assert response.status_code == 200
    assert "se llenó un campo que debe quedar vacío" in response.content.decode()
    assert DESCRIPTION in response.content.decode()
    assert Report.objects.count() == 0


def test_csrf_is_required(seeded):
    client = Client(enforce_csrf_checks=True)
    response = post_report(client)
    assert response.status_code == 403
    assert "El formulario venció" in response.content.decode()
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"description": ""}, "Describa los hechos que quiere denunciar"),
        ({"description": "corto"}, "La descripción es muy corta"),
        ({"consent": None}, "Debe autorizar el tratamiento de datos"),
        ({"mode": "otro"}, "Escoja una opción válida"),
        ({"subject_commitment": "no-es-un-id"}, "Elija un compromiso de la lista"),
        ({"subject_commitment": "999999"}, "Elija un compromiso de la lista"),
        ({"mode": "con_datos", "name": "Ana", "phone": "abc"}, "Escriba un teléfono"),
        (
            {"mode": "con_datos", "name": "Ana", "email": "ana@"},
            "Escriba un correo electrónico válido",
        ),
    ],
)
def test_bad_input_gets_a_clear_message(client, seeded, overrides, message):
    response = post_report(client, **overrides)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Revise el formulario" in html
    assert "Andenes del barrio El Bosque" in html
    assert Report.objects.count() == 0


# -- attachments ----------------------------------------------------------------------


def test_valid_attachments_are_stored_privately_without_metadata(client, seeded, settings):
    files = [
        upload("foto.jpg", jpeg_with_gps(), "image/jpeg"),
        upload("plano.png", png_bytes()),
        upload("contrato.pdf", pdf_bytes(), "application/pdf"),
    ]
    assert post_report(client, files=files).status_code == 302
    attachments = list(ReportAttachment.objects.order_by("pk"))
    assert [a.kind for a in attachments] == ["jpeg", "png", "pdf"]
    for attachment in attachments:
        path = attachment.file.path
        assert not path.startswith(str(settings.MEDIA_ROOT).rstrip("/") + "/")
        assert "foto" not in path and "contrato" not in path  # random names
    with attachments[0].file.open("rb") as handle:
        data = handle.read()
    assert b"Fotografa" not in data and b"TelefonoMarcaX" not in data
    assert b"ComentarioDeLaCamara" not in data  # the JPEG comment (COM segment) too
    image = Image.open(io.BytesIO(data))
    assert not image.getexif() and image.size == (64, 48)
    with pytest.raises(ValueError):
        _ = attachments[0].file.url  # no public URL


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("denuncia.pdf", HTML_PAGE, "contiene HTML o SVG"),
        ("foto.png", HTML_PAGE, "contiene HTML o SVG"),
        ("dibujo.svg", SVG_IMAGE, "no se aceptan archivos SVG ni HTML"),
        ("dibujo.png", SVG_IMAGE, "contiene HTML o SVG"),
        ("pagina.html", HTML_PAGE, "no se aceptan archivos SVG ni HTML"),
        ("foto.jpg", png_bytes(), "la extensión .jpg no corresponde al contenido"),
        ("foto.png", pdf_bytes(), "no es una imagen válida"),
        ("documento.pdf", png_bytes(), "no es un PDF"),
        ("programa.exe", b"MZ\x90\x00", "tipo de archivo no permitido"),
        ("sin-extension", png_bytes(), "tipo de archivo no permitido"),
        ("vacio.pdf", b"", "está vacío"),
        ("roto.pdf", b"%PDF-1.4\nsin final", "PDF incompleto o dañado"),
        ("truncada.png", png_bytes()[:60], "no es una imagen válida"),
    ],
)
def test_bad_attachments_are_refused(client, seeded, name, content, message):
    response = post_report(client, files=[upload(name, content)])
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html, html[html.find("error-summary") : html.find("error-summary") + 800]
    assert "Andenes del barrio El Bosque" in html  # the text is kept
    assert "adjúntelos de nuevo" in html or "Adjuntos" in html
    assert Report.objects.count() == ReportAttachment.objects.count() == 0


def test_oversized_attachment(client, seeded, settings):
    settings.OGP_REPORT_ATTACHMENT_MAX_BYTES = 200 * 1024
    response = post_report(client, files=[upload("grande.pdf", pdf_bytes(padding=300 * 1024))])
    assert response.status_code == 200
    html = response.content.decode()
    assert "«grande.pdf» supera el máximo de 200 KB por archivo" in html
    assert DESCRIPTION in html
    assert Report.objects.count() == 0
    # Just under the limit is fine.
    assert (
        post_report(client, files=[upload("justo.pdf", pdf_bytes(padding=150 * 1024))]).status_code
        == 302
    )


def test_total_size_and_count_limits(client, seeded, settings):
    settings.OGP_REPORT_ATTACHMENTS_MAX_TOTAL_BYTES = 300 * 1024
    files = [upload(f"parte{n}.pdf", pdf_bytes(padding=120 * 1024)) for n in range(3)]
    response = post_report(client, files=files)
    assert "superan 300 KB en total" in response.content.decode()
    assert DESCRIPTION in response.content.decode()
    settings.OGP_REPORT_ATTACHMENTS_MAX_TOTAL_BYTES = 15 * 1024 * 1024
    files = [upload(f"foto{n}.png", png_bytes()) for n in range(6)]
    response = post_report(client, files=files)
    assert "Puede adjuntar como máximo 5 archivos; adjuntó 6" in response.content.decode()
    assert Report.objects.count() == 0


def test_decompression_bomb_is_refused(client, seeded):
    """400 megapixels in a file of a few dozen KB: Pillow's DecompressionBombError."""
    bomb = bomb_png(20_000, 20_000)
    assert len(bomb) < 200 * 1024
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(bomb))
    response = post_report(client, files=[upload("plano.png", bomb)])
    assert response.status_code == 200
    html = response.content.decode()
    assert "«plano.png» es una imagen de dimensiones desmesuradas" in html
    assert DESCRIPTION in html
    assert Report.objects.count() == 0


def test_image_over_our_pixel_limit_is_refused(client, seeded):
    """64 megapixels: under Pillow's threshold, over OGP_REPORT_MAX_IMAGE_PIXELS (40)."""
    bomb = bomb_png(8_000, 8_000)
    assert len(bomb) < 100 * 1024
    assert Image.open(io.BytesIO(bomb)).size == (8_000, 8_000)
    response = post_report(client, files=[upload("plano.png", bomb)])
    assert (
        "es una imagen de dimensiones desmesuradas (más de 40 megapíxeles)"
        in response.content.decode()
    )
    assert Report.objects.count() == 0


def test_public_pages_are_linked_and_in_the_sitemap(client, seeded):
    home = client.get("/").content.decode()
    assert 'href="/denuncias/nueva/"' in home and 'href="/denuncias/consulta/"' in home
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/denuncias/nueva/</loc>" in sitemap and "/denuncias/consulta/</loc>" in sitemap
    policy = client.get("/politica-de-datos/")
    assert policy.status_code == 200
    assert "artículo 8 de la Ley 1581 de 2012" in policy.content.decode()

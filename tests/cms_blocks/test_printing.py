"""The printable commitment sheet: HTML with a print stylesheet, and a PDF read back with pypdf."""

import datetime as dt
import io
import re

import pytest
import zxingcpp
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone
from pypdf import PdfReader

from cms_blocks.models import Commitment, Milestone
from cms_blocks.printing import plain_blocks
from tests import factories as f
from tests.public_host import OTHER_HOST, PUBLIC  # the fixture public_host: conftest.py

pytestmark = pytest.mark.django_db

SLUG = "presupuesto-participativo-barrial"
# Outside Latin-1 (the PDF's built-in fonts): an en dash, curly quotes, ≥ and the euro sign.
TITLE = "Presupuesto participativo – «barrios» ≥ 10 “juntas” €"
MILESTONE_TITLES = ["Mapa de necesidades por barrio", "Asambleas de priorización", "Obras"]
A4_POINTS = (595.28, 841.89)
LETTER_POINTS = (612.0, 792.0)


@pytest.fixture
def commitment(content):
    done, going, todo = (
        Milestone.Status.COMPLETED,
        Milestone.Status.IN_PROGRESS,
        Milestone.Status.NOT_STARTED,
    )
    return f.CommitmentFactory(
        slug=SLUG,
        title=TITLE,
        axis=content.axes[0],
        lead_institution=content.lead,
        supporting_actors=[content.coordinating],
        problem="<p>Los barrios no deciden el gasto &amp; nadie rinde cuentas.</p>",
        description=(
            "<p>Tres pasos:</p><ul><li>mapear las necesidades;</li><li>votar en asamblea."
            "</li></ul><ol><li>Primero</li><li>Segundo</li></ol>"
        ),
        monitor_verifiable=True,
        monitor_relevant=False,
        monitor_completion="limited",
        monitor_notes="<p>El monitor observa avances limitados.</p>",
        monitor_source="Informe del monitor de prueba",
        milestones=[
            f.MilestoneFactory.build(title=MILESTONE_TITLES[0], status=done),
            f.MilestoneFactory.build(title=MILESTONE_TITLES[1], status=going),
            f.MilestoneFactory.build(title=MILESTONE_TITLES[2], status=todo, is_illustrative=True),
        ],
    )


def sheet_url(slug=SLUG):
    return f"/compromisos/{slug}/ficha/"


def pdf_url(slug=SLUG):
    return f"/compromisos/{slug}/ficha.pdf"


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def squash(text):
    """The text with its line breaks and runs of spaces as one space (a PDF wraps lines)."""
    return re.sub(r"\s+", " ", text)


def today_label():
    return formats.date_format(timezone.localdate(), r"j \d\e F \d\e Y").lower()


# -- HTML ---------------------------------------------------------------------------------------


def test_html_sheet_shows_the_commitment_its_milestones_qr_and_the_date(client, commitment):
    response = client.get(sheet_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and html.count("<h1") == 1
    assert "Presupuesto participativo – «barrios» ≥ 10 “juntas” €" in html
    for title in MILESTONE_TITLES:
        assert title in html
    assert "Completado" in html and "En curso" in html and "Sin iniciar" in html
    assert "Transparencia" in html  # the axis
    assert "Secretaría de Transparencia" in html  # the lead institution
    assert "Los barrios no deciden el gasto &amp; nadie rinde cuentas." in html
    assert "<li>mapear las necesidades;</li>" in html  # rich text kept as HTML here
    assert "Valoración del monitor independiente" in html
    assert "Limitado" in html and "El monitor observa avances limitados." in html
    assert f'src="/compromisos/{SLUG}/qr.svg"' in html
    assert f"http://testserver/compromisos/{SLUG}/" in html
    assert f"Impreso el {today_label()}" in html
    assert "cms_blocks/css/print-sheet.css" in html
    assert f'href="/compromisos/{SLUG}/ficha.pdf"' in html
    assert f'href="/compromisos/{SLUG}/ficha.pdf?papel=carta"' in html
    # One illustrative milestone: it is marked, and so is the progress it feeds.
    assert html.count("Contenido ilustrativo") == 1
    assert "calculado con hitos ilustrativos" in html


def test_html_sheet_marks_an_illustrative_commitment(client, content):
    commitment = f.CommitmentFactory(is_illustrative=True)
    html = client.get(sheet_url(commitment.slug)).content.decode()
    assert "Contenido ilustrativo:" in html
    assert "calculado con hitos ilustrativos" not in html


@pytest.mark.usefixtures("public_host")
def test_html_sheet_names_the_public_address_whatever_host_the_request_came_to(client, commitment):
    html = client.get(sheet_url(), HTTP_HOST=OTHER_HOST).content.decode()
    assert f"{PUBLIC}/compromisos/{SLUG}/" in html
    assert OTHER_HOST not in html


def test_commitment_page_links_to_both_sheets(client, commitment):
    html = client.get(f"/compromisos/{SLUG}/").content.decode()
    assert f'href="{sheet_url()}"' in html
    assert f'href="{pdf_url()}"' in html
    assert f'href="{pdf_url()}?papel=carta"' in html


def test_only_published_commitments_have_a_sheet(client, content):
    unpublished = f.CommitmentFactory(unpublished=True)
    for slug in (content.draft_commitment.slug, unpublished.slug, "no-existe"):
        assert not Commitment.objects.live().filter(slug=slug).exists()
        assert client.get(sheet_url(slug)).status_code == 404
        assert client.get(pdf_url(slug)).status_code == 404
        assert client.get(f"{pdf_url(slug)}?papel=carta").status_code == 404


def test_the_sheet_answers_get_and_head_only(client, commitment):
    assert client.head(pdf_url()).status_code == 200
    assert client.post(sheet_url()).status_code == 405
    assert client.post(pdf_url()).status_code == 405


# -- PDF ----------------------------------------------------------------------------------------


@pytest.mark.usefixtures("public_host")
def test_pdf_holds_the_title_milestones_and_public_url(client, commitment):
    response = client.get(pdf_url(), HTTP_HOST=OTHER_HOST)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="ficha-{SLUG}.pdf"'
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    flat = squash(text)
    assert TITLE in flat
    for title in MILESTONE_TITLES:
        assert title in flat
    assert f"{PUBLIC}/compromisos/{SLUG}/" in text
    assert OTHER_HOST not in text
    for expected in (
        "Transparencia",
        "Secretaría de Transparencia",
        "Secretaría de Planeación",
        "Completado",
        "En curso",
        "Sin iniciar",
        "Limitado",
        "El monitor observa avances limitados.",
        "Fuente: Informe del monitor de prueba",
        f"Impreso el {today_label()}",
        "Contenido ilustrativo",
        "calculado con hitos ilustrativos",
    ):
        assert expected in flat, expected
    assert PdfReader(io.BytesIO(response.content)).metadata.title == TITLE


def test_pdf_rich_text_is_plain_paragraphs_with_list_items_on_their_own_lines(client, commitment):
    lines = [line.strip() for line in pdf_text(client.get(pdf_url()).content).splitlines()]
    assert "Los barrios no deciden el gasto & nadie rinde cuentas." in lines
    assert "Tres pasos:" in lines
    assert "• mapear las necesidades;" in lines
    assert "• votar en asamblea." in lines
    assert "1. Primero" in lines and "2. Segundo" in lines
    assert not any("<" in line or "&amp;" in line for line in lines)


@pytest.mark.usefixtures("public_host")
def test_pdf_qr_code_decodes_to_the_public_url(client, commitment):
    reader = PdfReader(io.BytesIO(client.get(pdf_url(), HTTP_HOST=OTHER_HOST).content))
    images = reader.pages[0].images
    assert len(images) == 1
    results = zxingcpp.read_barcodes(images[0].image)
    assert [r.text for r in results] == [f"{PUBLIC}/compromisos/{SLUG}/"]
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode


def test_pdf_is_a4_by_default_and_letter_on_request(client, commitment):
    sizes = {}
    for query in ("", "?papel=a4", "?papel=carta", "?papel=CARTA"):
        response = client.get(pdf_url() + query)
        assert response.status_code == 200, query
        box = PdfReader(io.BytesIO(response.content)).pages[0].mediabox
        sizes[query] = (round(float(box.width), 2), round(float(box.height), 2))
    assert sizes[""] == sizes["?papel=a4"] == A4_POINTS
    assert sizes["?papel=carta"] == sizes["?papel=CARTA"] == LETTER_POINTS
    letter = client.get(pdf_url() + "?papel=carta")
    assert letter["Content-Disposition"] == f'inline; filename="ficha-{SLUG}-carta.pdf"'


def test_an_unknown_paper_is_a_clear_spanish_400(client, commitment):
    response = client.get(pdf_url() + "?papel=oficio")
    assert response.status_code == 400
    message = response.content.decode()
    assert "El papel «oficio» no está disponible" in message
    assert "papel=a4" in message and "papel=carta" in message
    assert client.get(pdf_url() + "?papel=%00").status_code == 400


def test_a_long_commitment_runs_onto_more_pages_and_keeps_every_milestone(client, content):
    titles = [f"Hito número {n:02d} de la obra" for n in range(40)]
    long_one = f.CommitmentFactory(milestones=[f.MilestoneFactory.build(title=t) for t in titles])
    reader = PdfReader(io.BytesIO(client.get(pdf_url(long_one.slug)).content))
    assert len(reader.pages) > 1
    flat = squash("\n".join(page.extract_text() for page in reader.pages))
    for title in titles:
        assert title in flat
    assert f"Página {len(reader.pages)} de {len(reader.pages)}" in flat


def test_a_commitment_without_milestones_or_assessment_says_so(client, content):
    bare = f.CommitmentFactory(milestones=[], problem="", description="")
    flat = squash(pdf_text(client.get(pdf_url(bare.slug)).content))
    assert "Este compromiso aún no tiene hitos publicados." in flat
    assert "El monitor independiente aún no ha publicado su valoración" in flat
    html = client.get(sheet_url(bare.slug)).content.decode()
    assert "Este compromiso aún no tiene hitos publicados." in html


def test_overdue_milestones_read_as_late_on_both_sheets(client, content):
    today = timezone.localdate()
    past, future = today - dt.timedelta(days=1), today + dt.timedelta(days=30)
    late = f.CommitmentFactory(
        milestones=[
            f.MilestoneFactory.build(
                title="Vencido", end_date=past, status=Milestone.Status.IN_PROGRESS
            ),
            f.MilestoneFactory.build(
                title="Hecho", end_date=past, status=Milestone.Status.COMPLETED
            ),
            f.MilestoneFactory.build(
                title="Marcado", end_date=past, status=Milestone.Status.DELAYED
            ),
            f.MilestoneFactory.build(
                title="A tiempo", end_date=future, status=Milestone.Status.IN_PROGRESS
            ),
        ]
    )
    on_time = f.CommitmentFactory(
        milestones=[f.MilestoneFactory.build(end_date=future, status=Milestone.Status.IN_PROGRESS)]
    )
    html = client.get(sheet_url(late.slug)).content.decode()
    flat = squash(pdf_text(client.get(pdf_url(late.slug)).content))
    for text in (html, flat):
        assert text.count("En curso · retrasado") == 1  # «A tiempo» is in progress, not late
        assert "Completado · retrasado" not in text
        assert "Retrasado · retrasado" not in text and "Retrasado" in text
        assert "con hitos retrasados" in text
    assert "retrasado" not in client.get(sheet_url(on_time.slug)).content.decode()
    assert "retrasado" not in pdf_text(client.get(pdf_url(on_time.slug)).content)


def test_the_plan_is_on_the_sheet(client, commitment):
    if not hasattr(Commitment, "plan"):
        pytest.skip("Commitment has no plan yet")
    plan = Commitment.objects.get(pk=commitment.pk).plan
    assert plan.title in client.get(sheet_url()).content.decode()
    assert plan.title in squash(pdf_text(client.get(pdf_url()).content))


# -- queries ------------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("url", [sheet_url, pdf_url])
def test_queries_do_not_grow_with_the_milestones(client, content, url):
    one = f.CommitmentFactory(milestones=[f.MilestoneFactory.build()])
    ten = f.CommitmentFactory(
        milestones=[f.MilestoneFactory.build(is_illustrative=bool(n % 2)) for n in range(10)],
        supporting_actors=content.institutions,
    )
    client.get(url(one.slug))  # warm what is cached per process (the Site's root paths)
    assert count_queries(client, url(one.slug)) == count_queries(client, url(ten.slug))


# -- rich text ----------------------------------------------------------------------------------


def test_plain_blocks_strip_tags_unescape_and_keep_items_apart():
    html = (
        '<h3>Meta</h3><p>Uno &lt;b&gt; y <a href="/x/">dos</a>,<br>tres &amp; «cuatro»</p>'
        "<ul><li>a<ul><li>a.1</li></ul></li><li>b</li></ul><script>alert(1)</script>"
    )
    assert plain_blocks(html) == [
        ("h", "Meta", 0),
        ("p", "Uno <b> y dos,\ntres & «cuatro»", 0),
        ("li", "• a", 1),
        ("li", "• a.1", 2),
        ("li", "• b", 1),
    ]
    assert plain_blocks("") == []

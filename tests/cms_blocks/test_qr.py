"""QR codes: they decode back to the absolute public URL, for a commitment and for a page."""

import io
import re
import xml.etree.ElementTree as ET

import pytest
import segno
import zxingcpp
from PIL import Image
from wagtail.models import Page, PageViewRestriction

from cms_blocks.models import Commitment, Milestone
from cms_blocks.qr import PNG_MIN_PIXELS
from tests import factories as f
from tests.cms_blocks.testsite.factories import TestPageFactory
from tests.public_host import OTHER_HOST, PUBLIC  # the fixture public_host: conftest.py

pytestmark = pytest.mark.django_db

SLUG = "juntas-accion-comunal-contratacion"
COMMITMENT_URL = f"http://testserver/compromisos/{SLUG}/"


@pytest.fixture(autouse=True)
def qr_content(content):
    """A commitment without a lead institution, half done, and two pages below the home."""
    f.CommitmentFactory(
        slug=SLUG,
        title="Acompañamiento técnico a las juntas vecinales",
        lead_institution=None,
        supporting_actors=[content.coordinating],
        milestones=[
            f.MilestoneFactory.build(status=Milestone.Status.COMPLETED),
            f.MilestoneFactory.build(status=Milestone.Status.NOT_STARTED),
        ],
    )
    TestPageFactory(parent=content.home, title="Plan de acción", slug="plan-de-accion-2023")
    TestPageFactory(parent=content.home, title="Cocreación", slug="cocreacion")


def decode_png(content):
    image = Image.open(io.BytesIO(content))
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1, "exactly one QR code"
    return image, results[0]


def svg_path(svg_bytes):
    root = ET.fromstring(svg_bytes)
    path = root.find("{http://www.w3.org/2000/svg}path")
    return root, path.get("d")


def plan_page():
    return Page.objects.get(slug="plan-de-accion-2023")


# -- commitments ---------------------------------------------------------------------------


def test_commitment_png_decodes_to_its_absolute_url_at_print_size(client, content):
    response = client.get(f"/compromisos/{SLUG}/qr.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image, result = decode_png(response.content)
    assert result.text == COMMITMENT_URL
    assert result.format == zxingcpp.BarcodeFormat.QRCode
    assert result.ec_level == "Q"
    assert min(image.size) >= PNG_MIN_PIXELS
    assert "public" in response["Cache-Control"]


@pytest.mark.usefixtures("public_host")
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_the_url_is_the_public_address_whatever_host_the_request_came_to(client, fmt):
    """A code generated through an internal host or a proxy still points to the public site."""
    expected = f"{PUBLIC}/compromisos/{SLUG}/"
    response = client.get(f"/compromisos/{SLUG}/qr.{fmt}", HTTP_HOST=OTHER_HOST)
    if fmt == "png":
        assert decode_png(response.content)[1].text == expected
    else:
        encoded = io.BytesIO()
        segno.make_qr(expected, error="q", boost_error=False).save(encoded, kind="svg", border=4)
        assert svg_path(response.content)[1] == svg_path(encoded.getvalue())[1]
    sheet = client.get(f"/compromisos/{SLUG}/qr/", HTTP_HOST=OTHER_HOST).content.decode()
    assert expected in sheet and OTHER_HOST not in sheet


@pytest.mark.usefixtures("public_host")
def test_a_page_qr_is_on_the_public_address_whatever_host_the_request_came_to(client):
    page = plan_page()
    response = client.get(f"/qr/pagina/{page.pk}.png", HTTP_HOST=OTHER_HOST)
    assert decode_png(response.content)[1].text == f"{PUBLIC}/plan-de-accion-2023/"
    sheet = client.get(f"/qr/pagina/{page.pk}/", HTTP_HOST=OTHER_HOST).content.decode()
    assert f"{PUBLIC}/plan-de-accion-2023/" in sheet and OTHER_HOST not in sheet


def test_commitment_svg_encodes_the_same_url(client, content):
    response = client.get(f"/compromisos/{SLUG}/qr.svg?descargar=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == f'attachment; filename="qr-{SLUG}.svg"'
    root, d = svg_path(response.content)
    assert root.find("{http://www.w3.org/2000/svg}title").text.startswith("Acompañamiento")
    expected = io.BytesIO()
    segno.make_qr(COMMITMENT_URL, error="q", boost_error=False).save(expected, kind="svg", border=4)
    assert d == svg_path(expected.getvalue())[1]
    wrong = io.BytesIO()
    segno.make_qr(COMMITMENT_URL + "x", error="q", boost_error=False).save(
        wrong, kind="svg", border=4
    )
    assert d != svg_path(wrong.getvalue())[1]


def test_commitment_sheet_has_title_lead_institution_progress_and_qr(client, content):
    commitment = Commitment.objects.get(slug=SLUG)
    commitment.lead_institution = content.lead
    commitment.save_revision().publish()

    response = client.get(f"/compromisos/{SLUG}/qr/")
    assert response.status_code == 200
    html = response.content.decode()
    assert commitment.title in html
    assert "Secretaría de Transparencia" in html
    assert "50 % · En curso" in html
    assert f'src="/compromisos/{SLUG}/qr.svg"' in html
    assert COMMITMENT_URL in html
    assert "@page { size: 216mm 279mm" in html  # letter by default
    assert '<meta name="robots" content="noindex">' in html

    a4 = client.get(f"/compromisos/{SLUG}/qr/?tamano=a4").content.decode()
    assert "@page { size: 210mm 297mm" in a4
    billboard = client.get(f"/compromisos/{SLUG}/qr/?tamano=valla").content.decode()
    assert "@page { size: 1000mm 700mm" in billboard
    assert "qr-sheet-landscape" in billboard
    bogus = client.get(f"/compromisos/{SLUG}/qr/?tamano=<script>").content.decode()
    assert "@page { size: 216mm 279mm" in bogus and "<script>" not in bogus


def test_sheet_without_lead_institution_names_the_institutions_involved(client, content):
    html = client.get(f"/compromisos/{SLUG}/qr/").content.decode()
    assert "Instituciones y actores involucrados" in html
    assert "Secretaría de Planeación" in html


def test_unpublished_commitment_has_no_qr(client, content):
    Commitment.objects.get(slug=SLUG).unpublish()
    for url in (
        f"/compromisos/{SLUG}/qr.png",
        f"/compromisos/{SLUG}/qr.svg",
        f"/compromisos/{SLUG}/qr/",
    ):
        assert client.get(url).status_code == 404
    assert client.get("/compromisos/nada/qr.gif").status_code == 404


def test_commitment_page_links_to_its_qr(client, content):
    html = client.get(f"/compromisos/{SLUG}/").content.decode()
    assert f'href="/compromisos/{SLUG}/qr/"' in html
    assert f'href="/compromisos/{SLUG}/qr.svg?descargar=1"' in html
    assert f'href="/compromisos/{SLUG}/qr.png?descargar=1"' in html


# -- pages ---------------------------------------------------------------------------------------


def test_page_png_decodes_to_its_absolute_url(client, content):
    page = plan_page()
    response = client.get(f"/qr/pagina/{page.pk}.png")
    assert response.status_code == 200
    image, result = decode_png(response.content)
    assert result.text == "http://testserver/plan-de-accion-2023/"
    assert client.get(result.text.removeprefix("http://testserver")).status_code == 200
    assert min(image.size) >= PNG_MIN_PIXELS


def test_home_page_qr_is_the_site_root(client, home):
    _image, result = decode_png(client.get(f"/qr/pagina/{home.pk}.png").content)
    assert result.text == "http://testserver/"


def test_page_sheet_and_footer_link(client, content):
    page = plan_page()
    html = client.get(page.url).content.decode()
    assert f'href="/qr/pagina/{page.pk}/"' in html
    sheet = client.get(f"/qr/pagina/{page.pk}/").content.decode()
    assert page.title in sheet
    assert f'src="/qr/pagina/{page.pk}.svg"' in sheet
    assert "http://testserver/plan-de-accion-2023/" in sheet
    _root, d = svg_path(client.get(f"/qr/pagina/{page.pk}.svg").content)
    assert re.match(r"^M\d", d)


def test_unpublished_private_and_root_pages_have_no_qr(client, content):
    page = plan_page()
    page.unpublish()
    assert client.get(f"/qr/pagina/{page.pk}.png").status_code == 404
    assert client.get(f"/qr/pagina/{page.pk}/").status_code == 404

    other = Page.objects.get(slug="cocreacion")
    PageViewRestriction.objects.create(page=other, restriction_type="login")
    assert client.get(f"/qr/pagina/{other.pk}.png").status_code == 404

    root = Page.objects.get(depth=1)
    assert client.get(f"/qr/pagina/{root.pk}.png").status_code == 404
    assert client.get("/qr/pagina/999999.svg").status_code == 404

"""Every public page has one ``<meta name="description">`` from its own text, and a favicon
served by this site (an SVG one and /favicon.ico)."""

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from wagtail.models import Site

from cms_blocks.models import Commitment, Committee, Consultation, MonitorReport
from home.models import ActionPlanPage, ContentPage, EntitySettings, HomePage
from home.templatetags.seo import MAX_LENGTH

META = re.compile(r'<meta name="description" content="([^"]*)">')


def descriptions(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404), (path, response.status_code)
    return [html.unescape(value) for value in META.findall(response.content.decode())]


def description(client, path):
    found = descriptions(client, path)
    assert len(found) == 1, (path, found)
    return found[0]


def assert_describes(text, source):
    """``text`` is ``source``, or its first whole words followed by an ellipsis."""
    source = " ".join(re.sub(r"<[^>]+>", " ", source).split())
    assert len(text) <= MAX_LENGTH
    if text == source:
        return
    assert text.endswith("…") and len(source) > MAX_LENGTH, (text, source)
    kept = text.removesuffix("…")
    assert source.startswith(kept) and len(kept) > MAX_LENGTH - 30, (text, source)
    assert source[len(kept)] in " ,;:.", "cut inside a word"


def site_description():
    return EntitySettings.for_site(Site.objects.get(is_default_site=True)).site_description


def test_pages_use_their_intro_and_then_their_search_description(client, seeded):
    for page in (
        HomePage.objects.get(),
        ActionPlanPage.objects.get(),
        ContentPage.objects.get(slug="cocreacion"),
    ):
        assert page.intro and not page.search_description
        assert_describes(description(client, page.url), page.intro)

    page = ContentPage.objects.get(slug="cocreacion")
    page.search_description = "Cómo se construyó el plan con 246 personas & 23 mesas."
    page.save_revision().publish()
    assert description(client, page.url) == page.search_description


def test_snippet_pages_use_their_summary_or_description(client, seeded):
    commitment = Commitment.objects.live().get(code="COCDI0001")
    assert commitment.summary
    assert_describes(description(client, commitment.get_absolute_url()), commitment.summary)

    report = MonitorReport.objects.live().exclude(summary="").first()
    assert "<" in report.summary  # rich text: the description is its plain text
    assert_describes(description(client, report.get_absolute_url()), report.summary)

    committee = Committee.objects.live().get()
    committee.description = "Doce ciudadanos vigilan el plan."
    committee.save_revision().publish()
    assert description(client, committee.get_absolute_url()) == "Doce ciudadanos vigilan el plan."

    consultation = Consultation.objects.live().get()
    assert consultation.description
    assert_describes(description(client, consultation.get_absolute_url()), consultation.description)


def test_long_text_is_cut_at_160_characters(client, seeded):
    page = ContentPage.objects.get(slug="comite-ciudadano")
    assert len(page.intro) > MAX_LENGTH
    text = description(client, page.url)
    assert text.endswith("…") and MAX_LENGTH - 30 < len(text) <= MAX_LENGTH
    assert_describes(text, page.intro)


def test_lists_search_and_forms_use_the_site_description(client, seeded):
    fallback = site_description()
    assert "Gobierno Abierto" in fallback
    for path in [
        "/compromisos/",
        "/informes/",
        "/instituciones/",
        "/iniciativas/",
        "/buscar/?q=compromiso",
        "/denuncias/nueva/",
        "/no-existe-esta-pagina/",
    ]:
        assert description(client, path) == fallback, path

    entity = EntitySettings.for_site(Site.objects.get(is_default_site=True))
    entity.site_description = "Una descripción que la entidad cambió."
    entity.save()
    assert description(client, "/compromisos/") == "Una descripción que la entidad cambió."


def test_every_html_page_in_the_sitemap_has_a_description(client, seeded):
    xml = client.get("/sitemap.xml").content.decode()
    paths = {urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", xml)}
    checked = 0
    for path in sorted(paths):
        response = client.get(path)
        if not response["Content-Type"].startswith("text/html"):
            continue
        found = META.findall(response.content.decode())
        assert len(found) == 1 and found[0].strip(), path
        checked += 1
    assert checked >= 10


def test_favicon_ico_is_served_by_the_site(client, seeded):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    assert client.head("/favicon.ico").status_code == 200
    assert client.post("/favicon.ico").status_code == 405


def test_pages_link_the_svg_favicon_from_this_site(client, seeded):
    page_html = client.get("/").content.decode()
    links = re.findall(r'<link rel="icon" href="([^"]+)"[^>]*>', page_html)
    assert "/favicon.ico" in links
    svg = [link for link in links if link.endswith(".svg")]
    assert len(svg) == 1 and svg[0].startswith("/static/")
    found = finders.find(svg[0].removeprefix("/static/"))
    assert found and Path(found).read_text().lstrip().startswith("<svg")


@pytest.mark.parametrize("path", ["/", "/compromisos/"])
def test_favicon_link_on_every_kind_of_page(client, seeded, path):
    assert 'rel="icon" href="/favicon.ico"' in client.get(path).content.decode()

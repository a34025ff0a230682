"""The snippets' public pages: lists, filters, details, 404s, sitemap and robots.txt."""

import datetime as dt
import re

import pytest

from cms_blocks.models import Commitment, Committee, Consultation, Initiative, MonitorReport

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_commitment_list_filters_by_axis_and_status(client, seeded):
    cocdi = Commitment.objects.get(code="COCDI0001")
    cuenta = Commitment.objects.get(slug="cartagenacuenta-2023")
    html = get(client, "/compromisos/")
    assert cocdi.title in html and cuenta.title in html
    html = get(client, "/compromisos/?estado=completed")
    assert cuenta.title in html and cocdi.title not in html
    assert '<option value="completed" selected>' in html  # the choice is kept
    # An unknown status is ignored rather than failing.
    html = get(client, "/compromisos/?estado=<script>")
    assert cocdi.title in html and "<script>" not in html
    html = get(client, "/compromisos/?eje=no-existe")
    assert "No hay compromisos publicados con estos criterios." in html


@pytest.mark.parametrize("value", ["\x00", "a\x00b", "\u00c0\u00af", "x" * 500])
def test_commitment_list_survives_hostile_filters(rf, seeded, value):
    """Called directly: the view itself copes, whatever middleware a host site has."""
    from cms_blocks.views import commitment_list

    response = commitment_list(rf.get("/compromisos/", {"eje": value, "estado": value}))
    assert response.status_code == 200
    assert "No hay compromisos publicados con estos criterios." in response.content.decode()


def test_commitment_card_without_facts_has_no_empty_list(client, seeded):
    html = get(client, "/compromisos/?estado=completed")
    card = html[html.index('<article class="card commitment-card"') :]
    card = card[: card.index("</article>")]
    assert "#CartagenaCuenta" in card
    assert '<dl class="facts">' not in card  # no code, axis nor lead institution


def test_commitment_detail_shows_the_ogp_fields(client, seeded):
    commitment = Commitment.objects.get(code="COCDI0001")
    html = get(client, commitment.get_absolute_url())
    for text in [
        "COCDI0001",
        "Problema",
        "Situación actual",
        "participación cívica",
        "Valoración del monitor independiente",
        "Cambio positivo en una práctica",
        "Hitos",
        "50 %",
        "calculado con hitos ilustrativos",
        "Informe Inicial",
        'aria-label="Ruta de navegación"',
    ]:
        assert text in html, text
    assert "<dd>Enero de 2023 – noviembre de 2023</dd>" in html
    # A milestone without dates shows one dash, not "— – —".
    assert "— – —" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/compromisos/no-existe/",
        "/informes/no-existe/",
        "/comite/no-existe/",
        "/consultas/no-existe/",
    ],
)
def test_unknown_slugs_are_a_spanish_404(client, seeded, url):
    html = get(client, url, status=404)
    assert "No encontramos esta página" in html
    assert '<html lang="es-CO">' in html


def test_report_pages(client, seeded):
    html = get(client, "/informes/")
    for report in MonitorReport.objects.live():
        assert report.get_absolute_url() in html
    report = MonitorReport.objects.get(slug="informe-inicial-cocreacion")
    html = get(client, report.get_absolute_url())
    assert "Universidad de los Andes" in html
    assert report.commitment.get_absolute_url() in html
    assert "Proceso de cocreación (informe inicial)" in html


def test_committee_page_groups_members_by_sector(client, seeded):
    committee = Committee.objects.get()
    html = get(client, committee.get_absolute_url())
    assert "12 integrantes" in html
    assert len(re.findall(r'<section class="sector"><h2>', html)) == 6


def test_consultation_page_shows_results_after_closing(client, seeded):
    consultation = Consultation.objects.get(slug="consulta-virtual-2022")
    html = get(client, consultation.get_absolute_url())
    assert "<svg" in html and "<table>" in html
    assert "más de 300" in html
    assert "<dd>14 de noviembre de 2022, 00:00</dd>" in html
    assert "<dd>21 de noviembre de 2022, 23:59</dd>" in html
    assert "Contenido ilustrativo" in html


def test_initiatives_are_grouped_in_the_plans_order(client, seeded):
    html = get(client, "/iniciativas/")
    headings = re.findall(r"<section><h2>([^<]+)</h2>", html)
    assert headings == [
        "Iniciativas de gobierno abierto",
        "Canales virtuales de denuncia",
        "Plataformas de gobierno abierto",
    ]
    for initiative in Initiative.objects.live():
        assert initiative.title in html
    assert (
        html.index("Códigos QR") < html.index("Portal de Denuncias") < html.index("Gestión Abierta")
    )


def test_institutions_page(client, seeded):
    html = get(client, "/instituciones/")
    assert "Secretaría de Planeación" in html
    assert "Organismo de monitoreo independiente" in html


def test_sitemap_lists_every_public_page_and_snippet(client, seeded):
    xml = get(client, "/sitemap.xml")
    for path in [
        "/",
        "/plan-de-accion-2023/",
        "/comite-ciudadano/",
        "/compromisos/",
        "/informes/",
        "/instituciones/",
        "/iniciativas/",
    ]:
        assert f"<loc>http://testserver{path}</loc>" in xml or f"{path}</loc>" in xml, path
    for model in (Commitment, MonitorReport, Committee, Consultation):
        for obj in model.objects.live():
            assert f"{obj.get_absolute_url()}</loc>" in xml


def test_robots_txt_points_to_the_sitemap(client, seeded):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap:" in text and "sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_report_dates_are_lower_case_spanish(client, seeded):
    MonitorReport.objects.create(
        title="Informe con fecha",
        slug="informe-con-fecha",
        moment="learning",
        date=dt.date(2023, 6, 1),
        live=True,
    )
    assert "<dd>1 de junio de 2023</dd>" in get(client, "/informes/informe-con-fecha/")
    assert "<dd>1 de junio de 2023</dd>" in get(client, "/informes/")


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/", "Inicio"),
        ("/compromisos/", "Compromisos"),
        ("/informes/", "Informes"),
        ("/comite-ciudadano/", "Comité Ciudadano de Seguimiento"),
        ("/instituciones/", None),
    ],
)
def test_main_navigation_marks_the_current_page(client, seeded, url, current):
    html = get(client, url)
    nav = html[html.index('<nav class="main-nav"') :]
    nav = nav[: nav.index("</nav>")]
    marked = re.findall(r'aria-current="page">([^<]+)</a>', nav)
    assert marked == ([current] if current else [])


def heading_levels(html):
    """The heading levels inside <main>, in document order."""
    main = html[html.index("<main") : html.index("</main>")]
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", main)]


def assert_no_skipped_level(url, levels):
    assert levels and levels[0] == 1, (url, levels)
    for previous, level in zip(levels, levels[1:], strict=False):
        assert level <= previous + 1, f"{url}: h{previous} followed by h{level} in {levels}"


def test_snippet_pages_never_skip_a_heading_level(client, seeded):
    commitment = Commitment.objects.get(code="COCDI0001")
    report = MonitorReport.objects.live().exclude(commitment=None).first()
    urls = [commitment.get_absolute_url(), "/compromisos/", "/informes/", report.get_absolute_url()]
    for url in urls:
        assert_no_skipped_level(url, heading_levels(get(client, url)))
    # The commitment page: h1 title, then its sections («Problema»...) as h2.
    html = get(client, commitment.get_absolute_url())
    assert re.search(r"<h2>Problema</h2>", html)


def test_blocks_keep_the_heading_hierarchy(client, seeded):
    import json
    import uuid

    from home.models import ContentPage, HomePage

    commitment = Commitment.objects.get(code="COCDI0001")
    # Lists without a heading of their own come first, right under the page's h1.
    body = [
        ("commitment_list", {"heading": "", "axis": "", "status": ""}),
        ("monitor_reports", {"heading": "", "moment": "", "limit": None}),
        ("commitment", {"commitment": commitment.pk, "show_milestones": True}),
        ("commitment_list", {"heading": "Todos", "axis": "", "status": ""}),
        ("monitor_reports", {"heading": "Informes", "moment": "", "limit": None}),
    ]
    page = ContentPage(
        title="Bloques y títulos",
        slug="bloques-y-titulos",
        body=json.dumps([{"type": t, "value": v, "id": str(uuid.uuid4())} for t, v in body]),
    )
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    levels = heading_levels(get(client, page.url))
    assert_no_skipped_level(page.url, levels)
    assert 3 in levels  # the commitment block's sections sit under its h2

"""The snippets' public pages: lists, filters, details, 404s, sitemap and robots.txt."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from cms_blocks.models import (
    Commitment,
    Committee,
    Consultation,
    Initiative,
    Institution,
    Milestone,
    MonitorReport,
)
from tests import factories as f
from tests.cms_blocks.testsite.factories import TestPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ogp_commitment(content):
    """A commitment with every OGP field, half of its (illustrative) milestones done, one
    milestone without dates, and the initial report assessing it."""
    commitment = f.CommitmentFactory(
        code="PRUEBA0001",
        title="Juntas vecinales y contratación pública",
        axis=content.axes[0],
        lead_institution=content.lead,
        status_quo="<p>La situación de hoy.</p>",
        value_civic_participation=True,
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2023, 11, 30),
        monitor_verifiable=True,
        monitor_relevant=True,
        monitor_new_practice=True,
        monitor_potential="practice_change",
        milestones=[
            f.MilestoneFactory.build(status=Milestone.Status.COMPLETED, is_illustrative=True),
            f.MilestoneFactory.build(start_date=None, end_date=None, is_illustrative=True),
        ],
    )
    f.MonitorReportFactory(
        title="Informe Inicial del monitor", monitor=content.monitor, commitment=commitment
    )
    return commitment


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_commitment_list_filters_by_axis_and_status(client, content):
    cocdi = content.commitments[1]  # in progress
    cuenta = content.commitments[0]  # completed
    html = get(client, "/compromisos/")
    assert cocdi.title in html and cuenta.title in html
    html = get(client, "/compromisos/?estado=completed")
    assert cuenta.title in html and cocdi.title not in html
    assert '<option value="completed" selected>' in html  # the choice is kept
    html = get(client, f"/compromisos/?eje={content.axes[1].slug}")
    assert content.commitments[2].title in html and cuenta.title not in html
    # An unknown status is ignored rather than failing.
    html = get(client, "/compromisos/?estado=<script>")
    assert cocdi.title in html and "<script>" not in html
    html = get(client, "/compromisos/?eje=no-existe")
    assert "No hay compromisos publicados con estos criterios." in html


@pytest.mark.parametrize("value", ["\x00", "a\x00b", "\u00c0\u00af", "x" * 500])
def test_commitment_list_survives_hostile_filters(rf, content, value):
    """Called directly: the view itself copes, whatever middleware a host site has."""
    from cms_blocks.views import commitment_list

    response = commitment_list(rf.get("/compromisos/", {"eje": value, "estado": value}))
    assert response.status_code == 200
    assert "No hay compromisos publicados con estos criterios." in response.content.decode()


def test_commitment_card_without_facts_has_no_empty_list(client, content):
    f.CommitmentFactory(
        title="Compromiso sin datos",
        code="",
        axis=None,
        lead_institution=None,
        milestones=[f.MilestoneFactory.build(status=Milestone.Status.COMPLETED)],
    )
    html = get(client, "/compromisos/?estado=completed")
    html = html[html.index("Compromiso sin datos") - 400 :]
    card = html[html.index('<article class="card commitment-card"') :]
    card = card[: card.index("</article>")]
    assert "Compromiso sin datos" in card
    assert '<dl class="facts">' not in card  # no code, axis nor lead institution


def test_commitment_detail_shows_the_ogp_fields(client, ogp_commitment):
    commitment = ogp_commitment
    html = get(client, commitment.get_absolute_url())
    for text in [
        "PRUEBA0001",
        "Problema",
        "Situación actual",
        "participación cívica",
        "Valoración del monitor independiente",
        "Cambio positivo en una práctica",
        "Hitos",
        "50 %",
        "calculado con hitos ilustrativos",
        "Informe Inicial",
        'aria-label="Ruta"',  # the breadcrumbs the extension gives the host's base template
    ]:
        assert text in html, text
    assert "<dd>Enero de 2023 – noviembre de 2023</dd>" in html
    # A milestone without dates shows one dash, not "— – —".
    assert "— – —" not in html


def test_report_pages(client, ogp_commitment):
    html = get(client, "/informes/")
    for report in MonitorReport.objects.live():
        assert report.get_absolute_url() in html
    report = MonitorReport.objects.get(commitment=ogp_commitment)
    html = get(client, report.get_absolute_url())
    assert report.monitor.name in html
    assert report.commitment.get_absolute_url() in html
    assert "Proceso de cocreación (informe inicial)" in html


def test_committee_page_groups_members_by_sector(client, content):
    committee = Committee.objects.get()
    html = get(client, committee.get_absolute_url())
    assert "4 integrantes" in html
    assert len(re.findall(r'<section class="sector"><h2>', html)) == 3


def test_consultation_page_shows_results_after_closing(client, content):
    opens = timezone.make_aware(dt.datetime(2022, 11, 14, 0, 0))
    consultation = f.ConsultationFactory(
        opens_at=opens,
        closes_at=timezone.make_aware(dt.datetime(2022, 11, 21, 23, 59)),
        reported_participants=300,
        participants_qualifier="más de",
        options=[
            f.ConsultationOptionFactory.build(reported_votes=v, is_illustrative=True)
            for v in (120, 80)
        ],
    )
    html = get(client, consultation.get_absolute_url())
    assert "<svg" in html and "<table>" in html
    assert "más de 300" in html
    assert "<dd>14 de noviembre de 2022 a las 00:00</dd>" in html
    assert "<dd>21 de noviembre de 2022 a las 23:59</dd>" in html
    assert "Contenido ilustrativo" in html


def test_initiatives_are_grouped_in_the_plans_order(client, content):
    html = get(client, "/iniciativas/")
    headings = re.findall(r"<section><h2>([^<]+)</h2>", html)
    assert headings == [
        "Iniciativas de gobierno abierto",
        "Canales virtuales de denuncia",
        "Plataformas de gobierno abierto",
    ]
    for initiative in Initiative.objects.live():
        assert initiative.title in html
    kinds = [f"Iniciativa: {kind.label}" for kind in Initiative.Kind]
    assert html.index(kinds[0]) < html.index(kinds[1]) < html.index(kinds[2])


def test_institutions_page(client, content):
    html = get(client, "/instituciones/")
    assert "Secretaría de Planeación" in html
    assert "Organismo de monitoreo independiente" in html
    assert Institution.objects.live().count() > 1


def test_sitemap_lists_every_public_page_and_snippet(client, content):
    TestPageFactory(parent=content.home, title="Plan de acción", slug="plan-de-accion")
    xml = get(client, "/sitemap.xml")
    for path in [
        "/",
        "/plan-de-accion/",
        "/compromisos/",
        "/informes/",
        "/instituciones/",
        "/iniciativas/",
    ]:
        assert f"<loc>http://testserver{path}</loc>" in xml or f"{path}</loc>" in xml, path
    for model in (Commitment, MonitorReport, Committee, Consultation):
        for obj in model.objects.live():
            assert f"{obj.get_absolute_url()}</loc>" in xml


def test_report_dates_are_lower_case_spanish(client, content):
    f.MonitorReportFactory(
        title="Informe con fecha",
        slug="informe-con-fecha",
        moment="learning",
        date=dt.date(2023, 6, 1),
    )
    assert "<dd>1 de junio de 2023</dd>" in get(client, "/informes/informe-con-fecha/")
    assert "<dd>1 de junio de 2023</dd>" in get(client, "/informes/")


def heading_levels(html):
    """The heading levels inside <main>, in document order."""
    main = html[html.index("<main") : html.index("</main>")]
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", main)]


def assert_no_skipped_level(url, levels):
    assert levels and levels[0] == 1, (url, levels)
    for previous, level in zip(levels, levels[1:], strict=False):
        assert level <= previous + 1, f"{url}: h{previous} followed by h{level} in {levels}"


def test_snippet_pages_never_skip_a_heading_level(client, ogp_commitment):
    commitment = ogp_commitment
    report = MonitorReport.objects.live().exclude(commitment=None).first()
    urls = [commitment.get_absolute_url(), "/compromisos/", "/informes/", report.get_absolute_url()]
    for url in urls:
        assert_no_skipped_level(url, heading_levels(get(client, url)))
    # The commitment page: h1 title, then its sections («Problema»...) as h2.
    html = get(client, commitment.get_absolute_url())
    assert re.search(r"<h2>Problema</h2>", html)


def test_blocks_keep_the_heading_hierarchy(client, content, ogp_commitment):
    commitment = ogp_commitment
    # Lists without a heading of their own come first, right under the page's h1.
    body = [
        ("commitment_list", {"heading": "", "axis": "", "status": ""}),
        ("monitor_reports", {"heading": "", "moment": "", "limit": None}),
        ("commitment", {"commitment": commitment.pk, "show_milestones": True}),
        ("commitment_list", {"heading": "Todos", "axis": "", "status": ""}),
        ("monitor_reports", {"heading": "Informes", "moment": "", "limit": None}),
    ]
    page = TestPageFactory(parent=content.home, title="Bloques y títulos", body=f.stream(*body))
    levels = heading_levels(get(client, page.url))
    assert_no_skipped_level(page.url, levels)
    assert 3 in levels  # the commitment block's sections sit under its h2

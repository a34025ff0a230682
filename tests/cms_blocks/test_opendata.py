"""Open data: /datos/, the dataset files (CSV, JSON, XLSX), their caching, and the API v2."""

import csv
import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from cms_blocks import extensions
from cms_blocks.models import (
    Commitment,
    Committee,
    Consultation,
    ConsultationOption,
    Institution,
    Milestone,
    MonitorReport,
    ParticipantGroup,
)
from cms_blocks.opendata.datasets import DATASETS
from tests import factories as f

pytestmark = pytest.mark.django_db

FORMATS = ["csv", "json", "xlsx"]


def rows(client, slug, fmt, prefix="", **headers):
    """(header, rows as dicts of text) of a dataset file, read back from its format;
    ``prefix`` «/planes/<plan>» for one plan's file."""
    response = client.get(f"{prefix}/datos/{slug}.{fmt}", **headers)
    assert response.status_code == 200, response.content[:500]
    body = response.content
    if fmt == "csv":
        assert not body.startswith(b"\xef\xbb\xbf"), "CSV must be UTF-8 without BOM"
        reader = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
        header = next(reader)
        return header, [dict(zip(header, r, strict=True)) for r in reader]
    if fmt == "json":
        data = json.loads(body.decode("utf-8"))
        header = [f["nombre"] for f in data["campos"]]
        records = [
            {
                k: "" if v is None else ("; ".join(v) if isinstance(v, list) else str(v))
                for k, v in r.items()
            }
            for r in data["registros"]
        ]
        for record in data["registros"]:
            assert list(record) == header
        return header, records
    workbook = load_workbook(io.BytesIO(body))
    assert workbook.sheetnames == ["datos", "diccionario"]
    sheet = workbook["datos"]
    values = list(sheet.iter_rows(values_only=True))
    header = list(values[0])
    records = []
    for row in values[1:]:
        records.append(
            {
                k: ""
                if v is None
                else (v.isoformat()[:10] if isinstance(v, dt.datetime) else str(v))
                for k, v in zip(header, row, strict=True)
            }
        )
    return header, records


# -- the catalogue --------------------------------------------------------------------------


def test_datos_lists_every_dataset_with_its_dictionary(client, content):
    response = client.get("/datos/")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(DATASETS) == 9
    for slug, dataset in DATASETS.items():
        assert f'id="{slug}"' in html
        for fmt in FORMATS:
            assert f'href="/datos/{slug}.{fmt}"' in html
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in html
            assert str(column.description).split("«")[0][:25] in html
    assert "UTF-8 sin BOM" in html
    assert "4 registros publicados" in html  # the committee


def test_datos_query_count_is_constant(client, content, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        assert client.get("/datos/").status_code == 200


def test_unknown_dataset_or_format_is_404(client, content):
    assert client.get("/datos/nada.csv").status_code == 404
    assert client.get("/datos/compromisos.xml").status_code == 404
    assert client.post("/datos/compromisos.csv").status_code == 405


# -- exactly the published content, in the three formats --------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_committee_roster_is_the_members_with_public_role_fields_only(client, content, fmt):
    header, records = rows(client, "comite-seguimiento", fmt)
    assert header == ["plan", "nombre", "sector", "rol", "comite"]
    assert {r["plan"] for r in records} == {content.plan.slug}
    assert len(records) == len(content.members) == 4
    assert {(r["nombre"], r["sector"]) for r in records} == {
        (m.name, m.sector) for m in content.members
    }
    assert {r["comite"] for r in records} == {content.committee.name}
    assert {r["rol"] for r in records} == {"Integrante"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_institutions_are_the_published_ones(client, content, fmt):
    header, records = rows(client, "instituciones", fmt)
    assert header[:3] == ["nombre", "slug", "rol"]
    expected = {i.slug: i.name for i in content.institutions}
    assert {r["slug"]: r["nombre"] for r in records} == expected
    assert "Secretaría de Planeación" in {r["nombre"] for r in records}
    assert all(r["url"].startswith("http://testserver/instituciones/#") for r in records)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_dataset_downloads_with_the_content(client, content, fmt):
    sizes = {}
    for slug in DATASETS:
        _header, records = rows(client, slug, fmt)
        sizes[slug] = len(records)
    assert sizes == {
        "compromisos": 3,  # not the draft one
        "hitos": 5,  # 2 + 3 + 0, not the draft commitment's
        "instituciones": len(content.institutions),
        "comite-seguimiento": 4,
        "cifras-cocreacion": len(content.figures),
        "grupos-participantes": len(content.groups),
        "resultados-consultas": content.consultation.options.count(),
        "informes-monitor": len(content.reports),
        "avance-historico": 3,  # the first publication of each published commitment
    }


def _draft_changes(content):
    """A never-published institution, a pending draft on a live one, an unpublished member,
    and a draft that completes every milestone of a commitment."""
    f.InstitutionFactory(name="Institución en borrador", role="ally", draft=True)

    edited = content.coordinating
    edited.name = "Nombre cambiado en un borrador"
    edited.save_revision()

    content.members[2].unpublish()

    commitment = content.commitments[1]
    milestones = list(commitment.milestones.all())
    for milestone in milestones:
        milestone.status = Milestone.Status.COMPLETED
        milestone.title = "Hito cambiado en borrador"
    commitment.milestones = milestones
    commitment.title = "Título cambiado en un borrador"
    commitment.save_revision()
    return commitment


@pytest.mark.parametrize("fmt", FORMATS)
def test_drafts_and_unpublished_objects_never_appear(client, content, fmt):
    commitment = _draft_changes(content)
    commitment.refresh_from_db()
    assert commitment.has_unpublished_changes

    _h, institutions = rows(client, "instituciones", fmt)
    names = {r["nombre"] for r in institutions}
    assert "Institución en borrador" not in names
    assert "Nombre cambiado en un borrador" not in names
    assert "Secretaría de Planeación" in names
    assert len(institutions) == len(content.institutions)

    _h, members = rows(client, "comite-seguimiento", fmt)
    assert len(members) == 3
    assert content.members[2].name not in {r["nombre"] for r in members}

    _h, commitments = rows(client, "compromisos", fmt)
    row = next(r for r in commitments if r["slug"] == commitment.slug)
    assert row["titulo"] == "Contratación abierta"
    # One of three milestones is complete in the published version: the draft's are not counted.
    assert row["avance"] == "33"
    assert row["estado"] == "in_progress"

    _h, milestones = rows(client, "hitos", fmt)
    assert "Hito cambiado en borrador" not in {r["titulo"] for r in milestones}


def test_a_draft_does_not_change_the_published_progress_in_the_database(content):
    commitment = _draft_changes(content)
    live = Commitment.objects.get(pk=commitment.pk)
    assert (live.progress, live.status) == (33, "in_progress")
    assert live.title == "Contratación abierta"


def test_relations_to_unpublished_objects_are_left_empty(client, content):
    report = MonitorReport.objects.get(pk=content.reports[1].pk)  # it assesses a commitment
    report.commitment.unpublish()
    _h, reports = rows(client, "informes-monitor", "csv")
    row = next(r for r in reports if r["slug"] == report.slug)
    assert row["compromiso"] == ""
    _h, commitments = rows(client, "compromisos", "csv")
    assert report.commitment.slug not in {r["slug"] for r in commitments}
    _h, milestones = rows(client, "hitos", "csv")
    assert report.commitment.slug not in {r["compromiso"] for r in milestones}


# -- formats -----------------------------------------------------------------------------------


def test_csv_is_utf8_with_header_and_typed_values(client, content):
    response = client.get("/datos/compromisos.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="compromisos.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("plan,id,codigo,titulo,slug,")
    assert "\r\n" in text
    header, records = rows(client, "compromisos", "csv")
    commitment = content.commitments[1]
    row = next(r for r in records if r["codigo"] == commitment.code)
    assert row["valor_participacion_civica"] == "true"
    assert row["valor_rendicion_cuentas"] == "false"
    assert row["fecha_inicio"] == "2023-01-15"
    assert row["monitor_verificable"] == "true"
    assert row["monitor_cumplimiento"] == ""
    assert row["etiquetas"] == "contratación pública; juntas de acción comunal"
    assert row["url"] == f"http://testserver/compromisos/{commitment.slug}/"
    assert row["ultima_publicacion"].endswith("-06:00")  # the site's time zone (Mexico City)


def test_json_keeps_types(client, content):
    response = client.get("/datos/compromisos.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert 'filename="compromisos.json"' in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["conjunto"] == "compromisos"
    record = next(r for r in data["registros"] if r["codigo"] == content.commitments[1].code)
    assert record["avance"] == 33
    assert record["valor_participacion_civica"] is True
    assert record["monitor_cumplimiento"] == ""
    assert record["actores_involucrados"] == [content.monitor.slug]
    assert record["fecha_fin"] == "2023-12-15"


def test_xlsx_never_turns_text_into_formulas(client, content):
    group = ParticipantGroup.objects.live().first()
    group.name = '=HYPERLINK("http://example.org")'
    group.save_revision().publish()
    response = client.get("/datos/grupos-participantes.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content))["datos"]
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]  # «nombre», after «plan»
    formula = next(c for c in cells if str(c.value).startswith("="))
    assert formula.data_type == "s"
    dictionary = load_workbook(io.BytesIO(response.content))["diccionario"]
    assert [c.value for c in dictionary[1]] == ["campo", "tipo", "formato", "descripcion"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_neutralises_formulas_and_keeps_them_readable(client, content, start):
    group = ParticipantGroup.objects.live().first()
    group.name = f'{start}HYPERLINK("http://example.org","x")'
    group.save_revision().publish()
    header, records = rows(client, "grupos-participantes", "csv")
    assert header[:2] == ["plan", "nombre"]
    written = [r["nombre"] for r in records if "HYPERLINK" in r["nombre"]]
    assert written == [f"'{group.name}"]  # a leading apostrophe: text to every spreadsheet
    # JSON keeps the exact value.
    _, records = rows(client, "grupos-participantes", "json")
    assert group.name in [r["nombre"] for r in records]


def test_numbers_and_dates_are_not_escaped_and_the_import_restores_text(client, content):
    from cms_blocks.opendata.formats import csv_cell, restore_formula_text

    assert csv_cell(-5) == "-5" and csv_cell(dt.date(2023, 1, 2)) == "2023-01-02"
    assert csv_cell("-menos") == "'-menos" and csv_cell("texto") == "texto"
    assert restore_formula_text("'-menos") == "-menos"
    assert restore_formula_text("'texto con apóstrofo") == "'texto con apóstrofo"


def test_an_escaped_title_imports_back_unchanged(client, content):
    from cms_blocks.opendata.importers import CommitmentImport

    commitment = Commitment.objects.live().first()
    commitment.title = "=1+1 no es una fórmula"
    commitment.save_revision().publish()
    content = client.get("/datos/compromisos.csv").content
    assert b"'=1+1 no es una f" in content
    job = CommitmentImport(content)
    assert job.validate(), [str(i) for i in job.issues]
    assert job.summary()["update"] == 0  # the apostrophe is not taken as a change


# -- caching -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_caching_headers_and_conditional_get(client, content, fmt):
    url = f"/datos/instituciones.{fmt}"
    first = client.get(url)
    assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
    etag = first["ETag"]
    assert etag.startswith('"') and first["Last-Modified"].endswith("GMT")
    assert client.get(url)["ETag"] == etag  # stable (the XLSX file itself has timestamps)

    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""

    institution = Institution.objects.get(pk=content.coordinating.pk)
    institution.role_description = "Descripción publicada de nuevo."
    institution.save_revision().publish()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag

    # Unpublishing changes the content but not the newest publication date: the ETag changes.
    etag = changed["ETag"]
    Institution.objects.get(pk=content.coordinating.pk).unpublish()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


# -- query counts -----------------------------------------------------------------------------


def _queries(client, slug):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/datos/{slug}.csv").status_code == 200
    return len(ctx.captured_queries)


def _more_content():
    institutions = list(Institution.objects.live()[:3])
    for n in range(3):
        commitment = f.CommitmentFactory(
            milestones=[f.MilestoneFactory.build(sort_order=k) for k in range(3)],
            supporting_actors=institutions,
            tags=[f"etiqueta-{n}", "común"],
        )
        f.InstitutionFactory(role="ally")
        f.CommitteeMemberFactory(committee=Committee.objects.get(), sector="Academia")
        f.CoCreationFigureFactory(value=n)
        f.ParticipantGroupFactory()
        f.MonitorReportFactory(moment="learning", monitor=institutions[0], commitment=commitment)
    consultation = Consultation.objects.get()
    options = list(consultation.options.all())
    options += [ConsultationOption(title=f"Opción extra {n}", reported_votes=n) for n in range(3)]
    consultation.options = options
    consultation.save_revision().publish()


def test_query_count_per_dataset_does_not_grow_with_content(client, content):
    before = {slug: _queries(client, slug) for slug in DATASETS}
    _more_content()
    after = {slug: _queries(client, slug) for slug in DATASETS}
    print("queries per dataset:", before)
    assert after == before
    assert max(before.values()) <= 6, before


# -- consultation results ------------------------------------------------------------------------


def test_consultation_results_add_the_online_tally_and_hide_votes_while_secret(client, content):
    def tally(consultation, option_ids):
        return {option_ids[0]: 5} if consultation.results_visible() else {}

    extensions.register_tally_provider(tally)
    try:
        _h, records = rows(client, "resultados-consultas", "csv")
        first = records[0]
        assert first["resultados_publicados"] == "true"
        reported = int(first["votos_reportados"] or 0)
        assert first["votos_en_linea"] == "5"
        assert int(first["votos_totales"]) == reported + 5
        assert {r["votos_en_linea"] for r in records[1:]} == {"0"}
        assert {r["ilustrativo"] for r in records} == {"true"}

        now = timezone.now()
        f.ConsultationFactory(
            title="Consulta abierta",
            slug="consulta-abierta",
            question="¿Cuál?",
            opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=1),
            results_visibility=Consultation.ResultsVisibility.AFTER_CLOSE,
            options=[
                ConsultationOption(title="A", reported_votes=3),
                ConsultationOption(title="B"),
            ],
        )
        _h, records = rows(client, "resultados-consultas", "json")
        secret = [r for r in records if r["consulta"] == "consulta-abierta"]
        assert [r["opcion"] for r in secret] == ["A", "B"]
        assert {
            (r["votos_reportados"], r["votos_en_linea"], r["votos_totales"]) for r in secret
        } == {("", "", "")}
        assert {r["resultados_publicados"] for r in secret} == {"False"}
    finally:
        extensions.unregister_tally_provider(tally)


# -- API v2 ----------------------------------------------------------------------------------


def test_api_lists_published_commitments_with_milestones(client, content):
    commitment = _draft_changes(content)
    hidden = f.CommitmentFactory(title="Compromiso sin publicar", slug="sin-publicar", draft=True)

    listing = client.get("/api/v2/commitments/").json()
    assert listing["meta"]["total_count"] == len(content.commitments) == 3
    slugs = {item["slug"] for item in listing["items"]}
    assert "sin-publicar" not in slugs
    assert client.get(f"/api/v2/commitments/{hidden.pk}/").status_code == 404

    item = next(i for i in listing["items"] if i["slug"] == commitment.slug)
    assert item["meta"]["html_url"] == f"http://testserver/compromisos/{item['slug']}/"
    detail = client.get(item["meta"]["detail_url"]).json()
    assert detail["title"] == "Contratación abierta"
    assert detail["progress"] == 33
    assert len(detail["milestones"]) == 3
    assert "Hito cambiado en borrador" not in {m["title"] for m in detail["milestones"]}
    assert {a["slug"] for a in detail["supporting_actors"]} == {content.monitor.slug}
    assert "juntas de acción comunal" in detail["tags"]


def test_api_committee_members_are_public_role_fields_only(client, content):
    data = client.get("/api/v2/committee-members/").json()
    assert data["meta"]["total_count"] == 4
    detail = client.get(data["items"][0]["meta"]["detail_url"]).json()
    assert set(detail) == {"id", "meta", "name", "sector", "role", "committee", "plan"}
    assert set(detail["meta"]) == {"type", "detail_url"}


def test_api_institutions_reports_and_consultations(client, content):
    content.coordinating.unpublish()
    institutions = client.get("/api/v2/institutions/").json()
    assert institutions["meta"]["total_count"] == len(content.institutions) - 1
    reports = client.get("/api/v2/reports/").json()
    assert reports["meta"]["total_count"] == 2
    consultations = client.get("/api/v2/consultations/").json()
    assert consultations["meta"]["total_count"] == 1
    assert "results" not in consultations["items"][0]
    detail = client.get(consultations["items"][0]["meta"]["detail_url"]).json()
    assert len(detail["options"]) == 3
    assert len(detail["results"]) == 3
    assert client.get("/api/v2/consultations/?fields=results").status_code == 400
    # The existing endpoints are still there.
    assert client.get("/api/v2/pages/").status_code == 200

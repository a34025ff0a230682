"""The open datasets per language (issue 12): under another language each file has the same
columns, codes, dates and figures, and the text of a published translation where there is one
(the source text otherwise); the file says its language, and costs no more queries with
every object translated.

The extension's test site has one language and no language prefix: the English requests are
served here as ``/en/…`` would be (``TranslatedContentMiddleware``): the English interface
and the overlay active around the view."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from cms_blocks.models import CommitmentStatus
from cms_blocks.opendata import views
from cms_blocks.opendata.datasets import DATASETS
from tests.cms_blocks import test_translation
from tests.cms_blocks.test_translation import in_english
from tests.factories import translate, translate_commitment

pytestmark = pytest.mark.django_db

english = test_translation.english  # the fixture: English as a second content language


def download(slug, fmt, language=None, plan=None):
    request = RequestFactory().get(f"/datos/{slug}.{fmt}")
    if language == "en":
        with in_english():
            return views.dataset_response(request, DATASETS[slug], fmt, plan)
    return views.dataset_response(request, DATASETS[slug], fmt, plan)


def records(slug, language=None):
    return json.loads(download(slug, "json", language).content)["registros"]


def by(rows, key):
    return {row[key]: row for row in rows}


def test_english_files_have_the_same_columns_codes_and_dates_and_the_translated_text(
    content, english
):
    translated, untranslated = content.commitments[1], content.commitments[2]
    translate_commitment(translated, english, "Open contracting")
    translate(content.lead, english, name="Transparency Office")
    translate(content.monitor, english, name="Monitoring University")
    translate(content.reports[0], english, title="Initial report")

    spanish, inglish = records("compromisos"), records("compromisos", "en")
    assert [list(row) for row in inglish] == [list(row) for row in spanish]  # same keys
    assert len(inglish) == len(spanish)  # no English row as a record of its own
    shown, source = by(inglish, "id")[translated.pk], by(spanish, "id")[translated.pk]
    assert (shown["titulo"], shown["resumen"]) == ("Open contracting", "Open contracting: summary")
    assert source["titulo"] == "Contratación abierta"
    # The facts are the source's: codes, slugs of the relations, dates, figures, tags.
    for column in ("estado", "avance", "eje", "institucion_lider", "slug", "fecha_inicio"):
        assert shown[column] == source[column], column
    assert shown["etiquetas"] == source["etiquetas"]
    assert shown["estado"] in CommitmentStatus.values
    # An object without a translation keeps its Spanish text.
    assert by(inglish, "id")[untranslated.pk]["titulo"] == untranslated.title

    milestones = by(records("hitos", "en"), "id")
    for milestone in translated.milestones.all():
        assert milestones[milestone.pk]["titulo"] == f"EN {milestone.title}"
        assert milestones[milestone.pk]["estado"] == milestone.status  # a code
        assert milestones[milestone.pk]["fecha_fin"] == (
            milestone.end_date.isoformat() if milestone.end_date else None
        )
    spanish_milestones = by(records("hitos"), "id")
    for milestone in translated.milestones.all():
        assert spanish_milestones[milestone.pk]["titulo"] == milestone.title

    institutions = by(records("instituciones", "en"), "slug")
    assert institutions[content.lead.slug]["nombre"] == "Transparency Office"
    assert institutions[content.lead.slug]["rol"] == content.lead.role  # a code
    assert institutions[content.coordinating.slug]["nombre"] == content.coordinating.name

    reports = by(records("informes-monitor", "en"), "slug")
    assert reports[content.reports[0].slug]["titulo"] == "Initial report"
    assert reports[content.reports[0].slug]["organismo_monitoreo"] == "Monitoring University"
    assert reports[content.reports[0].slug]["momento"] == content.reports[0].moment

    history = records("avance-historico", "en")
    titles = {row["compromiso"]: row["titulo"] for row in history}
    assert titles[translated.slug] == "Open contracting"
    assert titles[untranslated.slug] == untranslated.title


def test_csv_and_xlsx_keep_their_header_and_translate_the_cells(content, english):
    translated = content.commitments[0]
    translate_commitment(translated, english, "Open budgets")
    for language in (None, "en"):
        text = download("compromisos", "csv", language).content.decode()
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == DATASETS["compromisos"].column_names()
        titles = {row[rows[0].index("id")]: row[rows[0].index("titulo")] for row in rows[1:]}
        expected = "Open budgets" if language else translated.title
        assert titles[str(translated.pk)] == expected

        workbook = load_workbook(io.BytesIO(download("compromisos", "xlsx", language).content))
        sheet = workbook["datos"]  # the sheets' names do not change either
        header = [cell.value for cell in sheet[1]]
        assert header == DATASETS["compromisos"].column_names()
        cells = {
            row[header.index("id")]: row[header.index("titulo")]
            for row in sheet.iter_rows(min_row=2, values_only=True)
        }
        assert cells[translated.pk] == expected
        assert [c.value for c in workbook["diccionario"][1]] == [
            "campo",
            "tipo",
            "formato",
            "descripcion",
        ]


def test_a_draft_translation_lends_nothing_to_the_files(content, english):
    commitment = content.commitments[0]
    translate(commitment, english, live=False, title="Not approved yet")
    assert by(records("compromisos", "en"), "id")[commitment.pk]["titulo"] == commitment.title


def test_the_file_says_its_language_and_its_etag_depends_on_it(content, english):
    spanish = download("compromisos", "json")
    inglish = download("compromisos", "json", "en")
    assert spanish["Content-Language"] == "es-mx"
    assert inglish["Content-Language"] == "en"
    # Even with no translated object the dictionary is in English: another ETag.
    assert spanish["ETag"] != inglish["ETag"]
    metadata = json.loads(inglish.content)
    assert set(metadata) == set(json.loads(spanish.content))  # «conjunto», «titulo», …
    assert metadata["conjunto"] == "compromisos"
    assert metadata["titulo"] != json.loads(spanish.content)["titulo"]  # the English title


def count_records_queries(language=None):
    counts = {}
    for slug, dataset in DATASETS.items():
        if language == "en":
            with in_english():
                dataset.records()  # warm: the translations' text is read once, then cached
                with CaptureQueriesContext(connection) as queries:
                    dataset.records()
        else:
            dataset.records()
            with CaptureQueriesContext(connection) as queries:
                dataset.records()
        counts[slug] = len(queries.captured_queries)
    return counts


def test_the_english_files_cost_the_queries_of_the_spanish_ones(content, english):
    spanish = count_records_queries()
    assert count_records_queries("en") == spanish
    for commitment in content.commitments:
        translate_commitment(commitment, english, f"EN {commitment.title}")
    for institution in content.institutions:
        translate(institution, english, name=f"EN {institution.name}")
    for report in content.reports:
        translate(report, english, title=f"EN {report.title}")
    for member in content.members:
        translate(member, english, role="Member")
    translate(content.committee, english, name="Monitoring committee")
    assert count_records_queries("en") == spanish
    # and the text is the translations'
    assert all(row["titulo"].startswith("EN ") for row in records("compromisos", "en"))
    assert {row["comite"] for row in records("comite-seguimiento", "en")} == {
        "Monitoring committee"
    }


def test_the_catalogue_says_how_to_read_other_languages_only_when_there_are(client, content):
    assert "?locale=" not in client.get("/datos/").content.decode()


def test_the_catalogue_explains_the_languages(client, content, english):
    html = client.get("/datos/").content.decode()
    assert "?locale=en" in html
    assert "los nombres de los campos, los códigos, las fechas y las cifras" in html

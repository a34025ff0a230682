"""The site's open data per plan, on the real seed (one plan, slug «2023»)."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms_blocks.models import ActionPlan
from cms_blocks.opendata.datasets import DATASETS, plan_datasets
from cms_blocks.opendata.importers import CommitmentImport

pytestmark = pytest.mark.django_db


def csv_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"), newline="")))


def test_the_seed_plans_files_are_datos_files_of_one_plan(client, seeded):
    for dataset in plan_datasets():
        everything = csv_rows(client, f"/datos/{dataset.slug}.csv")
        mine = csv_rows(client, f"/planes/2023/datos/{dataset.slug}.csv")
        assert mine == everything, dataset.slug  # the seed has a single plan
        assert {r["plan"] for r in mine} <= {"2023"}, dataset.slug
    assert len(csv_rows(client, "/planes/2023/datos/compromisos.csv")) > 0
    assert "plan" not in csv_rows(client, "/datos/instituciones.csv")[0]


def test_the_seed_plans_catalogue_and_datos_link_to_each_other(client, seeded):
    html = client.get("/datos/").content.decode()
    assert 'href="/planes/2023/datos/"' in html
    page = client.get("/planes/2023/datos/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'href="/datos/#instituciones"' in html
    for dataset in plan_datasets():
        assert f'href="/planes/2023/datos/{dataset.slug}.xlsx"' in html
    assert len(DATASETS) == len(plan_datasets()) + 1  # institutions: shared


def test_the_seed_plans_export_reimports_unchanged(client, seeded):
    plan = ActionPlan.objects.get(slug="2023")
    commitments = client.get("/planes/2023/datos/compromisos.csv").content
    milestones = client.get("/planes/2023/datos/hitos.csv").content
    job = CommitmentImport(commitments, milestones, action_plan=plan)
    assert job.validate(), [str(i) for i in job.issues]
    summary = job.summary()
    assert summary["create"] == summary["update"] == 0 and summary["unchanged"] > 0


@pytest.mark.parametrize(
    "url", ["/planes/2023/datos/", "/planes/2023/datos/compromisos.csv", "/datos/"]
)
def test_open_data_query_budget(client, seeded, settings, url):
    settings.OGP_PAGE_CACHE = False  # the view's own queries, not a stored page
    client.get(url)  # warm the fragment caches (menu, settings, Site)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    print(url, len(context.captured_queries))
    budget = 4 if url.endswith(".csv") else 13  # measured on the seed
    assert len(context.captured_queries) <= budget

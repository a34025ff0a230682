"""The open-data catalogues count every dataset in one query, and the counts are the files'.

/datos/ and /planes/<plan>/datos/ show how many records each dataset has. They are counted by
the database in one ``UNION ALL`` (``datasets.count_rows``), so a catalogue costs the same number
of queries with 10x the content, and each count is the number of records its file holds.
"""

import datetime as dt

import pytest

from cms_blocks.opendata.datasets import DATASETS, count_rows, plan_datasets
from tests import factories as f
from tests.cms_blocks.test_query_counts import count_queries, grow_content

pytestmark = pytest.mark.django_db


def catalogue_urls(plan):
    return {"/datos/": "/datos/", "plan": f"/planes/{plan.slug}/datos/"}


def record_counts(plan=None):
    datasets = DATASETS.values() if plan is None else plan_datasets()
    return {dataset.slug: len(dataset.records(plan=plan)[0]) for dataset in datasets}


def test_the_catalogues_query_counts_do_not_grow_and_count_what_the_files_hold(client, content):
    urls = catalogue_urls(content.plan)
    before = {name: count_queries(client, url) for name, url in urls.items()}
    grow_content(content)
    after = {name: count_queries(client, url) for name, url in urls.items()}
    report = {name: (before[name][0], after[name][0]) for name in urls}
    assert all(b == a for b, a in report.values()), (report, after)
    # The plans and the counts: no query per dataset.
    assert before["/datos/"][0] <= 2, "\n".join(before["/datos/"][1])
    counts = [sql for sql in after["/datos/"][1] if "COUNT(" in sql.upper()]
    assert len(counts) == 1 and counts[0].upper().count("UNION ALL") == len(DATASETS) - 1
    # Each count is the number of records of its file, every plan's and one plan's.
    assert count_rows(DATASETS.values()) == record_counts()
    assert count_rows(plan_datasets(), content.plan) == record_counts(content.plan)
    assert all(record_counts().values())  # every dataset has records: no vacuous zero


def test_an_empty_dataset_counts_zero(content):
    """A plan with nothing published in it yet: every count is there, and is 0."""
    empty = f.ActionPlanFactory(
        slug="2031", period_start=dt.date(2031, 1, 1), period_end=dt.date(2034, 12, 31)
    )
    counts = count_rows(plan_datasets(), empty)
    assert counts == {dataset.slug: 0 for dataset in plan_datasets()}
    assert counts == record_counts(empty)


def test_the_catalogue_shows_the_counts(client, content):
    html = client.get("/datos/").content.decode()
    for slug, n in count_rows(DATASETS.values()).items():
        section = html.split(f'id="{slug}"', 1)[1].split("</section>", 1)[0]
        noun = "registro publicado" if n == 1 else "registros publicados"
        assert f"{n} {noun}" in section, slug

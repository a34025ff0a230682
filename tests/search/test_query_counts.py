"""What a search costs: the plans read once, and PostgreSQL's planner setting in the same round
trip as each statement, scoped to it, with a failed statement leaving the transaction usable."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from cms_blocks import queries
from cms_blocks.models import ActionPlan
from search import engine
from search.models import SearchDocument
from search.views import _current_among
from tests import factories as f

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's planner setting"
)


def warm_search(client, **params):
    client.get("/buscar/", params)  # warm the caches (site root paths...)
    with CaptureQueriesContext(connection) as context:
        response = client.get("/buscar/", params)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in context.captured_queries]


def test_the_plans_are_read_once_and_the_current_one_is_marked(client, seeded):
    f.ActionPlanFactory(
        slug="2031", period_start=dt.date(2031, 1, 1), period_end=dt.date(2034, 12, 31)
    )
    f.ActionPlanFactory(
        slug="2019", period_start=dt.date(2019, 1, 1), period_end=dt.date(2020, 12, 31)
    )
    html, sql = warm_search(client, q="compromisos")
    plan_reads = [q for q in sql if 'FROM "cms_blocks_actionplan"' in q.split("WHERE")[0]]
    assert len(plan_reads) == 1, plan_reads
    current = queries.current_plan()
    assert f"{current.title} (plan vigente)" in html
    assert html.count("(plan vigente)") == 1


@pytest.mark.parametrize("shift", ["as seeded", "all upcoming", "same start"])
def test_the_current_plan_among_those_read_is_the_querysets_current(seeded, shift):
    f.ActionPlanFactory(
        slug="2031", period_start=dt.date(2031, 1, 1), period_end=dt.date(2034, 12, 31)
    )
    f.ActionPlanFactory(
        slug="2019", period_start=dt.date(2019, 1, 1), period_end=dt.date(2020, 12, 31)
    )
    if shift == "all upcoming":  # before any plan has begun: the first to begin
        for years, plan in enumerate(ActionPlan.objects.order_by("pk"), start=10):
            ActionPlan.objects.filter(pk=plan.pk).update(
                period_start=dt.date(2040 + years, 1, 1), period_end=dt.date(2060, 1, 1)
            )
    elif shift == "same start":  # a tie: the later primary key
        ActionPlan.objects.update(period_start=dt.date(2020, 1, 1))
    expected = queries.current_plan()
    assert expected is not None
    assert _current_among(list(queries.live_plans())) == expected
    assert _current_among([]) is None


@on_postgresql
def test_a_search_in_a_transaction_leaves_sequential_scans_on(seeded):
    outcome = engine.PostgresEngine().search(["compromis"], limit=5)
    assert outcome.total > 0 and outcome.documents
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"


@on_postgresql
def test_the_statement_is_planned_without_sequential_scans_in_one_round_trip(seeded):
    with CaptureQueriesContext(connection) as context, connection.cursor() as cursor:
        rows = engine._without_seqscan(
            cursor, "SELECT current_setting('enable_seqscan'), %s", ["x"]
        )
        assert rows == [("off", "x")]
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
    assert len(context.captured_queries) == 2  # the statement with its setting, and SHOW


@on_postgresql
def test_a_failed_search_statement_leaves_the_transaction_usable(seeded):
    """A tsquery PostgreSQL refuses (the view never sends one: only letters and digits reach
    it) raises a DatabaseError, which the view turns into its Spanish message; the request's
    other queries still run."""
    with pytest.raises(DatabaseError):
        engine.PostgresEngine().search(["a'b"])
    assert SearchDocument.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"


def test_a_search_with_results_costs_a_fixed_number_of_queries(client, seeded):
    """5 on SQLite without results (QUERY_BUDGETS); a page of results adds its ranked ids and
    the documents (2); PostgreSQL, inside a test's transaction, its savepoint (2)."""
    _html, none = warm_search(client, q="agua")
    html, found = warm_search(client, q="compromisos")
    assert "search-result" in html
    extra = 2 if connection.vendor == "postgresql" else 0
    assert len(none) <= 5 + extra, "\n".join(q[:160] for q in none)
    assert len(found) <= 7 + extra, "\n".join(q[:160] for q in found)
    # No round trip for the planner setting alone: it travels with a statement.
    assert not [q for q in none + found if q.startswith("SET ") and "SELECT" not in q]

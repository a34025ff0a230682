"""Runs a parsed query against the index: one ranked list over every kind of content.

The engine depends on the database (or on an external search server):

- ``SQLiteEngine``: FTS5 ``MATCH`` over the normalised terms, ranked by ``bm25`` with the
  title weighing 10, the lead 3 and the body 1.
- ``PostgresEngine``: the generated ``tsvector`` (title A, lead B, body C) with a GIN
  index, ranked by ``ts_rank``.
- ``ExternalEngine``: OpenSearch/Elasticsearch through Wagtail's backend and its Spanish
  analyser (``SEARCH_BACKEND_URL``).
- ``FallbackEngine``: plain SQL ``LIKE`` on the terms (a database without full-text).

Every engine returns the same ``Outcome``: the documents of the requested page, in order of
relevance, the total, and the count per kind (facets, with the plan and axis filters but
not the kind filter applied). ``plan_id`` narrows the search to one action plan's documents
(those of no plan, such as institutions, are then left out), ``axis_id`` to one axis's.
"""

import contextlib
import logging
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Concat

from . import db
from .conf import uses_external_engine
from .models import SearchDocument

logger = logging.getLogger(__name__)

AND, OR = "and", "or"
TABLE = SearchDocument._meta.db_table


@dataclass
class Outcome:
    documents: list = field(default_factory=list)
    total: int = 0
    facets: dict = field(default_factory=dict)


def _total(facets, kinds):
    if kinds:
        return sum(facets.get(k, 0) for k in kinds)
    return sum(facets.values())


def _in_order(ids):
    documents = SearchDocument.objects.select_related("plan").in_bulk(ids)
    return [documents[i] for i in ids if i in documents]


def _protected():
    """Inside a transaction, a savepoint: a failed search (the view shows its Spanish message)
    then leaves the transaction usable for the rest of the request. Outside one (autocommit,
    how the site runs), nothing: each statement is its own transaction already."""
    return transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()


def _without_seqscan(cursor, sql, params):
    """The rows of ``sql``, planned with sequential scans off, in one round trip.

    ``SET LOCAL`` travels with the statement: outside a transaction, the statements of one
    query string are one implicit transaction, so the setting ends with the search; inside one,
    the trailing ``SET LOCAL ... DEFAULT`` ends it, so that no other query of the transaction
    is planned without sequential scans. (psycopg's client-side binding, Django's default,
    allows several statements in one ``execute``; the cursor starts at the first result.)
    """
    cursor.execute(
        f"SET LOCAL enable_seqscan = off; {sql}; SET LOCAL enable_seqscan = DEFAULT", params
    )
    cursor.nextset()
    return cursor.fetchall()


class PostgresEngine:
    """The generated tsvector (title A, lead B, body C) behind a GIN index.

    The matches are found through the GIN index (a bitmap scan: the planner would otherwise
    pick a sequential scan that unpacks every document's vector). Up to
    ``FULL_RANK_MATCHES`` matches are ranked by ``ts_rank`` on the whole vector; above, by
    ``ts_rank`` on ``rank_vector`` (title and lead, kept in the row), so that a query
    matching thousands of documents stays fast.
    """

    name = "postgresql-tsvector"
    supports_tags = True
    FULL_RANK_MATCHES = 1000

    def search(
        self,
        terms,
        *,
        kinds=(),
        axis_id=None,
        plan_id=None,
        tag_id=None,
        offset=0,
        limit=10,
        operator=AND,
        text="",
    ):
        if not terms:
            return Outcome()
        expression = (" | " if operator == OR else " & ").join(f"'{t}'" for t in terms)
        from_where = (
            f"FROM {TABLE} d, to_tsquery('simple', %s) query WHERE d.search_vector @@ query"
        )
        filters, params = "", [expression]
        if axis_id is not None:
            filters += " AND d.axis_id = %s"
            params.append(axis_id)
        if plan_id is not None:
            filters += " AND d.plan_id = %s"
            params.append(plan_id)
        if tag_id is not None:  # the documents' "t<tag id>" filter term
            filters += " AND (' ' || d.filter_terms || ' ') LIKE %s"
            params.append(f"% t{int(tag_id)} %")
        with _protected(), connection.cursor() as cursor:
            facets = dict(
                _without_seqscan(
                    cursor, f"SELECT d.kind, COUNT(*) {from_where}{filters} GROUP BY d.kind", params
                )
            )
            total = _total(facets, kinds)
            if not total or offset >= total:
                return Outcome([], total, facets)
            if kinds:
                filters += f" AND d.kind IN ({', '.join(['%s'] * len(kinds))})"
                params += list(kinds)
            vector = "search_vector" if total <= self.FULL_RANK_MATCHES else "rank_vector"
            # Titles weigh more: first the documents whose title holds more of the query's
            # words, then ts_rank (weights A 1.0, B 0.4, C 0.2; length-normalised).
            hits = " + ".join(["(strpos(' ' || d.title_terms || ' ', %s) > 0)::int"] * len(terms))
            rows = _without_seqscan(
                cursor,
                f"SELECT d.id {from_where}{filters} ORDER BY ({hits}) DESC, "
                f"ts_rank(d.{vector}, query, 1) DESC, d.id LIMIT %s OFFSET %s",
                [*params, *(f" {t} " for t in terms), limit, offset],
            )
            ids = [row[0] for row in rows]
        return Outcome(_in_order(ids), total, facets)

    def after_bulk_change(self):
        pass


class SQLiteEngine:
    """FTS5 alone, without reading the documents' rows: the kind, plan and axis filters are terms
    of the ``filter_terms`` column, facets are per-kind counts (fast: no ranking), and the
    page is ranked by title matches, then BM25 (title 10, lead 3, body 1)."""

    name = "sqlite-fts5"
    supports_tags = True
    WEIGHTS = "10.0, 3.0, 1.0, 0.0"  # title, lead, body, filters

    def _match(self, terms, operator, kinds=(), axis_id=None, plan_id=None, tag_id=None):
        quoted = [f'"{t}"' for t in terms]  # terms are letters and digits only
        words = (" OR " if operator == OR else " AND ").join(quoted)
        expression = f"{{title_terms lead_terms body_terms}}: ({words})"
        if axis_id is not None:
            expression += f' AND {{filter_terms}}: "a{int(axis_id)}"'
        if plan_id is not None:
            expression += f' AND {{filter_terms}}: "p{int(plan_id)}"'
        if tag_id is not None:
            expression += f' AND {{filter_terms}}: "t{int(tag_id)}"'
        if kinds:
            expression += " AND {filter_terms}: (" + " OR ".join(f'"k{k}"' for k in kinds) + ")"
        return expression

    def search(
        self,
        terms,
        *,
        kinds=(),
        axis_id=None,
        plan_id=None,
        tag_id=None,
        offset=0,
        limit=10,
        operator=AND,
        text="",
    ):
        if not terms:
            return Outcome()
        from .indexing import SOURCES_BY_KIND

        fts = db.FTS_TABLE
        all_kinds = list(SOURCES_BY_KIND)
        count = f"SELECT %s, count(*) FROM {fts} WHERE {fts} MATCH %s"
        params = []
        for kind in all_kinds:
            params += [kind, self._match(terms, operator, [kind], axis_id, plan_id, tag_id)]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join([count] * len(all_kinds)), params)
            facets = {kind: n for kind, n in cursor.fetchall() if n}
            total = _total(facets, kinds)
            if not total or offset >= total:
                return Outcome([], total, facets)
            title_hits = " + ".join(
                [f"(rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s))"] * len(terms)
            )
            cursor.execute(
                f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s "
                f"ORDER BY ({title_hits}) DESC, bm25({fts}, {self.WEIGHTS}), rowid "
                "LIMIT %s OFFSET %s",
                [
                    self._match(terms, operator, kinds, axis_id, plan_id, tag_id),
                    *(f'{{title_terms}}: "{t}"' for t in terms),
                    limit,
                    offset,
                ],
            )
            ids = [row[0] for row in cursor.fetchall()]
        return Outcome(_in_order(ids), total, facets)

    def after_bulk_change(self):
        pass


class FallbackEngine:
    """Any database: word matches on the padded terms, the title first. Slow but correct."""

    name = "fallback"
    supports_tags = True

    def search(
        self,
        terms,
        *,
        kinds=(),
        axis_id=None,
        plan_id=None,
        tag_id=None,
        offset=0,
        limit=10,
        operator=AND,
        text="",
    ):
        if not terms:
            return Outcome()
        padded = {
            c: Concat(Value(" "), F(c), Value(" "))
            for c in ("title_terms", "lead_terms", "body_terms")
        }
        queryset = SearchDocument.objects.select_related("plan").annotate(
            **{f"_{c}": e for c, e in padded.items()}
        )
        conditions = [
            Q(_title_terms__contains=f" {t} ")
            | Q(_lead_terms__contains=f" {t} ")
            | Q(_body_terms__contains=f" {t} ")
            for t in terms
        ]
        match = conditions[0]
        for condition in conditions[1:]:
            match = (match | condition) if operator == OR else (match & condition)
        queryset = queryset.filter(match)
        if axis_id is not None:
            queryset = queryset.filter(axis_id=axis_id)
        if plan_id is not None:
            queryset = queryset.filter(plan_id=plan_id)
        if tag_id is not None:
            queryset = queryset.annotate(
                _filter_terms=Concat(Value(" "), F("filter_terms"), Value(" "))
            ).filter(_filter_terms__contains=f" t{int(tag_id)} ")
        facets = {row["kind"]: row["n"] for row in _count_by_kind(queryset)}
        if kinds:
            queryset = queryset.filter(kind__in=kinds)
        rank = sum(
            (
                Case(When(_title_terms__contains=f" {t} ", then=Value(3)), default=Value(0))
                + Case(When(_lead_terms__contains=f" {t} ", then=Value(1)), default=Value(0))
                for t in terms
            ),
            Value(0),
        )
        queryset = queryset.annotate(_rank=rank).order_by("-_rank", "id")
        return Outcome(list(queryset[offset : offset + limit]), _total(facets, kinds), facets)

    def after_bulk_change(self):
        pass


def _count_by_kind(queryset):
    from django.db.models import Count

    return queryset.order_by().values("kind").annotate(n=Count("id", output_field=IntegerField()))


class ExternalEngine:
    """OpenSearch/Elasticsearch: the query text goes to the engine's Spanish analyser."""

    name = "external"
    supports_tags = False

    def search(
        self,
        terms,
        *,
        kinds=(),
        axis_id=None,
        plan_id=None,
        tag_id=None,
        offset=0,
        limit=10,
        operator=AND,
        text="",
    ):
        if not terms:
            return Outcome()
        base = SearchDocument.objects.select_related("plan")
        if axis_id is not None:
            base = base.filter(axis_id=axis_id)
        if plan_id is not None:
            base = base.filter(plan_id=plan_id)
        if tag_id is not None:  # not a filter field of the engine: the view does not offer it
            raise ValueError("The external engine does not filter by tag.")
        query = text or " ".join(terms)
        facets = dict(base.search(query, operator=operator).facet("kind"))
        filtered = base.filter(kind__in=list(kinds)) if kinds else base
        results = filtered.search(query, operator=operator)
        return Outcome(list(results[offset : offset + limit]), _total(facets, kinds), facets)

    def after_bulk_change(self):
        """bulk_create sends no signals: push every document to the engine."""
        from wagtail.search.backends import get_search_backend

        backend = get_search_backend()
        index = backend.get_index_for_model(SearchDocument)
        index.reset()
        index.add_items(SearchDocument, list(SearchDocument.objects.all()))


_sqlite_ready = False


def get_engine():
    global _sqlite_ready
    if uses_external_engine():
        return ExternalEngine()
    if connection.vendor == "postgresql":
        return PostgresEngine()
    if connection.vendor == "sqlite" and (_sqlite_ready or db.sqlite_fts_ready(connection)):
        _sqlite_ready = True
        return SQLiteEngine()
    return FallbackEngine()

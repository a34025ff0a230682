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

Languages: ``language`` keeps the documents in that language, matched with ``terms`` (the
query by that language's analysis); ``fallback_terms`` (the same query by the source
language's analysis) also finds the source-language documents that stand in for a missing
version in ``language`` (``search.indexing.sync_fallbacks``). Both travel in the same
statements (one ``Part`` each, told apart by a filter term), so a second language costs no
query. The ranking is one list: first the documents whose title holds more of the query's
words (each by its own analysis), then those in ``language``, then the engine's rank.
``language=None``: every document, matched with ``terms`` (the engines' own tests).
"""

import contextlib
import logging
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Q, TextField, Value, When
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


@dataclass(frozen=True)
class Part:
    """Query terms, and the filter term of the documents they are matched against (None:
    every document)."""

    terms: tuple
    filter_term: str | None = None


def parts(terms, language=None, fallback_terms=()):
    """The ``Part``s of a search (see the module's docstring); the first is preferred."""
    from .indexing import fallback_term, language_term, source_language

    if language is None:
        return [Part(tuple(terms))] if terms else []
    found = [Part(tuple(terms), language_term(language))] if terms else []
    if fallback_terms and language.lower() != source_language():
        found.append(Part(tuple(fallback_terms), fallback_term(language)))
    return found


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
        language=None,
        fallback_terms=(),
        kinds=(),
        axis_id=None,
        plan_id=None,
        tag_id=None,
        offset=0,
        limit=10,
        operator=AND,
        text="",
    ):
        search_parts = parts(terms, language, fallback_terms)
        if not search_parts:
            return Outcome()
        joiner = " | " if operator == OR else " & "
        expressions = [joiner.join(f"'{t}'" for t in part.terms) for part in search_parts]
        queries = ", ".join(f"to_tsquery('simple', %s) query{i}" for i in range(len(search_parts)))
        # A document's part: its filter term (a language, or a fallback for one).
        member = "(' ' || d.filter_terms || ' ') LIKE %s"
        members = [
            (member, [f"% {part.filter_term} %"]) if part.filter_term else ("TRUE", [])
            for part in search_parts
        ]
        matches, match_params = [], []
        for i, (condition, condition_params) in enumerate(members):
            if condition == "TRUE":
                matches.append(f"d.search_vector @@ query{i}")
            else:
                matches.append(f"(d.search_vector @@ query{i} AND {condition})")
            match_params += condition_params
        match = matches[0] if len(matches) == 1 else "(" + " OR ".join(matches) + ")"
        from_where = f"FROM {TABLE} d, {queries} WHERE {match}"
        filters, params = "", [*expressions, *match_params]
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
            order, order_params = self._order(search_parts, members, vector)
            rows = _without_seqscan(
                cursor,
                f"SELECT d.id {from_where}{filters} ORDER BY {order}, d.id LIMIT %s OFFSET %s",
                [*params, *order_params, limit, offset],
            )
            ids = [row[0] for row in rows]
        return Outcome(_in_order(ids), total, facets)

    @staticmethod
    def _order(search_parts, members, vector):
        """Titles weigh more: first the documents whose title holds more of the query's words,
        then the first part's documents (the reader's language), then ts_rank (weights A 1.0,
        B 0.4, C 0.2; length-normalised)."""
        title_hit = "(strpos(' ' || d.title_terms || ' ', %s) > 0)::int"
        if len(search_parts) == 1:
            hits = " + ".join([title_hit] * len(search_parts[0].terms))
            params = [f" {t} " for t in search_parts[0].terms]
            return f"({hits}) DESC, ts_rank(d.{vector}, query0, 1) DESC", params
        hits, ranks, params, rank_params = [], [], [], []
        for i, (part, (condition, condition_params)) in enumerate(
            zip(search_parts, members, strict=True)
        ):
            part_hits = " + ".join([title_hit] * len(part.terms))
            hits.append(f"CASE WHEN {condition} THEN {part_hits} ELSE 0 END")
            params += [*condition_params, *(f" {t} " for t in part.terms)]
            ranks.append(f"WHEN {condition} THEN ts_rank(d.{vector}, query{i}, 1)")
            rank_params += condition_params
        first, first_params = members[0]
        order = (
            f"({' + '.join(hits)}) DESC, CASE WHEN {first} THEN 0 ELSE 1 END, "
            f"CASE {' '.join(ranks)} ELSE 0 END DESC"
        )
        return order, [*params, *first_params, *rank_params]

    def after_bulk_change(self):
        pass


class SQLiteEngine:
    """FTS5 alone, without reading the documents' rows: the kind, plan and axis filters are terms
    of the ``filter_terms`` column, facets are per-kind counts (fast: no ranking), and the
    page is ranked by title matches, then BM25 (title 10, lead 3, body 1)."""

    name = "sqlite-fts5"
    supports_tags = True
    WEIGHTS = "10.0, 3.0, 1.0, 0.0"  # title, lead, body, filters

    @staticmethod
    def _part(part, operator):
        quoted = [f'"{t}"' for t in part.terms]  # terms are letters and digits only
        words = (" OR " if operator == OR else " AND ").join(quoted)
        expression = f"{{title_terms lead_terms body_terms}}: ({words})"
        if part.filter_term is None:
            return expression
        return f'({expression} AND {{filter_terms}}: "{part.filter_term}")'

    def _match(self, search_parts, operator, kinds=(), axis_id=None, plan_id=None, tag_id=None):
        expression = " OR ".join(self._part(part, operator) for part in search_parts)
        if len(search_parts) > 1:
            expression = f"({expression})"
        if axis_id is not None:
            expression += f' AND {{filter_terms}}: "a{int(axis_id)}"'
        if plan_id is not None:
            expression += f' AND {{filter_terms}}: "p{int(plan_id)}"'
        if tag_id is not None:
            expression += f' AND {{filter_terms}}: "t{int(tag_id)}"'
        if kinds:
            expression += " AND {filter_terms}: (" + " OR ".join(f'"k{k}"' for k in kinds) + ")"
        return expression

    @staticmethod
    def _title_match(part, term):
        expression = f'{{title_terms}}: "{term}"'
        if part.filter_term is None:
            return expression
        return f'{expression} AND {{filter_terms}}: "{part.filter_term}"'

    def search(
        self,
        terms,
        *,
        language=None,
        fallback_terms=(),
        kinds=(),
        axis_id=None,
        plan_id=None,
        tag_id=None,
        offset=0,
        limit=10,
        operator=AND,
        text="",
    ):
        search_parts = parts(terms, language, fallback_terms)
        if not search_parts:
            return Outcome()
        from .indexing import SOURCES_BY_KIND

        fts = db.FTS_TABLE
        all_kinds = list(SOURCES_BY_KIND)
        count = f"SELECT %s, count(*) FROM {fts} WHERE {fts} MATCH %s"
        params = []
        for kind in all_kinds:
            params += [kind, self._match(search_parts, operator, [kind], axis_id, plan_id, tag_id)]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join([count] * len(all_kinds)), params)
            facets = {kind: n for kind, n in cursor.fetchall() if n}
            total = _total(facets, kinds)
            if not total or offset >= total:
                return Outcome([], total, facets)
            in_fts = f"(rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s))"
            title_matches = [self._title_match(p, t) for p in search_parts for t in p.terms]
            title_hits = " + ".join([in_fts] * len(title_matches))
            # The reader's language first (after the title matches), when there are two parts.
            preferred, preferred_params = "", []
            if len(search_parts) > 1:
                preferred = f"{in_fts} DESC, "
                preferred_params = [f'{{filter_terms}}: "{search_parts[0].filter_term}"']
            cursor.execute(
                f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s "
                f"ORDER BY ({title_hits}) DESC, {preferred}bm25({fts}, {self.WEIGHTS}), rowid "
                "LIMIT %s OFFSET %s",
                [
                    self._match(search_parts, operator, kinds, axis_id, plan_id, tag_id),
                    *title_matches,
                    *preferred_params,
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
        language=None,
        fallback_terms=(),
        kinds=(),
        axis_id=None,
        plan_id=None,
        tag_id=None,
        offset=0,
        limit=10,
        operator=AND,
        text="",
    ):
        search_parts = parts(terms, language, fallback_terms)
        if not search_parts:
            return Outcome()
        padded = {
            c: Concat(Value(" "), F(c), Value(" "), output_field=TextField())
            for c in ("title_terms", "lead_terms", "body_terms", "filter_terms")
        }
        queryset = SearchDocument.objects.select_related("plan").annotate(
            **{f"_{c}": e for c, e in padded.items()}
        )

        def member(part):
            return Q(_filter_terms__contains=f" {part.filter_term} ") if part.filter_term else Q()

        match = None
        for part in search_parts:
            conditions = [
                Q(_title_terms__contains=f" {t} ")
                | Q(_lead_terms__contains=f" {t} ")
                | Q(_body_terms__contains=f" {t} ")
                for t in part.terms
            ]
            part_match = conditions[0]
            for condition in conditions[1:]:
                part_match = part_match | condition if operator == OR else part_match & condition
            part_match &= member(part)
            match = part_match if match is None else (match | part_match)
        queryset = queryset.filter(match)
        if axis_id is not None:
            queryset = queryset.filter(axis_id=axis_id)
        if plan_id is not None:
            queryset = queryset.filter(plan_id=plan_id)
        if tag_id is not None:
            queryset = queryset.filter(_filter_terms__contains=f" t{int(tag_id)} ")
        facets = {row["kind"]: row["n"] for row in _count_by_kind(queryset)}
        if kinds:
            queryset = queryset.filter(kind__in=kinds)
        title_hits = sum(
            (
                Case(
                    When(member(part) & Q(_title_terms__contains=f" {t} "), then=Value(3)),
                    default=Value(0),
                )
                + Case(
                    When(member(part) & Q(_lead_terms__contains=f" {t} "), then=Value(1)),
                    default=Value(0),
                )
                for part in search_parts
                for t in part.terms
            ),
            Value(0),
        )
        preferred = Case(When(member(search_parts[0]), then=Value(0)), default=Value(1))
        queryset = queryset.annotate(_rank=title_hits, _preferred=preferred)
        queryset = queryset.order_by("-_rank", "_preferred", "id")
        return Outcome(list(queryset[offset : offset + limit]), _total(facets, kinds), facets)

    def after_bulk_change(self):
        pass


def _count_by_kind(queryset):
    from django.db.models import Count

    return queryset.order_by().values("kind").annotate(n=Count("id", output_field=IntegerField()))


class ExternalEngine:
    """OpenSearch/Elasticsearch: the query text goes to the engine's Spanish analyser, over
    the documents in the reader's language (no fallback documents)."""

    name = "external"
    supports_tags = False

    def search(
        self,
        terms,
        *,
        language=None,
        fallback_terms=(),
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
        # The reader's language only: the engine's analyser is Spanish, and the fallback
        # documents are told apart by a term it does not index (see docs/decisions.md).
        if language is not None:
            base = base.filter(language=language.lower())
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

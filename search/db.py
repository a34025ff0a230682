"""Database-specific pieces of the search index, created by migration (and checked after
every ``migrate``, because SQLite drops a table's triggers when Django rebuilds the table).

- SQLite: an FTS5 table over ``search_searchdocument``'s ``*_terms`` columns (external
  content), kept in sync by triggers.
- PostgreSQL: the ``unaccent`` extension and the ``spanish_unaccent`` text search
  configuration (used by Wagtail's own database backend), plus a weighted ``tsvector``
  column generated from the ``*_terms`` columns (title A, lead B, body C) with a GIN index,
  and a small ``rank_vector`` (title A, lead B) to rank large result sets cheaply.
"""

import logging

from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

TABLE = "search_searchdocument"
FTS_TABLE = "search_fts"
OLD_FTS_TABLES = ["search_document_fts"]  # the first version (search 0002), without filters
TEXT_SEARCH_CONFIG = "spanish_unaccent"
TERM_COLUMNS = ("title_terms", "lead_terms", "body_terms")
FTS_COLUMNS = (*TERM_COLUMNS, "filter_terms")

_cols = ", ".join(FTS_COLUMNS)
_new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
_old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)

SQLITE_FTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    f"{_cols}, content='{TABLE}', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')"
)
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, {_cols}) VALUES (new.id, {_new});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_cols}) VALUES ('delete', old.id, {_old});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_cols}) VALUES ('delete', old.id, {_old});
        INSERT INTO {FTS_TABLE}(rowid, {_cols}) VALUES (new.id, {_new});
    END""",
]


def _sqlite_drop_statements(table):
    return [
        *(f"DROP TRIGGER IF EXISTS {table}_{suffix}" for suffix in ("ai", "ad", "au")),
        f"DROP TABLE IF EXISTS {table}",
    ]


SQLITE_DROP = [
    statement
    for table in (FTS_TABLE, *OLD_FTS_TABLES)
    for statement in _sqlite_drop_statements(table)
]

PG_VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(title_terms, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(lead_terms, '')), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(body_terms, '')), 'C')"
)
PG_COLUMN = (
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector "
    f"GENERATED ALWAYS AS ({PG_VECTOR}) STORED"
)
# Title and lead only: small enough to stay in the row, so ranking thousands of matches
# does not read (detoast) every document's full vector.
PG_RANK_VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(title_terms, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(lead_terms, '')), 'B')"
)
PG_RANK_COLUMN = (
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS rank_vector tsvector "
    f"GENERATED ALWAYS AS ({PG_RANK_VECTOR}) STORED"
)
PG_INDEX = (
    f"CREATE INDEX IF NOT EXISTS search_document_vector_gin ON {TABLE} USING gin (search_vector)"
)
PG_DROP = [
    "DROP INDEX IF EXISTS search_document_vector_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS rank_vector",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {TEXT_SEARCH_CONFIG}",
]


def sqlite_fts_available(connection):
    with connection.cursor() as cursor:
        try:
            cursor.execute("CREATE VIRTUAL TABLE temp.search_fts5_probe USING fts5(x)")
            cursor.execute("DROP TABLE temp.search_fts5_probe")
        except DatabaseError:
            return False
    return True


def sqlite_fts_ready(connection):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
            [FTS_TABLE, f"{FTS_TABLE}_ai", f"{FTS_TABLE}_ad", f"{FTS_TABLE}_au"],
        )
        return cursor.fetchone()[0] == 4


def _columns(connection, table):
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def ensure_sqlite(connection):
    """Create the FTS table and its triggers when missing; repopulate it when recreated."""
    with connection.cursor() as cursor:
        for table in OLD_FTS_TABLES:
            for statement in _sqlite_drop_statements(table):
                cursor.execute(statement)
    if not sqlite_fts_available(connection):
        logger.warning("SQLite lacks FTS5: the search uses a slower fallback.")
        return
    if sqlite_fts_ready(connection):
        return
    if "filter_terms" not in _columns(connection, TABLE):
        return  # an older state of the table (search 0002): 0003 creates the FTS table
    with connection.cursor() as cursor:
        cursor.execute(SQLITE_FTS)
        for statement in SQLITE_TRIGGERS:
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def _pg_config_exists(cursor):
    cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [TEXT_SEARCH_CONFIG])
    return cursor.fetchone() is not None


def ensure_postgresql(connection):
    """unaccent + spanish_unaccent, and the generated tsvector column with its index."""
    with connection.cursor() as cursor:
        if not _pg_config_exists(cursor):
            try:
                with transaction.atomic(using=connection.alias):
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
                unaccent = True
            except DatabaseError:
                # Without the privilege to create it, Spanish stemming still works here,
                # and the public search folds accents itself (search.text).
                logger.warning(
                    "Could not create the unaccent extension: %s is created without it.",
                    TEXT_SEARCH_CONFIG,
                )
                unaccent = False
            cursor.execute(
                f"CREATE TEXT SEARCH CONFIGURATION {TEXT_SEARCH_CONFIG} (COPY = spanish)"
            )
            if unaccent:
                cursor.execute(
                    f"ALTER TEXT SEARCH CONFIGURATION {TEXT_SEARCH_CONFIG} "
                    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem"
                )
        cursor.execute(PG_COLUMN)
        cursor.execute(PG_RANK_COLUMN)
        cursor.execute(PG_INDEX)


def ensure(connection):
    if connection.vendor == "sqlite":
        ensure_sqlite(connection)
    elif connection.vendor == "postgresql":
        ensure_postgresql(connection)


def drop(connection):
    statements = {"sqlite": SQLITE_DROP, "postgresql": PG_DROP}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)

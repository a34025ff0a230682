"""Wagtail's database search backend, with user queries that cannot break SQLite's FTS5 syntax.

Wagtail's own index (the admin's listing search, the API's ``?search=``) goes through
modelsearch's database backend. On SQLite it writes each term as an FTS5 string literal,
``"term"``, without doubling a ``"`` inside it, so a query such as ``a"b`` is a syntax error
(``unterminated string``), and a query of nothing but spaces builds no expression at all: both
were a 500. A double quote has no meaning inside a term, so the SQLite backend here replaces it
with a space and folds the white space of a text query; a query with no word left matches
everything, as a listing with no search does. Other databases get modelsearch's backend as it is.

Configure it as ``"BACKEND": "cms_blocks.search_backend"`` in ``WAGTAILSEARCH_BACKENDS`` (the
micrositio's ``search.conf`` does; an adopter on SQLite should too).
"""

from functools import cache

from wagtail.search.backends.database import SearchBackend as database_backend
from wagtail.search.query import MatchAll


@cache
def quote_safe_sqlite_backend_class():
    # Imported here: the module defines SQLite-only models, which other databases lack.
    from wagtail.search.backends.database.sqlite.sqlite import SQLiteSearchBackend

    class QuoteSafeSQLiteSearchBackend(SQLiteSearchBackend):
        def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
            if isinstance(query, str):
                query = " ".join(query.replace('"', " ").split()) or MatchAll()
            return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    return SQLiteSearchBackend, QuoteSafeSQLiteSearchBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = database_backend(params)
    if backend.__class__.__name__ == "SQLiteSearchBackend":
        sqlite_backend, quote_safe_backend = quote_safe_sqlite_backend_class()
        if type(backend) is sqlite_backend:
            return quote_safe_backend(params)
    return backend

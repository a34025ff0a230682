"""A full-page cache for anonymous GET/HEAD requests, never stale.

Responses are kept in Django's cache (locmem by default, Redis through ``CACHE_URL``), one
entry per URL, display-preference variant and values of the headers the response ``Vary``-es
on (but ``Cookie``: nothing is stored for a request with a session), plus an index per URL
that names those headers and the tables the URL's variants read. A hit costs two round trips
to the cache: the tokens with the index, then the entry with its tables' tokens.

Invalidation: by the database tables a page read (docs/decisions.md, "Page cache: purge by the
tables a page read"). While a page renders, every SQL statement it runs is seen (a database
``execute_wrapper`` installed on every connection) and the tables it names are noted. The page
is stored with the generation token each of those tables had *before* the render started, and
with a global token and the token of the site's cached fragments
(``home.fragments``: menu, settings, Site, breadcrumbs, which a page may take from the cache
without a query). Every SQL statement that writes (INSERT, UPDATE, DELETE, ... from the ORM,
a bulk ``update()``, a migration or raw SQL) replaces the token of each table it names, at
once and again when its transaction commits. A stored page is served only while all its
tables keep the tokens it was stored with. So a change to a table forgets exactly the pages
that read that table, whatever code read it (a list block's queryset, a count, a chart, a
feed, a dataset, a page chooser, a reverse relation), and a page rendered from the old data
by a concurrent request while the change was uncommitted is not kept either.

What is stored: a 200 response to an anonymous GET (no session cookie, not authenticated)
that sets no cookie, used no CSRF token (the vote and report forms), used no CSP nonce (it
would be replayed), is no preview, is not streaming, has no ``Cache-Control: private`` or
``no-store``, and is not under an excluded prefix (the admin, ``/buscar/``,
``/documents/``). Cached pages are sent with ``Cache-Control: public, max-age=<timeout>``;
every other non-streaming response with no Cache-Control of its own gets ``private,
no-store``, so no CDN or shared proxy keeps it either.

A CDN in front (``WAGTAILFRONTENDCACHE``, ``wagtail.contrib.frontend_cache``): the URLs
stored for each table are remembered, and when a write to a table commits, those URLs are
purged through ``purge_urls_from_cache`` (all remembered URLs for a table that every page
depends on through the fragments: pages, Sites, the entity settings, view restrictions).

Switch: ``OGP_PAGE_CACHE`` (on by default), ``OGP_PAGE_CACHE_TIMEOUT`` (seconds, 60),
``OGP_PAGE_CACHE_EXCLUDE`` (path prefixes).
"""

import contextvars
import functools
import hashlib
import logging
import math
import re
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.utils.cache import cc_delim_re, patch_cache_control

from cms_blocks import validity

logger = logging.getLogger(__name__)
GENERATION_KEY = "ogp:pagecache:generation"
TABLE_KEY = "ogp:pagecache:table:"
URLS_KEY = "ogp:pagecache:urls:"
DEFAULT_EXCLUDE = ("/admin/", "/buscar/", "/documents/", "/django-admin/")
# Models whose rows no cacheable page shows: writing them must not empty the cache (a login
# saves a session; axes logs every attempt; content types change only with migrations and
# Django caches them per process anyway).
IGNORED_APP_LABELS = frozenset({"sessions", "axes", "admin", "contenttypes"})
# Tables every page shows through home.fragments (menu, settings, Site, breadcrumbs): a write
# purges every remembered URL from a CDN (the page cache itself sees it as a new fragments
# token).
FRAGMENT_TABLES = frozenset(
    {
        "wagtailcore_page",
        "wagtailcore_site",
        "wagtailcore_pageviewrestriction",
        "home_entitysettings",
    }
)
_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|TRUNCATE|MERGE|ALTER|DROP|CREATE)\b", re.I)
_WITH_WRITE = re.compile(r"\s*WITH\b.*\b(INSERT|UPDATE|DELETE)\b", re.I | re.S)
_reading = contextvars.ContextVar("ogp_page_cache_reading", default=None)


def enabled():
    return getattr(settings, "OGP_PAGE_CACHE", True)


def timeout():
    return getattr(settings, "OGP_PAGE_CACHE_TIMEOUT", 60)


def _new_token():
    return uuid.uuid4().hex


def generation():
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, _new_token(), None)
        token = cache.get(GENERATION_KEY)
    return token


def bump(*args, **kwargs):
    """Forget every cached page (usable as a signal receiver).

    A cache that is down must not break the write that called this: the failure is logged,
    and the entries it holds expire after ``OGP_PAGE_CACHE_TIMEOUT`` at the latest.
    """
    try:
        cache.set(GENERATION_KEY, _new_token(), None)
    except Exception:
        logger.exception("page cache: the generation token could not be replaced")


# --- tables -----------------------------------------------------------------------------------


@functools.cache
def tracked_tables():
    """The database tables of every installed model (and M2M table) a public page can show."""
    from django.apps import apps

    return frozenset(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in IGNORED_APP_LABELS
    )


@functools.cache
def _table_pattern():
    names = sorted(tracked_tables(), key=len, reverse=True)
    return re.compile(r"(?<![\w$])(" + "|".join(map(re.escape, names)) + r")(?![\w$])")


def tables_in(sql):
    """The tracked tables an SQL statement names (quoted or not)."""
    return set(_table_pattern().findall(sql))


def is_write(sql):
    return bool(_WRITE.match(sql) or _WITH_WRITE.match(sql))


def bump_tables(tables):
    """Replace the token of each table: every stored page that read one is forgotten."""
    if not tables:
        return
    token = _new_token()
    try:
        cache.set_many({TABLE_KEY + table: token for table in tables}, None)
    except Exception:
        logger.exception("page cache: the tokens of %s could not be replaced", sorted(tables))


def _after_commit(tables):
    """Once the write is visible to every connection: the table tokens again and, for the
    tables the fragments read, the fragments' token. home.fragments replaces its token when
    the write happens, inside the transaction: a request in between rebuilt the menu from the
    old rows and kept it under the new token (measured: the menu stayed stale on every page
    served from the cache). Replacing it after the commit forgets that copy."""
    bump_tables(tables)
    if FRAGMENT_TABLES & set(tables):
        from home import fragments

        try:
            fragments.bump()
        except Exception:
            logger.exception("page cache: the fragments' token could not be replaced")
    _purge_frontend_cache(tables)


def _sql_seen(execute, sql, params, many, context):
    """The execute wrapper on every connection: notes what a rendering page reads, and
    replaces the tokens of what any statement writes."""
    reading = _reading.get()
    writes = is_write(sql)
    if reading is None and not writes:
        return execute(sql, params, many, context)
    tables = tables_in(sql)
    if reading is not None:
        reading.update(tables)
    result = execute(sql, params, many, context)
    # Even with the cache off here: another process sharing the cache may serve pages.
    if writes and tables:
        bump_tables(tables)
        connection = context["connection"]
        if connection.in_atomic_block:
            transaction.on_commit(
                functools.partial(_after_commit, frozenset(tables)), using=connection.alias
            )
        else:  # autocommit: the statement is committed already
            _after_commit(frozenset(tables))
    return result


def install(connection=None, **kwargs):
    """Put the wrapper on a connection (a ``connection_created`` receiver), first in the
    list, so that a ``with connection.execute_wrapper(...)`` block opened around it still pops
    its own wrapper."""
    targets = [connection] if connection is not None else connections.all()
    for conn in targets:
        if _sql_seen not in conn.execute_wrappers:
            conn.execute_wrappers.insert(0, _sql_seen)


def connect():
    """Watch every SQL statement of every connection (see the module's docstring)."""
    from django.db.backends.signals import connection_created

    connection_created.connect(install, dispatch_uid="ogp_page_cache_sql_wrapper")
    install()


def _tokens(keys):
    """Current tokens of ``keys`` (cache key -> token), creating the missing ones."""
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, _new_token(), None)
    if missing:
        found.update(cache.get_many(missing))
    return found


def _snapshot():
    """The tokens before a render: the key prefix and every table's token."""
    from home import fragments

    table_keys = [TABLE_KEY + table for table in sorted(tracked_tables())]
    tokens = _tokens([GENERATION_KEY, fragments.GENERATION_KEY, *table_keys])
    prefix = f"ogp:page:{tokens[GENERATION_KEY]}:{tokens[fragments.GENERATION_KEY]}"
    return prefix, tokens


def _still_valid(table_tokens):
    current = cache.get_many(list(table_tokens))
    return all(current.get(key) == token for key, token in table_tokens.items())


# --- the CDN ------------------------------------------------------------------------------------


def _frontend_cache_configured():
    return bool(
        getattr(settings, "WAGTAILFRONTENDCACHE", None)
        or getattr(settings, "WAGTAILFRONTENDCACHE_LOCATION", None)
    )


def _remember_url(url, tables):
    """Note the URL under each table it read, for a CDN purge (best effort: the app's own
    cache does not depend on it)."""
    for table in tables:
        key = URLS_KEY + table
        urls = cache.get(key) or set()
        if url not in urls:
            cache.set(key, urls | {url}, None)


def _purge_frontend_cache(tables):
    if not _frontend_cache_configured():
        return
    try:
        if FRAGMENT_TABLES & set(tables):
            tables = tracked_tables()
        keys = [URLS_KEY + table for table in tables]
        urls = set().union(*cache.get_many(keys).values())
        if urls:
            cache.delete_many(keys)
            from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

            purge_urls_from_cache(sorted(urls))
    except Exception:
        logger.exception("page cache: the CDN purge failed")


def _excluded(path):
    prefixes = getattr(settings, "OGP_PAGE_CACHE_EXCLUDE", DEFAULT_EXCLUDE)
    # Static and media files are files (whitenoise, the web server): never looked up.
    files = [prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix]
    return any(path.startswith(prefix) for prefix in (*prefixes, *files))


def _may_fetch(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if getattr(request, "is_dummy", False) or getattr(request, "is_preview", False):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # possibly signed in, or with messages waiting in the session
    if "messages" in request.COOKIES:
        return False
    return not _excluded(request.path_info)


def _may_store(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    if getattr(request, "_csp_nonce", None) is not None:
        return False
    for header in ("Content-Security-Policy", "Content-Security-Policy-Report-Only"):
        if "'nonce-" in response.get(header, ""):
            return False
    if getattr(request, "is_preview", False) or getattr(request, "is_dummy", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
        return False
    return "*" not in response.get("Vary", "")


def _url_digest(request):
    return hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()


def _index_key(request):
    """Where a URL's index is kept: per display-preference variant (a whitelisted cookie
    value, ``ogp_site.accessibility``), so that a stored page never shows one reader's
    contrast or text size to another."""
    from ogp_site.accessibility import cache_variant

    return f"ogp:page:index:{cache_variant(request)}:{_url_digest(request)}"


def _entry_key(request, vary):
    """The stored variant of the URL for the request's values of the ``Vary`` headers, as
    Django's ``get_cache_key`` would tell them apart."""
    from ogp_site.accessibility import cache_variant

    values = hashlib.md5(usedforsecurity=False)
    for header in vary:
        values.update(request.META.get(header, "").encode())
    return f"ogp:page:entry:{cache_variant(request)}:{_url_digest(request)}:{values.hexdigest()}"


def _vary_headers(response):
    """The request headers (as ``META`` keys) the response varies on, but ``Cookie``: the
    page cache only stores responses to requests without a session, and tells the display
    preference apart in its keys."""
    headers = []
    for header in cc_delim_re.split(response.get("Vary", "")):
        header = header.strip().upper().replace("-", "_")
        if header and header != "COOKIE":
            headers.append(header if header == "CONTENT_TYPE" else "HTTP_" + header)
    return sorted(set(headers))


def _store(request, response, prefix, max_age, tokens, tables):
    """Keep the response with the tokens it was rendered under (``_snapshot``'s), and note in
    the URL's index its ``Vary`` headers and the tables it read (a union over its variants)."""
    try:
        from home import fragments

        table_tokens = {TABLE_KEY + table: tokens[TABLE_KEY + table] for table in tables}
        vary = _vary_headers(response)
        index_key = _index_key(request)
        index = cache.get(index_key)
        known = set(index[1]) if index is not None and list(index[0]) == vary else set()
        entry = (
            response,
            tokens[GENERATION_KEY],
            tokens[fragments.GENERATION_KEY],
            table_tokens,
            time.time() + max_age,
        )
        cache.set_many(
            {
                _entry_key(request, vary): entry,
                index_key: (vary, sorted(known | set(table_tokens))),
            },
            max_age,
        )
        if _frontend_cache_configured():
            _remember_url(request.build_absolute_uri(), tables)
    except Exception:  # the cache is down: the page is served, not kept
        logger.exception("page cache: store failed")


def _lookup(request):
    """The stored page, if it was stored under the current global and fragments tokens and
    the tokens of all the tables it read are unchanged. Two round trips to the cache: the
    tokens with the URL's index (its ``Vary`` headers and the tables its variants read), then
    the variant's entry with those tables' tokens."""
    from home import fragments

    index_key = _index_key(request)
    found = cache.get_many([GENERATION_KEY, fragments.GENERATION_KEY, index_key])
    index = found.get(index_key)
    generation, fragments_token = found.get(GENERATION_KEY), found.get(fragments.GENERATION_KEY)
    if index is None or generation is None or fragments_token is None:
        return None  # nothing stored for this URL, or a token is gone (nothing under it holds)
    vary, table_keys = index
    entry_key = _entry_key(request, vary)
    found = cache.get_many([entry_key, *table_keys])
    entry = found.pop(entry_key, None)
    if entry is None:
        return None
    response, stored_generation, stored_fragments, table_tokens, expires = entry
    if (stored_generation, stored_fragments) != (generation, fragments_token):
        return None
    missing = [key for key in table_tokens if key not in found]
    if missing:  # the index lost a table (a concurrent store): read those tokens too
        found.update(cache.get_many(missing))
    if not all(found.get(key) == token for key, token in table_tokens.items()):
        return None
    left = math.ceil(expires - time.time())
    if left <= 0:
        return None
    # What a CDN may keep it for: no longer than the page cache itself keeps it.
    response.headers.pop("Cache-Control", None)
    patch_cache_control(response, public=True, max_age=left)
    return response


class PageCacheMiddleware:
    """Serves and stores anonymous pages (see the module's docstring). Goes near the top of
    ``MIDDLEWARE``, outside the CSP middleware (the stored response keeps its headers) and
    inside ``ConditionalGetMiddleware`` (which adds the ETag and answers 304)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not _may_fetch(request):
            response = self.get_response(request)
            if not response.has_header("Cache-Control") and not response.streaming:
                patch_cache_control(response, private=True, no_store=True)
            return response
        install()  # this thread's connections (connection_created covers new ones)
        try:
            hit = _lookup(request)
            if hit is not None:
                hit["X-Page-Cache"] = "hit"
                return hit
            prefix, tokens = _snapshot()  # before the render reads anything
        except Exception:  # the cache is down: render, store nothing
            logger.exception("page cache: lookup failed")
            prefix = tokens = None
        read = set()
        reading = _reading.set(read)
        try:
            with validity.collect() as bound:
                response = self.get_response(request)
        finally:
            _reading.reset(reading)
        rendered = getattr(response, "is_rendered", True)
        # What changes with the clock alone (a consultation closing, a milestone late at
        # midnight, a plan starting) is kept no longer than it stays true.
        left = validity.seconds_left(bound)
        max_age = timeout() if left is None else min(timeout(), left)
        if prefix is not None and rendered and max_age > 0 and _may_store(request, response):
            patch_cache_control(response, public=True, max_age=max_age)
            _store(request, response, prefix, max_age, tokens, read)
            response["X-Page-Cache"] = "miss"
        elif not response.has_header("Cache-Control") and not response.streaming:
            patch_cache_control(response, private=True, no_store=True)
        return response

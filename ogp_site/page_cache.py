"""A full-page cache for anonymous GET/HEAD requests, never stale.

Responses are kept in Django's cache (locmem by default, Redis through ``CACHE_URL``) under
Django's own cache keys (``django.utils.cache``: URL, method and the headers the response
``Vary``-es on), with a key prefix made of a *generation* token. Any database write that can
change a public page (any model saved or deleted, except a short list of models no public
page shows: sessions, login attempts, ...), and Wagtail's publish/unpublish/move signals,
replace the token: every cached page is forgotten at once. That purges more than needed (a
change to one commitment forgets every page), but it can never serve a page older than the
last change, which a purge by reference index could miss (a list, a feed, a dataset, the
sitemap, a count). The token is replaced again when the transaction commits, so a page
rendered from the old data by a concurrent request while the change was uncommitted is not
kept either; and a request stores its response under the token it read *before* rendering.

What is stored: a 200 response to an anonymous GET (no session cookie, not authenticated)
that sets no cookie, used no CSRF token (the vote and report forms), used no CSP nonce (it
would be replayed), is no preview, is not streaming, has no ``Cache-Control: private`` or
``no-store``, and is not under an excluded prefix (the admin, ``/buscar/``,
``/documents/``). Cached pages are sent with ``Cache-Control: public, max-age=<timeout>``;
every other non-streaming response with no Cache-Control of its own gets ``private,
no-store``, so no CDN or shared proxy keeps it either.

Switch: ``OGP_PAGE_CACHE`` (on by default), ``OGP_PAGE_CACHE_TIMEOUT`` (seconds, 60),
``OGP_PAGE_CACHE_EXCLUDE`` (path prefixes).
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_cache_key, learn_cache_key, patch_cache_control

logger = logging.getLogger(__name__)
GENERATION_KEY = "ogp:pagecache:generation"
DEFAULT_EXCLUDE = ("/admin/", "/buscar/", "/documents/", "/django-admin/")
# Models whose rows no public page shows: writing them must not empty the cache (a login
# saves a session; axes logs every attempt).
IGNORED_APP_LABELS = frozenset({"sessions", "axes", "admin", "contenttypes"})


def enabled():
    return getattr(settings, "OGP_PAGE_CACHE", True)


def timeout():
    return getattr(settings, "OGP_PAGE_CACHE_TIMEOUT", 60)


def generation():
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY)
    return token


def bump(*args, **kwargs):
    """Forget every cached page (usable as a signal receiver).

    A cache that is down must not break the write that called this: the failure is logged,
    and the entries it holds expire after ``OGP_PAGE_CACHE_TIMEOUT`` at the latest.
    """
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:
        logger.exception("page cache: the generation token could not be replaced")


def _bump_now_and_on_commit(*args, **kwargs):
    from django.db import transaction

    bump()
    transaction.on_commit(bump)


def _model_changed(sender, **kwargs):
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.app_label in IGNORED_APP_LABELS:
        return
    _bump_now_and_on_commit()


def connect():
    """Replace the token on every write that can change a public page."""
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import (
        page_published,
        page_unpublished,
        post_page_move,
        published,
        unpublished,
    )

    post_save.connect(_model_changed, dispatch_uid="ogp_page_cache_saved")
    post_delete.connect(_model_changed, dispatch_uid="ogp_page_cache_deleted")
    m2m_changed.connect(_model_changed, dispatch_uid="ogp_page_cache_m2m")
    for signal, name in (
        (page_published, "page_published"),
        (page_unpublished, "page_unpublished"),
        (post_page_move, "page_moved"),
        (published, "published"),
        (unpublished, "unpublished"),
    ):
        signal.connect(_bump_now_and_on_commit, dispatch_uid=f"ogp_page_cache_{name}")


def _excluded(path):
    prefixes = getattr(settings, "OGP_PAGE_CACHE_EXCLUDE", DEFAULT_EXCLUDE)
    return any(path.startswith(prefix) for prefix in prefixes)


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


def _store(request, response, prefix, max_age):
    try:
        key = learn_cache_key(request, response, max_age, prefix, cache=cache)
        cache.set(key, response, max_age)
    except Exception:  # the cache is down: the page is served, not kept
        logger.exception("page cache: store failed")


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
        try:
            prefix = f"ogp:page:{generation()}"
            key = get_cache_key(request, prefix, "GET", cache=cache)
            hit = cache.get(key) if key is not None else None
        except Exception:  # the cache is down: render, store nothing
            logger.exception("page cache: lookup failed")
            prefix = hit = None
        if hit is not None:
            hit["X-Page-Cache"] = "hit"
            return hit
        response = self.get_response(request)
        if prefix is not None and _may_store(request, response):
            max_age = timeout()
            patch_cache_control(response, public=True, max_age=max_age)
            if hasattr(response, "render") and callable(response.render):
                response.add_post_render_callback(
                    lambda rendered: _store(request, rendered, prefix, max_age)
                )
            else:
                _store(request, response, prefix, max_age)
            response["X-Page-Cache"] = "miss"
        elif not response.has_header("Cache-Control") and not response.streaming:
            patch_cache_control(response, private=True, no_store=True)
        return response

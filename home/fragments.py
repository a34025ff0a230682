"""What every public page shows around its content, cached per Site.

The main menu's pages and the entity's settings (footer, meta description, data policy link)
are the same on every page of a site, yet cost four queries per request. They are kept in
Django's cache (locmem by default, Redis through ``CACHE_URL``), under keys made of the site
id and a *generation* token. Any change that could alter them (a page published, unpublished,
moved, saved or deleted; a view restriction; the entity settings; a Site) replaces the token
(``bump``), so the next request rebuilds from the database: invalidation is exact, never
time-based. Only live, public pages are read, so a draft never shows.

This module imports no model at import time: the test settings of the extension import it
without the ``home`` app.
"""

import hashlib
import uuid

from django.core.cache import cache
from django.http.request import split_domain_port

GENERATION_KEY = "ogp:fragments:generation"
# Changes invalidate at once through ``bump``, in every process that shares the cache. With
# the per-process default (locmem), a change made by another process (a cron job's
# ``publish_scheduled``, a shell) reaches the server only when its entries expire: this bound.
TIMEOUT = 5 * 60
# The Site with its root page and the routed pages are kept no longer than a cached page
# (``OGP_PAGE_CACHE_TIMEOUT``'s default): with locmem, a page another process unpublishes is
# still routed here for at most this long, as the page cache would still serve it.
ROUTE_TIMEOUT = 60


def generation():
    """The current token; a fresh one when the cache lost it (restart, eviction)."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY)
    return token


def bump(*args, **kwargs):
    """Forget every cached fragment (usable as a signal receiver)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _key(site_id, name):
    return f"ogp:fragments:{generation()}:{site_id}:{name}"


def _cached(site_id, name, build):
    key = _key(site_id, name)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def cached_global(name, build):
    """``build()``'s value, kept until the next change (``bump``), the same for every site."""
    return _cached("global", name, build)


def site_for_request(request):
    """Wagtail's Site for the request's host and port, as ``Site.find_for_request`` finds it.

    The answer (``None`` included) is cached per host and port, so a request costs no Site
    query. The host is hashed: it is only a key, and any text stays a valid one.
    """
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    host = hashlib.sha256(f"{hostname}:{port}".encode()).hexdigest()
    key = _key("host", host)
    hit = cache.get(key)
    if hit is not None:
        return hit[0]
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        site = None
    if site is not None:
        _attach_root_page(site)
    cache.set(key, (site,), ROUTE_TIMEOUT)  # a tuple, so that "no site" is cached too
    return site


def _attach_root_page(site):
    """Keep the site's root page, as its specific type and with its view restrictions, in the
    cached Site: Wagtail's routing starts at ``site.root_page.localized.specific``, which then
    costs no query. Stored before anything reads the page's body, so no block value (nor any
    snippet a block chose) is ever kept in the cache: only the page's own row."""
    from wagtail.models import Page

    from .languages import keep_page_versions, locale_codes

    root = Page.objects.filter(pk=site.root_page_id).first()
    if root is None:
        return
    root = root.specific
    keep_view_restrictions(root)
    # The root's translations (the English home page), kept with it: ``HomePage.localized``
    # answers from them, so that routing an English request costs no query either.
    codes = locale_codes()
    translations = {codes.get(root.locale_id): root}
    for translation in root.get_translations().specific():
        keep_view_restrictions(translation)
        translations[codes.get(translation.locale_id)] = translation
    for page in translations.values():
        page._kept_translations = translations
        keep_page_versions(page)
    site.root_page = root


def keep_view_restrictions(page):
    """Read the page's view restrictions (its own and its ancestors') once, to be kept with it
    in the cache (``home.models.BasePage.get_view_restrictions`` answers from them)."""
    page._kept_view_restrictions = list(page.get_view_restrictions())


def routed_page(root, path_components, route):
    """The live page at ``path_components`` below the site's root page, from the cache.

    ``route()`` is Wagtail's routing (``Page.route``), run on a miss. Only a plain page route is
    kept (no arguments: no routable sub-path), with the page as its specific type and its view
    restrictions; a 404 is never kept (any path could fill the cache). Returns a RouteResult.
    """
    key = _key(
        "tree",
        "route:"
        + hashlib.sha256((root.path + "/" + "/".join(path_components)).encode()).hexdigest(),
    )
    hit = cache.get(key)
    if hit is not None:
        return hit
    result = route()
    page, args, kwargs = result
    if not args and not kwargs:
        from .languages import keep_page_versions

        page.__dict__.pop("_cached_parent_obj", None)
        keep_view_restrictions(page)
        keep_page_versions(page)
        cache.set(key, result, ROUTE_TIMEOUT)
    return result


class CachedSiteMiddleware:
    """Sets ``request._wagtail_site`` (where ``Site.find_for_request`` looks first) from the
    cache. Goes after CommonMiddleware, which refuses hosts outside ALLOWED_HOSTS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = site_for_request(request)
        return self.get_response(request)


def main_menu(site, language=None):
    """``{"root": {...} | None, "items": [{"pk", "title", "url", "lang"}, ...]}`` for the
    site in ``language`` (the active one by default).

    URLs are the site-relative ones (``page.get_url`` with no request gives an absolute URL
    only for a page of another site, which a site's own children never are). In a language
    other than Spanish, each menu page is its live translation, or, where it has none, the
    Spanish page under that language's prefix, marked with its own ``lang`` (the title stays
    Spanish): the menu never loses a page to a missing translation.
    """
    from django.utils import translation

    language = language or translation.get_language()

    def build():
        from wagtail.models import Page

        from .languages import default_language, has_own_content, locale_codes, spanish_url_in

        root = Page.objects.filter(pk=site.root_page_id).only("url_path", "locale_id").first()
        if root is None:
            return {"root": None, "items": []}
        children = list(
            root.get_children()
            .live()
            .public()
            .in_menu()
            .only("title", "url_path", "translation_key", "locale_id")
        )
        root_url = _relative_url(root, site)
        if language == default_language():
            return {
                "root": {"pk": root.pk, "url": root_url},
                "items": [
                    {"pk": child.pk, "title": child.title, "url": _relative_url(child, site)}
                    for child in children
                ],
            }
        codes = locale_codes()
        locale_ids = [pk for pk, code in codes.items() if code == language]
        keys = [root.translation_key] + [child.translation_key for child in children]
        translated = {
            page.translation_key: page
            for page in Page.objects.filter(
                translation_key__in=keys, locale_id__in=locale_ids, live=True
            ).only(
                "title",
                "url_path",
                "translation_key",
                "locale_id",
                "live",
                "live_revision_id",
                "alias_of_id",
            )
        }
        items = []
        for child in children:
            version = translated.get(child.translation_key)
            if version is not None and has_own_content(version):
                items.append(
                    {"pk": version.pk, "title": version.title, "url": _relative_url(version, site)}
                )
            else:
                # Not translated yet (or only the Spanish page's alias): its Spanish title, at
                # its address under this language's prefix (where the alias is served, if any).
                url = spanish_url_in(_relative_url(child, site), language)
                if version is not None:
                    url = _relative_url(version, site) or url
                pk = version.pk if version is not None else child.pk
                items.append({"pk": pk, "title": child.title, "url": url, "lang": "es-CO"})
        home = translated.get(root.translation_key)
        return {
            "root": {
                "pk": (home or root).pk,
                "url": _relative_url(home, site) if home else spanish_url_in(root_url, language),
            },
            "items": items,
        }

    return _cached(site.pk, f"main_menu:{language}", build)


def ancestor_crumbs(page):
    """``[(title, url), ...]`` of the page's ancestors below the tree root, cached by the
    parent's tree path (a page under preview, even an unsaved one, has its path)."""

    def build():
        ancestors = page.get_ancestors().filter(depth__gt=1).specific(defer=True)
        return [(ancestor.title, ancestor.url) for ancestor in ancestors]

    parent_path = page.path[: -page.steplen] if page.path else ""
    if not parent_path:
        return build()
    return _cached("tree", f"crumbs:{parent_path}", build)


def plan_page_plan_id(page):
    """The ``plan_id`` of the nearest action plan page above ``page`` (None outside any),
    cached by the parent's tree path, as the breadcrumbs are."""

    def build():
        from .models import ActionPlanPage

        return (
            ActionPlanPage.objects.ancestor_of(page)
            .order_by("-depth")
            .values_list("plan_id", flat=True)
            .first()
        )

    parent_path = page.path[: -page.steplen] if page.path else ""
    if not parent_path:
        return build()
    return _cached("tree", f"plan-page:{parent_path}", lambda: (build(),))[0]


def _relative_url(page, site):
    site_id, _root_url, path = page.get_url_parts() or (None, None, None)
    return path


def entity_settings(model, site):
    """The site's settings instance (``model`` is ``EntitySettings``), created if missing."""
    return _cached(site.pk, model._meta.label_lower, lambda: model.for_site(site))


def connect():
    """Bump the generation on every change that can alter a cached fragment."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Locale, Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import EntitySettings

    def page_changed(sender, instance, **kwargs):
        if isinstance(instance, Page):
            bump()

    # Page subclasses send post_save/post_delete with their own class as sender.
    post_save.connect(page_changed, dispatch_uid="home_fragments_page_saved")
    post_delete.connect(page_changed, dispatch_uid="home_fragments_page_deleted")
    page_published.connect(bump, dispatch_uid="home_fragments_page_published")
    page_unpublished.connect(bump, dispatch_uid="home_fragments_page_unpublished")
    post_page_move.connect(bump, dispatch_uid="home_fragments_page_moved")
    for model in (Site, EntitySettings, PageViewRestriction, Locale):
        label = model._meta.label_lower
        post_save.connect(bump, sender=model, dispatch_uid=f"home_fragments_{label}_saved")
        post_delete.connect(bump, sender=model, dispatch_uid=f"home_fragments_{label}_deleted")

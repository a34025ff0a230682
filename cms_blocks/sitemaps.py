"""Sitemaps of the extension's public URLs, on the public address (not the request's host).

Django's sitemaps prefix each location with the protocol and domain of the request (or of
``django.contrib.sites``); ``PublicSitemap`` takes both from ``cms_blocks.public_urls`` instead.
A site's own sitemaps can subclass it. Wagtail's page sitemap already writes each page's Site
root URL.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import CharField, Exists, F, IntegerField, OuterRef, Q, Value, Window
from django.db.models.functions import Length, RowNumber, Substr
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.sitemaps import Sitemap as WagtailPageSitemap
from wagtail.models import Page, PageViewRestriction

from . import queries
from .public_urls import public_base_url
from .registry import sitemap_kinds, sitemap_list_pages
from .tags import public_tags, tag_url


class PublicSitemap(Sitemap):
    """A sitemap whose locations are on the public address."""

    def get_urls(self, page=1, site=None, protocol=None):
        base = urlsplit(public_base_url())
        if not base.netloc:  # no address configured and no Site: Django's default
            return super().get_urls(page=page, site=site, protocol=protocol)
        return self._urls(page, base.scheme, base.netloc)


class PageSitemap(WagtailPageSitemap):
    """Wagtail's page sitemap in one query: the live pages below the Site's root, outside any
    private section, as their specific class with only the generic fields loaded.

    Wagtail's own reads every view restriction first (``public()``), counts the pages for the
    paginator, then reads each page type's table (``specific()``): 3 + one per page type. Here
    the private sections are a subquery (a page is private when a restricted page's path starts
    its path), the list is counted in Python and ``specific(defer=True)`` reads no other table:
    ``get_sitemap_urls`` needs only the generic fields (URL, last publication).

    With Wagtail's internationalisation, each language's tree is listed: the pages below the
    root page's translations too (the English home page is the Spanish one's sibling). A page
    that only mirrors another language is left out: an alias (wagtail-localize creates the
    parents of a first translation as aliases of the originals), and a page of another language
    whose live content no revision published (an alias being turned into a translation, its
    text still a draft). The same subquery pattern reads the roots: still one query.
    """

    def items(self):
        restricted_above = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"), output_field=CharField())
        )
        root = self.get_wagtail_site().root_page
        pages = Page.objects.live().filter(~Exists(restricted_above))
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            below_a_root = Page.objects.filter(
                translation_key=root.translation_key,
                path=Substr(OuterRef("path"), 1, Length("path"), output_field=CharField()),
            )
            pages = (
                pages.filter(Exists(below_a_root))
                .filter(alias_of__isnull=True)
                .exclude(~Q(locale_id=root.locale_id) & Q(live_revision__isnull=True))
            )
        else:
            pages = pages.filter(path__startswith=root.path)
        return list(pages.order_by("path").specific(defer=True))

    def _urls(self, page, protocol, domain):
        urls = []
        last_mods = set()
        for item in self.paginator.page(page).object_list:  # a list: no .iterator()
            for url_info in item.get_sitemap_urls(self.request):
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def _in_order(queryset):
    """The queryset's order (its model's ``Meta.ordering``; else by primary key) as the
    expressions of a window's ``ORDER BY``."""
    ordering = queryset.query.order_by or queryset.model._meta.ordering or ["pk"]
    expressions = []
    for item in ordering:
        if hasattr(item, "resolve_expression"):  # an expression in Meta.ordering
            expressions.append(item)
        elif item.startswith("-"):
            expressions.append(F(item[1:]).desc())
        else:
            expressions.append(F(item).asc())
    return expressions


def published_objects(kinds):
    """[(kind, object)] of the published objects of ``kinds``, in the kinds' order and each
    kind in its model's order, read in one query (a ``UNION ALL`` of one part per kind) with
    only what a sitemap entry needs: ``slug`` and ``last_published_at``."""
    languages = other_languages()
    parts = []
    for position, kind in enumerate(kinds):
        objects = kind.model.objects.live()
        if kind.plan_lookup:  # an object of an unpublished plan is not public
            objects = objects.filter(**{f"{kind.plan_lookup}__live": True})
        # Whether it has a published translation into each other language (same query).
        translated = {
            f"translated_{index}": Exists(
                kind.model._base_manager.filter(
                    translation_key=OuterRef("translation_key"),
                    live=True,
                    locale__language_code=language,
                )
            )
            for index, language in enumerate(languages)
        }
        parts.append(
            objects.annotate(
                kind_position=Value(position, output_field=IntegerField()),
                row=Window(RowNumber(), order_by=_in_order(objects)),
                **translated,
            )
            .order_by()
            # The fields first, then the annotations: the order of the SQL columns, which a
            # union's rows keep.
            .values_list("pk", "slug", "last_published_at", "kind_position", "row", *translated)
        )
    if not parts:
        return []
    rows = parts[0].union(*parts[1:], all=True).order_by("kind_position", "row")
    found = []
    for pk, slug, last_published_at, position, _row, *flags in rows:
        model = kinds[position].model
        loaded = {model._meta.pk.attname: pk, "slug": slug, "last_published_at": last_published_at}
        # ``from_db`` takes the values in the model's field order, the others deferred.
        names = [f.attname for f in model._meta.concrete_fields if f.attname in loaded]
        obj = model.from_db(rows.db, names, [loaded[name] for name in names])
        obj.translated_languages = [
            lang for lang, flag in zip(languages, flags, strict=True) if flag
        ]
        found.append((kinds[position], obj))
    return found


def other_languages():
    """The content languages other than the source, as Wagtail's locales write them."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return []
    from wagtail.coreutils import get_content_languages

    from .translation import source_language

    return [code.lower() for code in get_content_languages() if code.lower() != source_language()]


class SnippetSitemap(PublicSitemap):
    """Public URLs of published snippets and of their list pages (registry: ``sitemap`` and
    ``sitemap_list``). Every kind's objects come in one query (``published_objects``), the
    tags in use in another (and the view restrictions'); each URL is built in memory. An
    object with a published translation is listed in that language too (``/en/…``, in the
    same query); list pages and untranslated objects only in the source language."""

    def items(self):
        from .models import ActionPlan
        from .plans import plan_sections

        items = [(reverse(name), None) for name in sitemap_list_pages()]
        plans = []
        for kind, obj in published_objects(sitemap_kinds()):
            items.append((obj.get_absolute_url(), obj.last_published_at))
            # Its page in each language it has a published translation into (/en/…).
            for language in obj.translated_languages:
                with translation.override(language):
                    items.append((obj.get_absolute_url(), obj.last_published_at))
            if kind.model is ActionPlan:
                plans.append(obj)
        # Each published plan's own pages (the plan's page itself is its kind's detail).
        for plan in plans:
            for _label, url, _active in plan_sections(plan)[1:]:
                items.append((url, None))
        # The tag pages, only of the tags that public content carries.
        tags = public_tags()
        if tags:
            items.append((reverse("cms_blocks:tag_index"), None))
            items += [(tag_url(tag), None) for tag in tags]
        return items

    def location(self, item):
        return item[0]

    def lastmod(self, item):
        return item[1]


class OpenDataSitemap(PublicSitemap):
    """The open-data catalogue, every dataset file and the RSS feeds."""

    def items(self):
        from .opendata.datasets import DATASETS, FORMATS, download_url, plan_datasets

        items = [
            reverse("cms_blocks:opendata_index"),
            reverse("cms_blocks:news_feed"),
            reverse("cms_blocks:report_feed"),
        ]
        items += [download_url(slug, fmt) for slug in DATASETS for fmt in FORMATS]
        # Each published plan's catalogue, files and report feed.
        for plan in queries.live_plans().only("slug"):
            items.append(reverse("cms_blocks:plan_opendata_index", kwargs={"plan": plan.slug}))
            items.append(reverse("cms_blocks:plan_report_feed", kwargs={"plan": plan.slug}))
            items += [
                download_url(dataset.slug, fmt, plan)
                for dataset in plan_datasets()
                for fmt in FORMATS
            ]
        return items

    def location(self, item):
        return item

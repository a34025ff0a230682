"""Sitemaps of the extension's public URLs, on the public address (not the request's host).

Django's sitemaps prefix each location with the protocol and domain of the request (or of
``django.contrib.sites``); ``PublicSitemap`` takes both from ``cms_blocks.public_urls`` instead.
A site's own sitemaps can subclass it. Wagtail's page sitemap already writes each page's Site
root URL.
"""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

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


class SnippetSitemap(PublicSitemap):
    """Public URLs of published snippets and of their list pages (registry: ``sitemap`` and
    ``sitemap_list``)."""

    def items(self):
        from .plans import plan_sections

        items = [(reverse(name), None) for name in sitemap_list_pages()]
        plans = list(queries.live_plans().only("slug", "last_published_at"))
        for kind in sitemap_kinds():
            objects = kind.model.objects.live()
            if kind.plan_lookup:  # an object of an unpublished plan is not public
                objects = objects.filter(**{f"{kind.plan_lookup}__live": True})
            for obj in objects.only("slug", "last_published_at"):
                items.append((obj.get_absolute_url(), obj.last_published_at))
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

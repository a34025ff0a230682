from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Commitment, Committee, Consultation, MonitorReport


class SnippetSitemap(Sitemap):
    """Public URLs of published snippets and of their list pages."""

    LIST_PAGES = [
        "cms_blocks:commitment_list",
        "cms_blocks:report_list",
        "cms_blocks:institution_list",
        "cms_blocks:initiative_list",
    ]

    def items(self):
        items = [(reverse(name), None) for name in self.LIST_PAGES]
        for model in (Commitment, MonitorReport, Committee, Consultation):
            for obj in model.objects.live().only("slug", "last_published_at"):
                items.append((obj.get_absolute_url(), obj.last_published_at))
        return items

    def location(self, item):
        return item[0]

    def lastmod(self, item):
        return item[1]


class OpenDataSitemap(Sitemap):
    """The open-data catalogue, every dataset file and the RSS feeds."""

    def items(self):
        from .opendata.datasets import DATASETS, FORMATS, download_url

        items = [
            reverse("cms_blocks:opendata_index"),
            reverse("cms_blocks:news_feed"),
            reverse("cms_blocks:report_feed"),
        ]
        items += [download_url(slug, fmt) for slug in DATASETS for fmt in FORMATS]
        return items

    def location(self, item):
        return item

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class ParticipationSitemap(Sitemap):
    """The public forms: report an irregularity, check a report."""

    changefreq = "monthly"

    def items(self):
        return ["participation:report_create", "participation:report_status"]

    def location(self, item):
        return reverse(item)

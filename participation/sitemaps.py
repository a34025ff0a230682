from django.urls import reverse

from cms_blocks.sitemaps import PublicSitemap


class ParticipationSitemap(PublicSitemap):
    """The public forms: report an irregularity, check a report."""

    changefreq = "monthly"

    def items(self):
        return ["participation:report_create", "participation:report_status"]

    def location(self, item):
        return reverse(item)

"""RSS feeds: the independent monitor's reports, and «novedades» (what was last published).

Both read published content only. «Novedades» merges live, public pages and published
snippets that have a public URL, newest publication first (Wagtail's ``last_published_at``):
each publication is an item, so an update shows up again in a reader.

Every link is absolute on the public address (``cms_blocks.public_urls``), pages on their own
Site's root URL: never on the host a request came to.

Each feed exists per language (``/en/novedades/feed/`` with ``i18n_patterns``): Django's
``<language>`` is the active one, the snippets' text is their published translation's where
there is one (``cms_blocks.translation``, active for the request) and their links are under
that language's prefix. «Novedades» lists the source-language pages; under another language a
page with a published translation gives the translation's title, summary, address and date,
and one without gives its own text at its address under that language's prefix (where the
site shows it with its fallback notice). A translation (or an alias) of a page is never an
item of its own.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from . import queries
from .plans import live_plan_or_404
from .public_urls import page_public_url, public_base_url, public_url
from .registry import feed_kinds
from .translation import source_language

FEED_LENGTH = 30
DESCRIPTION_WORDS = 60


def _plain(html):
    return Truncator(strip_tags(html or "").strip()).words(DESCRIPTION_WORDS, truncate=" …")


def _site_name(request):
    site = Site.find_for_request(request)
    return (site.site_name if site and site.site_name else "") or _("Gobierno Abierto")


def active_language():
    """The active language when it is not the source language (lower case), else None."""
    language = (translation.get_language() or "").lower()
    return language if language and language != source_language() else None


def in_active_language(url):
    """``url`` (an address of the source language, unprefixed) under the active language's
    prefix: ``/cocreacion/`` → ``/en/cocreacion/``; unchanged in the source language, or on
    a site without language prefixes. Django's ``translate_url`` resolves the path in the
    active language, where an unprefixed path does not match: it resolves it in the source
    language here."""
    language = translation.get_language()
    if not active_language():
        return url
    with translation.override(source_language()):
        return translate_url(url, language)


class BaseFeed(Feed):
    feed_type = Rss201rev2Feed
    # No `language`: Django gives the active one (LANGUAGE_CODE on a one-language site).

    def get_object(self, request, *args, **kwargs):
        self.request = request
        self.base_url = public_base_url()  # once per feed, not once per item
        return None

    def title(self):
        return f"{self.feed_title()} · {_site_name(self.request)}"

    def feed_url(self):
        return public_url(self.request.path, self.base_url)

    def feed_title(self):  # pragma: no cover - subclasses
        raise NotImplementedError


class MonitorReportFeed(BaseFeed):
    """/informes/feed/: the monitor's published reports of every published plan, newest
    first; /planes/<plan>/informes/feed/: one plan's."""

    def get_object(self, request, plan=None, *args, **kwargs):
        super().get_object(request, *args, **kwargs)
        self.plan = live_plan_or_404(plan) if plan is not None else None
        return self.plan

    def feed_title(self):
        if self.plan is not None:
            return _("Informes del monitor independiente · %(plan)s") % {"plan": self.plan.title}
        return _("Informes del monitor independiente")

    def link(self):
        if self.plan is not None:
            url = reverse("cms_blocks:plan_reports", kwargs={"plan": self.plan.slug})
        else:
            url = reverse("cms_blocks:report_list")
        return public_url(url, self.base_url)

    def description(self):
        return _(
            "Los informes que publica el organismo de monitoreo independiente del plan de acción."
        )

    def items(self):
        return (
            queries.monitor_reports(plan=self.plan)
            .select_related("monitor")
            .order_by("-first_published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parts = [item.get_moment_display()]
        if item.monitor is not None and item.monitor.live:
            parts.append(item.monitor.name)
        if item.date:
            parts.append(item.date.isoformat())
        lead = " · ".join(str(p) for p in parts)
        summary = _plain(item.summary)
        return f"{lead}. {summary}" if summary else lead

    def item_link(self, item):
        return public_url(item.get_absolute_url(), self.base_url)

    def item_author_name(self, item):
        return item.authors or None

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_moment_display(), item.plan.title]


def news_snippets():
    """The snippets in «novedades» (registry: ``feed_summary``), with their summary field and
    the lookup to their plan (None for a kind no plan owns)."""
    return [(kind.model, kind.feed_summary, kind.plan_lookup) for kind in feed_kinds()]


class NewsItem:
    def __init__(self, title, link, published_at, kind, summary, plan=None):
        self.title = title
        self.link = link
        self.published_at = published_at
        self.kind = kind
        self.summary = summary
        self.plan = plan


def recent_news(request, limit=FEED_LENGTH):
    """The last ``limit`` publications of pages and snippets (absolute public URLs): one query
    per model."""
    items = []
    base = public_base_url()
    pages = list(
        Page.objects.live()
        .public()
        .filter(
            depth__gt=1,
            last_published_at__isnull=False,
            locale__language_code__iexact=source_language(),
        )
        .order_by("-last_published_at")
        .specific(defer=False)[:limit]
    )
    translated = page_translations(pages, active_language(), request)
    for page in pages:
        shown = translated.get(page.translation_key)
        if shown is not None:
            url = page_public_url(shown, request=request)
        else:
            shown = page
            url = page_public_url(page, request=request)
            url = in_active_language(url) if url else url
        if not url:
            continue
        summary = getattr(shown, "intro", "") or shown.search_description
        items.append(NewsItem(shown.title, url, shown.last_published_at, _("Página"), summary))
    for model, summary_field, plan_lookup in news_snippets():
        objects = model.objects.live().filter(last_published_at__isnull=False)
        if plan_lookup:  # an object of an unpublished plan is not public
            objects = queries.in_plan(objects, None, plan_lookup).select_related(plan_lookup)
        for obj in objects.order_by("-last_published_at")[:limit]:
            items.append(
                NewsItem(
                    str(obj.title if hasattr(obj, "title") else obj),
                    public_url(obj.get_absolute_url(), base),
                    obj.last_published_at,
                    model._meta.verbose_name.capitalize(),
                    getattr(obj, summary_field, ""),
                    plan=_plan_title(obj, plan_lookup),
                )
            )
    items.sort(key=lambda item: item.published_at, reverse=True)
    return items[:limit]


def page_translations(pages, language, request=None):
    """{translation_key: page} of the live translations of ``pages`` into ``language`` that
    have content of their own (published through a revision, not an alias of the source
    page): one query, none in the source language."""
    if not language or not pages:
        return {}
    found = (
        Page.objects.live()
        .public()
        .filter(
            translation_key__in=[page.translation_key for page in pages],
            locale__language_code__iexact=language,
            alias_of__isnull=True,
            live_revision__isnull=False,
        )
        .specific(defer=False)
    )
    return {page.translation_key: page for page in found}


def _plan_title(obj, plan_lookup):
    if not plan_lookup:
        return None
    for name in plan_lookup.split("__"):
        obj = getattr(obj, name)
    return obj.title


class NewsFeed(BaseFeed):
    """/novedades/feed/: recently published pages and content."""

    def feed_title(self):
        return _("Novedades")

    def link(self):
        return in_active_language(public_url("/", self.base_url))

    def description(self):
        return _("Páginas y contenidos publicados o actualizados recientemente en el micrositio.")

    def items(self):
        return recent_news(self.request)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        summary = _plain(item.summary)
        return f"{item.kind}. {summary}" if summary else str(item.kind)

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        # One item per publication: a republished page is news again.
        stamp = int(item.published_at.timestamp())
        return f"{item.link}#publicado-{stamp}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [str(item.kind), *([item.plan] if item.plan else [])]

"""The RSS feeds per language (issue 12): under another language a feed says so in its
``<language>`` and gives the published translations' text (the source text otherwise);
«novedades» lists the source-language pages, an English page's title in English, and never
a translated page as an item of its own; the Spanish feeds are as before.

The extension's test site has one language and no language prefix: the English requests are
served here as ``/en/…`` would be (``TranslatedContentMiddleware``): the English interface and
the overlay active around the feed. The ``/en/`` addresses are tested on the site
(tests/ogp_site/test_open_data_languages.py)."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cms_blocks import feeds, history_feeds
from tests.cms_blocks import test_translation
from tests.cms_blocks.test_translation import in_english
from tests.cms_blocks.testsite.factories import TestPageFactory
from tests.cms_blocks.testsite.models import TestPage
from tests.factories import translate

pytestmark = pytest.mark.django_db

english = test_translation.english  # the fixture: English as a second content language


def channel(feed, path, language=None, **kwargs):
    request = RequestFactory().get(path)
    if language == "en":
        with in_english():
            response = feed(request, **kwargs)
    else:
        response = feed(request, **kwargs)
    assert response.status_code == 200
    return ET.fromstring(response.content).find("channel")


def titles(chan):
    return [item.findtext("title") for item in chan.findall("item")]


def test_the_report_feed_in_english(content, english):
    report = content.reports[0]
    translate(report, english, title="Initial report", summary="<p>In English</p>")
    translate(content.monitor, english, name="Monitoring University")
    spanish = channel(feeds.MonitorReportFeed(), "/informes/feed/")
    inglish = channel(feeds.MonitorReportFeed(), "/informes/feed/", "en")
    assert spanish.findtext("language") == "es-mx"
    assert inglish.findtext("language") == "en"
    assert report.title in titles(spanish) and "Initial report" not in titles(spanish)
    assert "Initial report" in titles(inglish)
    assert len(titles(inglish)) == len(titles(spanish))  # no English report of its own
    assert content.reports[1].title in titles(inglish)  # untranslated: its Spanish title
    item = next(i for i in inglish.findall("item") if i.findtext("title") == "Initial report")
    assert "Monitoring University" in item.findtext("description")
    assert "In English" in item.findtext("description")
    assert inglish.findtext("title").startswith("Independent monitor")  # the interface


def test_the_news_feed_in_english_translated_snippets_and_pages(content, english):
    commitment = content.commitments[0]
    translate(commitment, english, title="Open budgets")
    spanish_page = TestPageFactory(parent=content.home, title="Monitoreo", slug="monitoreo")
    # An English version of the page, published through a revision (a translation with
    # content of its own), routable on this one-language site below the same home page.
    english_page = TestPageFactory(
        parent=content.home,
        title="Monitoring",
        slug="monitoring",
        locale=english,
        translation_key=spanish_page.translation_key,
    )
    english_page.save_revision().publish()

    spanish = titles(channel(feeds.NewsFeed(), "/novedades/feed/"))
    assert "Monitoreo" in spanish and commitment.title in spanish
    assert "Monitoring" not in spanish  # a translation is not an item of the Spanish feed
    inglish_channel = channel(feeds.NewsFeed(), "/novedades/feed/", "en")
    inglish = titles(inglish_channel)
    assert inglish_channel.findtext("language") == "en"
    assert "Open budgets" in inglish and commitment.title not in inglish
    assert "Monitoring" in inglish and "Monitoreo" not in inglish
    assert inglish.count("Monitoring") == 1  # the page once, in English
    assert len(inglish) == len(spanish)
    link = next(
        i.findtext("link")
        for i in inglish_channel.findall("item")
        if i.findtext("title") == "Monitoring"
    )
    assert link.endswith("/monitoring/")


def test_an_untranslated_or_draft_page_keeps_its_spanish_title(content, english):
    spanish_page = TestPageFactory(parent=content.home, title="Cocreación", slug="cocreacion")
    draft = content.home.add_child(
        instance=TestPage(
            title="Co-creation",
            slug="co-creation",
            locale=english,
            translation_key=spanish_page.translation_key,
            live=False,
        )
    )
    draft.save_revision()
    assert not draft.live
    inglish = titles(channel(feeds.NewsFeed(), "/novedades/feed/", "en"))
    assert "Cocreación" in inglish and "Co-creation" not in inglish


def test_the_history_feed_in_english(content, english):
    commitment = content.commitments[0]
    translate(commitment, english, title="Open budgets")
    path = f"/compromisos/{commitment.slug}/historial/feed/"
    feed = history_feeds.CommitmentHistoryFeed()
    spanish = channel(feed, path, slug=commitment.slug)
    inglish = channel(feed, path, "en", slug=commitment.slug)
    assert commitment.title in spanish.findtext("title")
    assert "Open budgets" in inglish.findtext("title")
    assert inglish.findtext("language") == "en"
    assert len(inglish.findall("item")) == len(spanish.findall("item"))


def count(feed, path):
    request = RequestFactory().get(path)
    with in_english():
        feed(request)  # warm
        with CaptureQueriesContext(connection) as queries:
            feed(RequestFactory().get(path))
    return len(queries.captured_queries)


def test_the_english_feeds_queries_do_not_grow_with_the_translations(content, english):
    before = {
        "news": count(feeds.NewsFeed(), "/novedades/feed/"),
        "reports": count(feeds.MonitorReportFeed(), "/informes/feed/"),
    }
    for commitment in content.commitments:
        translate(commitment, english, title=f"EN {commitment.title}")
    for report in content.reports:
        translate(report, english, title=f"EN {report.title}")
    for institution in content.institutions:
        translate(institution, english, name=f"EN {institution.name}")
    after = {
        "news": count(feeds.NewsFeed(), "/novedades/feed/"),
        "reports": count(feeds.MonitorReportFeed(), "/informes/feed/"),
    }
    assert after == before
    assert all(
        t.startswith("EN ")
        for t in titles(channel(feeds.MonitorReportFeed(), "/informes/feed/", "en"))
    )

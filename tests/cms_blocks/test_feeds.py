"""RSS feeds (monitor reports, novedades), their <link rel="alternate"> and the sitemap."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cms_blocks.models import MonitorReport
from tests import factories as f
from tests.cms_blocks.testsite.factories import TestPageFactory
from tests.public_host import OTHER_HOST, PUBLIC  # the fixture public_host: conftest.py

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(content):
    """Two live pages below the home page (the news feed lists recent pages)."""
    return [
        TestPageFactory(parent=content.home, title="Plan de acción", slug="plan-de-accion"),
        TestPageFactory(parent=content.home, title="Monitoreo", slug="monitoreo"),
    ]


def channel(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # well-formed XML, or this raises
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


def items(chan):
    return [{child.tag: (child.text or "") for child in item} for item in chan.findall("item")]


def test_report_feed_lists_the_published_reports(client, content, settings):
    chan = channel(client, "/informes/feed/")
    assert chan.findtext("language") == settings.LANGUAGE_CODE == "es-mx"  # the site's
    assert chan.findtext("title").startswith("Informes del monitor independiente")
    assert chan.findtext("link") == "http://testserver/informes/"
    entries = items(chan)
    assert {e["title"] for e in entries} == {r.title for r in content.reports}
    for entry in entries:
        assert entry["link"].startswith("http://testserver/informes/")
        assert entry["pubDate"]
    initial = next(e for e in entries if e["title"] == content.reports[0].title)
    assert content.monitor.name in initial["description"]
    assert "<" not in initial["description"]  # plain text summary


def test_report_feed_hides_unpublished_reports_and_drafts(client, content):
    report, other = content.reports
    report.unpublish()
    published = other.title
    other.title = "Título en borrador"
    other.save_revision()
    f.MonitorReportFactory(title="Informe nunca publicado", draft=True)
    titles = {e["title"] for e in items(channel(client, "/informes/feed/"))}
    assert titles == {published}


def test_news_feed_has_recent_pages_and_snippets_newest_first(client, content, pages):
    institution = content.coordinating
    institution.save_revision().publish()  # institutions have no page of their own
    report = content.reports[1]
    report.save_revision().publish()  # now the newest publication

    chan = channel(client, "/novedades/feed/")
    entries = items(chan)
    assert entries[0]["title"] == report.title
    assert entries[0]["link"] == f"http://testserver/informes/{report.slug}/"
    assert entries[0]["guid"].startswith(entries[0]["link"] + "#publicado-")
    links = {e["link"] for e in entries}
    assert "http://testserver/plan-de-accion/" in links
    assert f"http://testserver/compromisos/{content.commitments[0].slug}/" in links
    assert institution.name not in {e["title"] for e in entries}
    categories = {
        category.text for item in chan.findall("item") for category in item.findall("category")
    }
    assert {"Página", "Compromiso", "Informe del monitor", content.plan.title} <= categories


def test_news_feed_never_lists_private_or_unpublished_pages(client, pages):
    assert "http://testserver/monitoreo/" in {
        e["link"] for e in items(channel(client, "/novedades/feed/"))
    }
    Page.objects.get(slug="monitoreo").unpublish()
    private = TestPageFactory(parent=pages[0], title="Privada", slug="privada")
    private.view_restrictions.create(restriction_type="password", password="x")
    links = {e["link"] for e in items(channel(client, "/novedades/feed/"))}
    assert "http://testserver/monitoreo/" not in links
    assert "http://testserver/plan-de-accion/privada/" not in links
    assert "http://testserver/plan-de-accion/" in links


ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.usefixtures("public_host", "pages")
@pytest.mark.parametrize("url", ["/novedades/feed/", "/informes/feed/"])
def test_every_feed_link_is_on_the_public_address_whatever_host_the_request_came_to(client, url):
    response = client.get(url, HTTP_HOST=OTHER_HOST)
    chan = ET.fromstring(response.content).find("channel")
    links = [chan.findtext("link"), chan.find(f"{ATOM}link").get("href")]
    for entry in items(chan):
        links += [entry["link"], entry["guid"]]
    assert len(links) > 4
    assert [link for link in links if not link.startswith(PUBLIC + "/")] == []
    assert OTHER_HOST not in response.content.decode()
    assert chan.find(f"{ATOM}link").get("href") == PUBLIC + url
    pages = {urlsplit(entry["link"]).path for entry in items(chan)}
    if url == "/novedades/feed/":
        assert "/plan-de-accion/" in pages  # a page, on its Site (the public address)


def test_feed_query_count_is_small_and_constant(client, content, pages):
    client.get("/novedades/feed/")  # warm Wagtail's cached Site root paths
    with CaptureQueriesContext(connection) as first:
        client.get("/novedades/feed/")
    f.MonitorReportFactory.create_batch(3, moment=MonitorReport.Moment.LEARNING)
    TestPageFactory.create_batch(3, parent=content.home)
    with CaptureQueriesContext(connection) as second:
        client.get("/novedades/feed/")
    assert len(second.captured_queries) == len(first.captured_queries)


def test_sitemap_includes_open_data_feeds_and_every_public_url(client, content, pages):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", ns)}
    # Every location is on the public address (tests/cms_blocks/test_public_urls.py).
    paths = {urlsplit(location).path for location in locations}
    expected = {
        "/datos/",
        "/datos/compromisos.csv",
        "/datos/comite-seguimiento.xlsx",
        "/datos/informes-monitor.json",
        "/novedades/feed/",
        "/informes/feed/",
        "/informes/",
        "/compromisos/",
        f"/compromisos/{content.commitments[0].slug}/",
        f"/informes/{content.reports[0].slug}/",
        "/plan-de-accion/",
        "/",
    }
    assert expected <= paths

"""RSS feeds (monitor reports, novedades), their <link rel="alternate"> and the sitemap."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cms_blocks.models import Institution, MonitorReport
from home.seed import content as seed
from tests.public_host import OTHER_HOST, PUBLIC, public_host  # noqa: F401

pytestmark = pytest.mark.django_db


def channel(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # well-formed XML, or this raises
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


def items(chan):
    return [{child.tag: (child.text or "") for child in item} for item in chan.findall("item")]


def test_report_feed_lists_the_published_reports(client, seeded):
    chan = channel(client, "/informes/feed/")
    assert chan.findtext("language") == "es-co"
    assert chan.findtext("title").startswith("Informes del monitor independiente")
    assert chan.findtext("link") == "http://testserver/informes/"
    entries = items(chan)
    assert {e["title"] for e in entries} == {r["title"] for r in seed.MONITOR_REPORTS}
    for entry in entries:
        assert entry["link"].startswith("http://testserver/informes/")
        assert entry["pubDate"]
    initial = next(e for e in entries if e["title"].startswith("Informe Inicial"))
    assert "Universidad de los Andes" in initial["description"]
    assert "<" not in initial["description"]  # plain text summary


def test_report_feed_hides_unpublished_reports_and_drafts(client, seeded):
    report = MonitorReport.objects.get(slug="informe-inicial-cocreacion")
    report.unpublish()
    other = MonitorReport.objects.get(slug="informe-fin-compromiso-cartagenacuenta")
    other.title = "Título en borrador"
    other.save_revision()
    titles = {e["title"] for e in items(channel(client, "/informes/feed/"))}
    assert titles == {"Informe de fin de compromiso: #CartagenaCuenta 2023"}


def test_news_feed_has_recent_pages_and_snippets_newest_first(client, seeded):
    institution = Institution.objects.get(slug="funcicar")
    institution.save_revision().publish()  # institutions have no page of their own
    report = MonitorReport.objects.get(slug="informe-fin-compromiso-cartagenacuenta")
    report.save_revision().publish()  # now the newest publication

    chan = channel(client, "/novedades/feed/")
    entries = items(chan)
    assert entries[0]["title"] == report.title
    assert entries[0]["link"] == f"http://testserver/informes/{report.slug}/"
    assert entries[0]["guid"].startswith(entries[0]["link"] + "#publicado-")
    links = {e["link"] for e in entries}
    assert "http://testserver/plan-de-accion-2023/" in links
    assert "http://testserver/compromisos/cartagenacuenta-2023/" in links
    assert "Funcicar" not in {e["title"] for e in entries}
    categories = {e.get("category") for e in entries}
    assert {"Página", "Compromiso", "Informe del monitor"} <= categories


def test_news_feed_never_lists_private_or_unpublished_pages(client, seeded):
    page = Page.objects.get(slug="monitoreo")
    page.unpublish()
    links = {e["link"] for e in items(channel(client, "/novedades/feed/"))}
    assert "http://testserver/monitoreo/" not in links
    assert "http://testserver/cocreacion/" in links


ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.usefixtures("public_host")
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
        assert "/plan-de-accion-2023/" in pages  # a page, on its Site (the public address)


def test_feed_query_count_is_small_and_constant(client, seeded):
    client.get("/novedades/feed/")  # warm Wagtail's cached Site root paths
    with CaptureQueriesContext(connection) as first:
        client.get("/novedades/feed/")
    for n in range(3):
        report = MonitorReport(title=f"Informe {n}", slug=f"informe-{n}", moment="learning")
        report.live = False
        report.save()
        report.save_revision().publish()
    with CaptureQueriesContext(connection) as second:
        client.get("/novedades/feed/")
    assert len(second.captured_queries) == len(first.captured_queries)


def test_every_page_advertises_both_feeds(client, seeded):
    html = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/novedades/feed/"' in html
    assert 'href="/informes/feed/"' in html
    assert 'href="/datos/"' in html


def test_sitemap_includes_open_data_feeds_and_every_public_url(client, seeded):
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
        "/compromisos/cartagenacuenta-2023/",
        "/plan-de-accion-2023/",
        "/",
    }
    assert expected <= paths

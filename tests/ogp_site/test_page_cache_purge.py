"""The page cache forgets exactly the pages that read what changed (ogp_site.page_cache).

The property checked: after a change, every public URL (pages, snippet pages and lists, API,
datasets, feeds, sitemap: the same walk as tests/integration/cms_blocks/test_live_relations.py)
answers from the cache exactly what a fresh render with the cache off answers. The cache is
warm before the change, so a stale entry would be served. Each change also shows somewhere (the
test cannot pass on a change that changes nothing), and the narrow ones leave the pages that
never read the changed tables in the cache. Every test runs on locmem and on Redis.
"""

import http.server
import threading
import uuid

import pytest
from django.db import connection
from wagtail.contrib.frontend_cache.backends import HTTPBackend

from cms_blocks.models import Commitment, Institution, MonitorReport
from home.models import ContentPage, HomePage
from ogp_site import page_cache
from tests.integration.cms_blocks.test_live_relations import public_urls

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_backend")]


def urls_to_check():
    """The walk's URLs, with one API detail per endpoint (the others render the same way)."""
    urls, endpoints = [], set()
    for url in public_urls():
        parts = url.strip("/").split("/")
        if url.startswith("/api/v2/") and len(parts) == 4 and parts[3].isdigit():
            if parts[2] in endpoints:
                continue
            endpoints.add(parts[2])
        urls.append(url)
    return urls


def marker():
    return f"qzcache{uuid.uuid4().hex[:8]}"


def warm(client, urls):
    """Every URL stored (asked twice: the second answer must be the cache's, where cacheable)."""
    for url in urls:
        assert client.get(url).status_code == 200, url
    hits = [url for url in urls if client.get(url).get("X-Page-Cache") == "hit"]
    assert len(hits) > len(urls) * 0.8, "the cache is not storing the public pages"
    return hits


def compare_with_fresh_renders(client, settings, urls):
    """``(hits, urls showing stale content)``: each URL through the cache, then rendered with
    the cache off. Only an answer from the cache can be stale (a page that is never stored,
    like the QR sheet with its CSP nonce, differs from one render to the next anyway)."""
    hits, stale = [], []
    for url in urls:
        cached = client.get(url)
        settings.OGP_PAGE_CACHE = False
        fresh = client.get(url)
        settings.OGP_PAGE_CACHE = True
        if cached.get("X-Page-Cache") != "hit":
            continue
        hits.append(url)
        if (cached.status_code, cached.content) != (fresh.status_code, fresh.content):
            stale.append(url)
    return hits, stale


def shown_on(client, urls, text):
    return [url for url in urls if text in client.get(url).content.decode()]


def publish_commitment_title(text):
    commitment = Commitment.objects.live().order_by("pk").first()
    commitment.title = text
    commitment.save_revision().publish()


def rename_institution(text):
    institution = Institution.objects.live().order_by("pk").first()
    institution.name = text
    institution.save_revision().publish()


def publish_menu_page_title(text):
    page = ContentPage.objects.live().filter(show_in_menus=True).order_by("path").first()
    page.title = text
    page.save_revision().publish()


def bulk_update_commitment(text):
    # A queryset update sends no signal: only the SQL statement tells.
    pk = Commitment.objects.live().order_by("pk").values_list("pk", flat=True).first()
    Commitment.objects.filter(pk=pk).update(title=text)


def raw_sql_rename_institution(text):
    pk = Institution.objects.live().order_by("pk").values_list("pk", flat=True).first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cms_blocks_institution SET name = %s WHERE id = %s", [text, pk])


def new_page_under_home(text):
    page = ContentPage(title=text, slug=text, show_in_menus=True)
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()


CHANGES = {
    "commitment published": publish_commitment_title,
    "institution renamed": rename_institution,
    "menu page published": publish_menu_page_title,
    "new page in the menu": new_page_under_home,
    "bulk queryset update": bulk_update_commitment,
    "raw SQL update": raw_sql_rename_institution,
}


@pytest.mark.parametrize("change", CHANGES)
def test_after_a_change_every_url_answers_what_a_fresh_render_answers(
    client, seeded, settings, change
):
    urls = urls_to_check()
    assert len(urls) > 40
    warm(client, urls)
    text = marker()
    CHANGES[change](text)
    hits, stale = compare_with_fresh_renders(client, settings, urls)
    assert stale == [], f"{change}: stale from the cache: {stale}"
    assert shown_on(client, urls, text), f"{change}: the change shows nowhere"


def test_a_report_unpublished_keeps_the_pages_that_never_read_reports(client, seeded, settings):
    urls = urls_to_check()
    warm(client, urls)
    report = MonitorReport.objects.live().order_by("pk").first()
    report_url = report.get_absolute_url()
    report.unpublish()
    hits, stale = compare_with_fresh_renders(client, settings, urls)
    assert stale == []
    # Pages that list or count reports are rendered again...
    for url in ("/informes/", "/", "/datos/", "/informes/feed/", "/sitemap.xml"):
        assert url not in hits, url
    assert client.get(report_url).status_code == 404
    # ... and those that never read the reports' table are still served from the cache.
    for url in ("/iniciativas/", "/instituciones/", "/datos/cifras-cocreacion.csv"):
        assert url in hits, url


def test_a_page_publish_empties_the_whole_cache(client, seeded, settings):
    """Every page shows the menu, the footer and the breadcrumbs (home.fragments): a page
    change forgets every page (the fragments' token is part of every key)."""
    urls = urls_to_check()
    warm(client, urls)
    page = ContentPage.objects.live().filter(show_in_menus=False).first() or (
        ContentPage.objects.live().first()
    )
    page.save_revision().publish()
    hits, stale = compare_with_fresh_renders(client, settings, urls)
    assert stale == [] and hits == []


def test_a_write_made_where_the_cache_is_off_still_purges(client, seeded, settings):
    """A process with OGP_PAGE_CACHE=0 (a cron job, a shell) shares the cache with the web
    servers: its writes must still replace the tokens."""
    warm(client, ["/instituciones/", "/iniciativas/"])
    text = marker()
    settings.OGP_PAGE_CACHE = False
    rename_institution(text)
    settings.OGP_PAGE_CACHE = True
    response = client.get("/instituciones/")
    assert response.get("X-Page-Cache") == "miss" and text in response.content.decode()
    assert client.get("/iniciativas/").get("X-Page-Cache") == "hit"


def test_the_fragments_token_is_replaced_again_when_a_page_change_commits(
    client, seeded, django_capture_on_commit_callbacks
):
    """A request served between a page write and its commit rebuilds the menu from the old
    rows (another connection does not see the write yet) under the fragments' new token;
    the commit must forget that copy too (seen in the publish → visible benchmark)."""
    from home import fragments

    with django_capture_on_commit_callbacks() as callbacks:
        publish_menu_page_title(marker())
    before_commit = fragments.generation()
    for callback in callbacks:
        callback()
    assert fragments.generation() != before_commit


def test_the_statement_parser_finds_written_and_read_tables():
    assert page_cache.tables_in('UPDATE "cms_blocks_commitment" SET "title" = %s') == {
        "cms_blocks_commitment"
    }
    sql = (
        'SELECT * FROM "cms_blocks_commitment_supporting_actors" '
        "INNER JOIN cms_blocks_institution ON (1=1)"
    )
    assert page_cache.tables_in(sql) == {
        "cms_blocks_commitment_supporting_actors",
        "cms_blocks_institution",
    }
    assert page_cache.tables_in("SELECT 1 FROM django_session") == set()  # ignored app
    for write in (
        "INSERT INTO x VALUES (1)",
        "  update x set y = 1",
        "DELETE FROM x",
        "WITH a AS (SELECT 1) UPDATE x SET y = 1",
    ):
        assert page_cache.is_write(write), write
    for read in ("SELECT 1", "WITH a AS (SELECT 1) SELECT * FROM a", "SAVEPOINT s1"):
        assert not page_cache.is_write(read), read


def test_the_wrapper_is_on_every_new_connection(seeded):
    from django.db import connections

    assert page_cache._sql_seen in connection.execute_wrappers
    connection.close()
    connection.ensure_connection()
    assert connection.execute_wrappers.count(page_cache._sql_seen) == 1
    assert all(page_cache._sql_seen in c.execute_wrappers for c in connections.all())


class PurgeRecorder(http.server.BaseHTTPRequestHandler):
    """A caching proxy's purge endpoint, as Varnish answers Wagtail's HTTPBackend."""

    purged = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        PurgeRecorder.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    PurgeRecorder.purged = []
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": f"{HTTPBackend.__module__}.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield PurgeRecorder.purged
    server.shutdown()
    server.server_close()


def test_the_cdn_is_purged_of_the_urls_that_read_what_changed(
    client, seeded, purge_server, django_capture_on_commit_callbacks
):
    report = MonitorReport.objects.live().order_by("pk").first()
    report_url = report.get_absolute_url()
    for url in ("/informes/", report_url, "/iniciativas/", "/datos/informes-monitor.csv"):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        report.unpublish()
    paths = {path for host, path in purge_server}
    assert {"/informes/", report_url, "/datos/informes-monitor.csv"} <= paths, purge_server
    assert "/iniciativas/" not in paths
    assert {host for host, path in purge_server} == {"testserver"}
    purge_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_menu_page_title(marker())  # every page shows the menu: every URL purged
    assert "/iniciativas/" in {path for host, path in purge_server}, purge_server

"""Every absolute URL of the extension is on the configured public address
(``CMS_BLOCKS_PUBLIC_URL``, here ``PUBLIC``, written into the default Site), never on the
request's host: every request below comes to another host (``OTHER_HOST``)."""

import json
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import resolve
from wagtail.models import Site

from cms_blocks.models import Commitment, MonitorReport
from cms_blocks.public_urls import (
    apply_public_url_to_site,
    public_base_url,
    public_url,
    site_address,
)
from tests import factories as f
from tests.cms_blocks.testsite.factories import TestPageFactory
from tests.public_host import OTHER_HOST, PUBLIC  # the fixture public_host: conftest.py

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_host", "plan_page")]

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def plan_page(content):
    return TestPageFactory(parent=content.home, title="Plan de acción", slug="plan-de-accion")


@pytest.fixture
def client():
    return Client(HTTP_HOST=OTHER_HOST)


def on_public_host(url):
    return url.startswith(PUBLIC + "/")


# -- sitemap ---------------------------------------------------------------------------------


def test_sitemap_has_only_the_public_host_for_pages_snippets_and_datasets(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    assert locations
    wrong = [url for url in locations if not on_public_host(url)]
    assert wrong == []
    paths = {urlsplit(url).path for url in locations}
    commitment = Commitment.objects.live().first()
    assert {
        "/",  # the home page (Wagtail's page sitemap)
        "/plan-de-accion/",
        "/compromisos/",
        commitment.get_absolute_url(),  # a snippet
        "/datos/compromisos.csv",  # a dataset
        "/novedades/feed/",
    } <= paths


# -- API --------------------------------------------------------------------------------------


def api(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.json()


@pytest.mark.parametrize("endpoint", ["pages", "commitments", "reports", "institutions"])
def test_api_detail_and_html_urls_are_on_the_public_host(client, endpoint):
    listing = api(client, f"/api/v2/{endpoint}/")
    assert listing["items"]
    for item in listing["items"]:
        meta = item["meta"]
        assert on_public_host(meta["detail_url"]), meta["detail_url"]
        assert on_public_host(meta["html_url"]), meta["html_url"]
    detail_url = listing["items"][0]["meta"]["detail_url"]
    match = resolve(urlsplit(detail_url).path)
    assert int(match.kwargs["pk"]) == listing["items"][0]["id"]
    detail = api(client, urlsplit(detail_url).path)
    html_url = detail["meta"]["html_url"]
    assert on_public_host(html_url)
    # The html_url is the object's public page.
    assert Client().get(urlsplit(html_url).path).status_code == 200


def test_api_document_urls_are_on_the_public_host(client):
    document = f.DocumentFactory(title="Informe")
    report = MonitorReport.objects.live().first()
    report.document = document
    report.save_revision().publish()
    detail = api(client, f"/api/v2/reports/{report.pk}/")
    assert detail["document_url"] == f"{PUBLIC}{document.url}"


# -- datasets ------------------------------------------------------------------------------


def test_dataset_url_column_is_on_the_public_host(client):
    response = client.get("/datos/compromisos.json")
    assert response.status_code == 200
    records = json.loads(response.content)
    records = records.get("registros", records) if isinstance(records, dict) else records
    urls = [r["url"] for r in records if r.get("url")]
    assert urls and all(on_public_host(url) for url in urls)


# -- the Site's address ------------------------------------------------------------------


def default_site():
    return Site.objects.get(is_default_site=True)


def test_the_default_site_has_the_public_host():
    site = default_site()
    assert (site.hostname, site.port) == (urlsplit(PUBLIC).hostname, 443)
    assert site.root_url == PUBLIC


@pytest.mark.parametrize(
    "url,address",
    [
        ("https://ogp.example.org", ("ogp.example.org", 443)),
        ("https://ogp.example.org/", ("ogp.example.org", 443)),
        ("http://ogp.example.org", ("ogp.example.org", 80)),
        ("http://localhost:8000", ("localhost", 8000)),
    ],
)
def test_site_address(url, address):
    assert site_address(url) == address


@pytest.mark.parametrize(
    "url",
    ["ogp.example.org", "ftp://ogp.example.org", "https://ogp.example.org:8443", "https://x/sub/"],
)
def test_an_address_a_site_cannot_hold_is_refused_clearly(url):
    with pytest.raises(ImproperlyConfigured):
        apply_public_url_to_site(url)


def test_without_the_setting_the_default_site_is_the_public_address(settings, rf):
    settings.CMS_BLOCKS_PUBLIC_URL = ""
    assert public_base_url() == PUBLIC  # the default Site (written by the fixture)
    request = rf.get("/", HTTP_HOST=OTHER_HOST)
    assert public_url("/compromisos/", request=request) == f"{PUBLIC}/compromisos/"
    assert public_url("https://otro.example.org/x/") == "https://otro.example.org/x/"

"""Sharing and discovery: every public page has a canonical URL on the public address, Open
Graph and Twitter card tags with a shipped default image, and the extension's objects carry
JSON-LD (commitments, reports, the open-data catalogues); a preview claims none of it."""

import html
import json
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from PIL import Image

from cms_blocks.models import ActionPlan, Commitment, Institution, MonitorReport
from home.models import ActionPlanPage, ContentPage
from home.templatetags.seo import DEFAULT_IMAGE, DEFAULT_IMAGE_SIZE

PUBLIC = "http://testserver"  # OGP_PUBLIC_URL of the test settings
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def head(client, path, **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode().split("</head>", 1)[0]


def meta(head_html, prop):
    """Every value of ``<meta property|name="prop" content="...">``."""
    return [
        html.unescape(value)
        for value in re.findall(
            rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', head_html
        )
    ]


def canonical(head_html):
    return re.findall(r'<link rel="canonical" href="([^"]+)">', head_html)


def json_ld(head_html):
    return [json.loads(block) for block in JSON_LD.findall(head_html)]


def public_paths():
    commitment = Commitment.objects.live().order_by("pk").first()
    report = MonitorReport.objects.live().order_by("pk").first()
    return [
        "/",
        ActionPlanPage.objects.live().first().url,
        ContentPage.objects.live().get(slug="cocreacion").url,
        "/planes/",
        "/compromisos/",
        commitment.get_absolute_url(),
        "/informes/",
        report.get_absolute_url(),
        "/datos/",
        "/avance/",
        "/denuncias/nueva/",
    ]


def test_every_public_page_type_has_its_canonical_and_open_graph_tags(client, seeded):
    for path in public_paths():
        page_head = head(client, path)
        assert canonical(page_head) == [PUBLIC + path], path
        assert meta(page_head, "og:url") == [PUBLIC + path], path
        assert meta(page_head, "og:locale") == ["es_CO"]
        assert meta(page_head, "og:site_name") == ["Gobierno Abierto Cartagena"]
        assert meta(page_head, "og:type")[0] in ("website", "article")
        (title,) = meta(page_head, "og:title")
        assert title.endswith("· Gobierno Abierto Cartagena") and len(title) > 30, path
        (description,) = meta(page_head, "description")
        assert meta(page_head, "og:description") == [description]
        assert meta(page_head, "twitter:description") == [description]
        assert meta(page_head, "twitter:card") == ["summary_large_image"]
        assert meta(page_head, "og:image") == [f"{PUBLIC}/static/{DEFAULT_IMAGE}"]
        assert meta(page_head, "twitter:image") == meta(page_head, "og:image")


def test_og_title_and_type_follow_the_page(client, seeded):
    commitment = Commitment.objects.live().order_by("pk").first()
    page_head = head(client, commitment.get_absolute_url())
    assert meta(page_head, "og:title") == [f"{commitment.title} · Gobierno Abierto Cartagena"]
    assert meta(page_head, "og:type") == ["article"]
    assert meta(head(client, "/"), "og:type") == ["website"]
    assert meta(head(client, "/compromisos/"), "og:title") == [
        "Compromisos · Gobierno Abierto Cartagena"
    ]
    page = ContentPage.objects.live().get(slug="cocreacion")
    page.seo_title = "Cómo se cocreó el plan"
    page.save_revision().publish()
    page_head = head(client, page.url)
    assert meta(page_head, "og:title") == ["Cómo se cocreó el plan · Gobierno Abierto Cartagena"]
    assert meta(page_head, "og:type") == ["article"]


def test_the_default_share_image_is_a_1200x630_png_served_by_the_site(client, seeded):
    found = finders.find(DEFAULT_IMAGE)
    assert found
    with Image.open(found) as image:
        assert image.format == "PNG" and image.size == DEFAULT_IMAGE_SIZE
    page_head = head(client, "/")
    assert meta(page_head, "og:image:width") == ["1200"]
    assert meta(page_head, "og:image:height") == ["630"]
    assert meta(page_head, "og:image:alt")[0]
    touch = re.findall(r'<link rel="apple-touch-icon" href="([^"]+)">', page_head)
    assert len(touch) == 1
    with Image.open(finders.find(touch[0].removeprefix("/static/"))) as icon:
        assert icon.size == (180, 180)


def test_canonical_drops_the_query_string_but_a_page_number(client, seeded):
    assert canonical(head(client, "/compromisos/?page=2&utm_source=x")) == [
        f"{PUBLIC}/compromisos/?page=2"
    ]
    assert canonical(head(client, "/compromisos/?page=1")) == [f"{PUBLIC}/compromisos/"]
    assert canonical(head(client, "/compromisos/?page=abc")) == [f"{PUBLIC}/compromisos/"]
    # The search results are kept out of the index (noindex): no canonical contradicts it.
    search_head = head(client, "/buscar/?q=agua")
    assert '<meta name="robots" content="noindex">' in search_head
    assert canonical(search_head) == [] and meta(search_head, "og:title")


def test_canonical_names_the_public_address_not_the_requested_host(client, seeded, settings):
    settings.ALLOWED_HOSTS = ["*"]
    page_head = head(client, "/compromisos/", HTTP_HOST="interno.example")
    assert canonical(page_head) == [f"{PUBLIC}/compromisos/"]
    assert "interno.example" not in page_head


def commitment_led_by_a_live_institution():
    """The seed names no lead institution: give the first commitment one, published."""
    commitment = Commitment.objects.live().order_by("pk").first()
    commitment.lead_institution = Institution.objects.live().order_by("pk").first()
    commitment.save_revision().publish()
    return Commitment.objects.get(pk=commitment.pk)


def test_commitment_json_ld_is_a_government_service_by_its_lead_institution(client, seeded):
    commitment = commitment_led_by_a_live_institution()
    (data,) = json_ld(head(client, commitment.get_absolute_url()))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "GovernmentService"
    assert data["name"] == commitment.title
    assert data["url"] == PUBLIC + commitment.get_absolute_url()
    assert data["provider"]["name"] == commitment.lead_institution.name
    assert data["areaServed"]["name"] == commitment.plan.jurisdiction
    assert data["isPartOf"]["url"].startswith(PUBLIC + "/planes/")


def test_an_unpublished_lead_institution_is_not_named_in_the_json_ld(client, seeded):
    commitment = commitment_led_by_a_live_institution()
    assert "provider" in json_ld(head(client, commitment.get_absolute_url()))[0]
    Institution.objects.filter(pk=commitment.lead_institution_id).update(live=False)
    (data,) = json_ld(head(client, commitment.get_absolute_url()))
    assert "provider" not in data


def test_report_json_ld_is_a_report_by_the_monitor(client, seeded):
    report = MonitorReport.objects.live().exclude(summary="").order_by("pk").first()
    (data,) = json_ld(head(client, report.get_absolute_url()))
    assert data["@type"] == "Report"
    assert data["name"] == report.title
    assert "<" not in data["description"] and data["description"]
    if report.monitor_id:
        assert data["author"]["name"] == report.monitor.name
    if report.commitment_id:
        assert data["about"]["url"] == PUBLIC + report.commitment.get_absolute_url()


@pytest.mark.parametrize("plan_scoped", [False, True])
def test_open_data_catalogues_describe_each_dataset_and_its_downloads(client, seeded, plan_scoped):
    plan = ActionPlan.objects.live().order_by("-period_start").first()
    path = f"/planes/{plan.slug}/datos/" if plan_scoped else "/datos/"
    (data,) = json_ld(head(client, path))
    assert data["@type"] == "DataCatalog"
    assert data["url"] == PUBLIC + path
    datasets = data["dataset"]
    assert len(datasets) >= 5
    for dataset in datasets:
        assert dataset["@type"] == "Dataset"
        assert dataset["name"] and dataset["description"]
        formats = {d["encodingFormat"] for d in dataset["distribution"]}
        assert {"text/csv", "application/json"} <= formats
        for download in dataset["distribution"]:
            assert download["@type"] == "DataDownload"
            assert download["contentUrl"].startswith(PUBLIC + "/")
    # Every download the structured data names is served.
    for download in datasets[0]["distribution"]:
        assert client.get(urlsplit(download["contentUrl"]).path).status_code == 200


def test_pages_that_are_not_about_one_object_carry_no_json_ld(client, seeded):
    for path in ["/", "/compromisos/", "/informes/", "/buscar/?q=agua"]:
        assert json_ld(head(client, path)) == [], path


def test_json_ld_cannot_close_its_script_element(client, seeded):
    commitment = Commitment.objects.live().order_by("pk").first()
    title = 'Agua </script><script>alert("x")</script> & <b>más</b>'
    commitment.title = title
    commitment.save_revision().publish()
    page_head = head(client, commitment.get_absolute_url())
    (block,) = JSON_LD.findall(page_head)
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["name"] == title
    assert "<script>alert" not in page_head


def test_a_page_preview_claims_no_canonical_nor_structured_data(seeded, admin_user):
    page = ContentPage.objects.live().get(slug="cocreacion")
    request = RequestFactory().get(page.url)
    request.user = admin_user
    response = page.make_preview_request(request)
    page_head = response.content.decode().split("</head>", 1)[0]
    assert canonical(page_head) == [] and meta(page_head, "og:url") == []
    assert '<meta name="robots" content="noindex">' in page_head
    assert meta(page_head, "og:title")  # the rest of the card is harmless


def test_a_snippet_preview_claims_no_canonical_nor_structured_data(seeded, admin_user):
    commitment = Commitment.objects.live().order_by("pk").first()
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    response = commitment.serve_preview(request, commitment.default_preview_mode)
    response.render()
    page_head = response.content.decode().split("</head>", 1)[0]
    assert canonical(page_head) == [] and meta(page_head, "og:url") == []
    assert json_ld(page_head) == []


def test_json_ld_is_allowed_by_the_content_security_policy(client, seeded):
    """A data block is not run: script-src does not apply, and no nonce is needed."""
    commitment = Commitment.objects.live().order_by("pk").first()
    response = client.get(commitment.get_absolute_url())
    directives = dict(
        d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";")
    )
    assert "unsafe-inline" not in directives["script-src"]
    assert json_ld(response.content.decode())

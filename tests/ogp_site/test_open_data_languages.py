"""Open data, the API and the feeds in two languages, over HTTP on the seeded site (issue 12):
the files under /en/datos/ keep their columns and take the published English text, the API
takes ?locale=en, and the feeds under /en/ are in English with /en/ links, each page's head
linking the feeds of its own language; the Spanish ones are as before."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Locale

from cms_blocks.models import Commitment, MonitorReport
from home.models import ActionPlanPage
from tests.factories import translate

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


@pytest.fixture
def site(seeded, settings):
    settings.OGP_PAGE_CACHE = False
    return seeded


@pytest.fixture
def english():
    return Locale.objects.get(language_code="en")


def commitment():
    return Commitment.objects.live().filter(plan__live=True).order_by("pk").first()


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return response


def test_the_datasets_under_en_keep_their_columns_and_take_the_english_text(client, site, english):
    shown = commitment()
    translate(shown, english, title="Open accountability")
    spanish = get(client, "/datos/compromisos.json")
    inglish = get(client, "/en/datos/compromisos.json")
    assert spanish["Content-Language"] == "es-co" and inglish["Content-Language"] == "en"
    rows = {r["id"]: r for r in json.loads(inglish.content)["registros"]}
    source = {r["id"]: r for r in json.loads(spanish.content)["registros"]}
    assert set(rows) == set(source)
    assert list(rows[shown.pk]) == list(source[shown.pk])
    assert rows[shown.pk]["titulo"] == "Open accountability"
    assert source[shown.pk]["titulo"] == shown.title
    assert rows[shown.pk]["url"] == f"{BASE}/en/compromisos/{shown.slug}/"
    assert source[shown.pk]["url"] == f"{BASE}/compromisos/{shown.slug}/"
    for name in ("estado", "avance", "slug", "fecha_inicio", "ultima_publicacion"):
        assert rows[shown.pk][name] == source[shown.pk][name], name

    plan = shown.plan.slug
    header = next(csv.reader(io.StringIO(get(client, f"/planes/{plan}/datos/hitos.csv").text)))
    english_csv = get(client, f"/en/planes/{plan}/datos/hitos.csv").content.decode()
    assert next(csv.reader(io.StringIO(english_csv))) == header

    assert "?locale=en" in get(client, "/datos/").content.decode()  # how to ask the API
    catalogue = get(client, "/en/datos/").content.decode()
    assert 'href="/en/datos/compromisos.csv"' in catalogue
    assert '"inLanguage": "en"' in catalogue or '"inLanguage":"en"' in catalogue


def test_the_api_takes_the_locale(client, site, english):
    shown = commitment()
    translate(shown, english, title="Open accountability")
    url = f"/api/v2/commitments/{shown.pk}/"
    inglish = get(client, f"{url}?locale=en").json()
    spanish = get(client, url).json()
    assert inglish["title"] == "Open accountability" and spanish["title"] == shown.title
    assert set(inglish) == set(spanish)
    assert inglish["meta"]["html_url"] == f"{BASE}/en/compromisos/{shown.slug}/"
    assert spanish["meta"]["html_url"] == f"{BASE}/compromisos/{shown.slug}/"
    listed = get(client, "/api/v2/commitments/?locale=en").json()
    assert (
        listed["meta"]["total_count"]
        == get(client, "/api/v2/commitments/").json()["meta"]["total_count"]
    )
    refused = get(client, "/api/v2/commitments/?locale=fr", status=400).json()
    assert refused["message"] == "locale desconocido: «fr». Idiomas disponibles: es-co, en"
    # Wagtail's own pages endpoint keeps its own ?locale= (a filter of the pages).
    pages = get(client, "/api/v2/pages/?locale=es-co").json()
    assert pages["meta"]["total_count"] > 0


def feed(client, url):
    response = get(client, url)
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).find("channel")


def links(chan):
    return [item.findtext("link") for item in chan.findall("item")]


def test_the_feeds_under_en_are_in_english_with_english_links(client, site, english):
    report = MonitorReport.objects.live().order_by("pk").first()
    translate(report, english, title="Final report")
    plan_page = ActionPlanPage.objects.get(locale__language_code="es-co")
    translation = plan_page.copy_for_translation(english, copy_parents=True)
    translation.title = "Action plan in English"
    translation.save_revision().publish()

    spanish = feed(client, "/novedades/feed/")
    assert spanish.findtext("language") == "es-co"
    assert not any("/en/" in link for link in links(spanish))
    assert "Action plan in English" not in [i.findtext("title") for i in spanish.findall("item")]

    news = feed(client, "/en/novedades/feed/")
    assert news.findtext("language") == "en"
    assert news.findtext("link") == f"{BASE}/en/"
    assert links(news) and all(link.startswith(f"{BASE}/en/") for link in links(news))
    titles = {item.findtext("title"): item.findtext("link") for item in news.findall("item")}
    assert titles["Action plan in English"] == f"{BASE}/en/{translation.slug}/"
    english_url = f"{BASE}/en/{translation.slug}/"
    assert [link.split("#")[0] for link in links(news)].count(english_url) == 1  # once, English
    assert len(news.findall("item")) == len(spanish.findall("item"))
    # Every link of the English feed opens (an untranslated page falls back to Spanish).
    for link in links(news)[:5]:
        get(client, link.removeprefix(BASE).split("#")[0])

    reports = feed(client, "/en/informes/feed/")
    assert reports.findtext("language") == "en"
    assert "Final report" in [i.findtext("title") for i in reports.findall("item")]
    assert all(link.startswith(f"{BASE}/en/informes/") for link in links(reports))
    spanish_reports = [i.findtext("title") for i in feed(client, "/informes/feed/").findall("item")]
    assert report.title in spanish_reports and "Final report" not in spanish_reports


def test_the_history_feed_and_the_heads_feed_links_per_language(client, site, english):
    shown = commitment()
    translate(shown, english, title="Open accountability")
    history = feed(client, f"/en/compromisos/{shown.slug}/historial/feed/")
    assert "Open accountability" in history.findtext("title")
    assert history.findtext("language") == "en"
    assert all(link.startswith(f"{BASE}/en/compromisos/") for link in links(history))

    english_page = get(client, f"/en/compromisos/{shown.slug}/").content.decode()
    spanish_page = get(client, f"/compromisos/{shown.slug}/").content.decode()
    assert 'type="application/rss+xml"' in english_page
    assert 'href="/en/novedades/feed/"' in english_page
    assert 'href="/en/informes/feed/"' in english_page
    assert f'/en/compromisos/{shown.slug}/historial/feed/"' in english_page
    assert 'href="/novedades/feed/"' in spanish_page
    assert "/en/novedades/feed/" not in spanish_page

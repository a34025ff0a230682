"""The GOV.CO accessibility bar on the server: the cookie view, the whitelisted preference on
<html>, the page cache's variants, and the entity's Ley 1712 links (ogp_site.accessibility)."""

import re

import pytest
from wagtail.models import Site

from home.models import EntitySettings
from ogp_site.accessibility import COOKIE_NAME, Preference, parse

pytestmark = pytest.mark.django_db

URL = "/accesibilidad/"


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def entity_settings():
    return EntitySettings.for_site(Site.objects.get(is_default_site=True))


@pytest.mark.parametrize(
    "value, expected",
    [
        ("high-125", Preference("high", 125)),
        ("normal-150", Preference("normal", 150)),
        ("high-100", Preference("high", 100)),
        ("normal-100", Preference()),
        ("high-999", Preference()),
        ("dark-125", Preference()),
        ("high-125-x", Preference()),
        ('high-125" onload="x', Preference()),
        ("", Preference()),
        (None, Preference()),
    ],
)
def test_only_whitelisted_cookie_values_are_read(value, expected):
    assert parse(value) == expected


def test_high_contrast_sets_the_cookie_and_goes_back(client, django_assert_num_queries):
    client.get(URL)  # the Site and its fragments into the cache (home.fragments)
    with django_assert_num_queries(0):  # then the view itself reads nothing
        response = client.get(URL, {"contraste": "alto", "next": "/compromisos/?page=2"})
    assert response.status_code == 302
    assert response["Location"] == "/compromisos/?page=2"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "high-100"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert not cookie["httponly"]  # the script reads and writes it
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_the_text_size_keeps_the_contrast_and_the_default_deletes_the_cookie(client):
    client.cookies[COOKIE_NAME] = "high-100"
    response = client.get(URL, {"texto": "125", "next": "/"})
    assert response.cookies[COOKIE_NAME].value == "high-125"
    client.cookies[COOKIE_NAME] = "high-125"
    response = client.get(URL, {"contraste": "normal", "texto": "100", "next": "/"})
    assert response.cookies[COOKIE_NAME].value == ""
    assert response.cookies[COOKIE_NAME]["max-age"] == 0


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "", "\\\\evil.example"],
)
def test_next_to_another_host_or_scheme_goes_home(client, target):
    response = client.get(URL, {"contraste": "alto", "next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_unknown_values_change_nothing_and_post_is_refused(client):
    client.cookies[COOKIE_NAME] = "normal-112"
    response = client.get(URL, {"contraste": "negro", "texto": "9000", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[COOKIE_NAME].value == "normal-112"
    assert client.post(URL, {"contraste": "alto"}).status_code == 405


def test_the_page_carries_the_preference_on_html_and_in_the_bar(client, seeded):
    default = client.get("/compromisos/")
    assert html_tag(default) == '<html lang="es-CO">'
    html = default.content.decode()
    assert 'name="contraste" value="alto" aria-pressed="false"' in html
    assert 'name="texto" value="100" data-a11y-action="smaller" aria-disabled="true"' in html
    assert 'name="texto" value="112" data-a11y-action="larger">' in html
    assert '<input type="hidden" name="next" value="/compromisos/">' in html
    assert "Tamaño del texto: %(size)s %" in html  # the script's message, translated here
    client.cookies[COOKIE_NAME] = "high-150"
    chosen = client.get("/compromisos/")
    assert html_tag(chosen) == '<html lang="es-CO" class="contrast-high text-150">'
    html = chosen.content.decode()
    assert 'name="contraste" value="normal" aria-pressed="true"' in html
    assert 'name="texto" value="150" data-a11y-action="larger" aria-disabled="true"' in html


def test_a_forged_cookie_is_ignored(client, seeded):
    client.cookies[COOKIE_NAME] = '"><script>alert(1)</script>'
    response = client.get("/compromisos/")
    assert response.status_code == 200
    assert html_tag(response) == '<html lang="es-CO">'
    assert "<script>alert(1)" not in response.content.decode()


def test_scripts_are_shipped_files_loaded_with_defer(client, seeded):
    html = client.get("/").content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == [
        '<script src="/static/js/accessibility.js" defer>',
        '<script src="/static/js/site-menu.js" defer>',
    ]


@pytest.mark.usefixtures("page_cache_backend")
def test_the_page_cache_keeps_one_variant_per_preference_and_still_hits(
    client, seeded, django_assert_num_queries
):
    url = "/informes/"
    plain = client.get(url)
    assert plain["X-Page-Cache"] == "miss" and html_tag(plain) == '<html lang="es-CO">'
    client.cookies[COOKIE_NAME] = "high-125"
    high = client.get(url)
    assert high["X-Page-Cache"] == "miss"  # not the default reader's copy
    assert html_tag(high) == '<html lang="es-CO" class="contrast-high text-125">'
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again["X-Page-Cache"] == "hit" and again.content == high.content
    assert again["ETag"] != plain["ETag"]
    # The bar adds no header of its own: Vary is what every page already sends (docs/deploy.md).
    assert again.get("Vary") == plain.get("Vary")
    client.cookies[COOKIE_NAME] = "normal-112"
    larger = client.get(url)
    assert larger["X-Page-Cache"] == "miss"
    assert html_tag(larger) == '<html lang="es-CO" class="text-112">'
    # A forged value is the default reader: the default copy, from the cache.
    client.cookies[COOKIE_NAME] = "high-9999"
    forged = client.get(url)
    assert forged["X-Page-Cache"] == "hit" and forged.content == plain.content
    del client.cookies[COOKIE_NAME]
    back = client.get(url)
    assert back["X-Page-Cache"] == "hit" and back.content == plain.content


def test_the_entity_links_show_only_when_configured(client, seeded):
    entity = entity_settings()
    entity.transparency_url = entity.pqrsd_url = entity.relay_center_url = ""
    entity.data_policy_url = ""
    entity.save()
    html = client.get("/informes/").content.decode()
    assert "Centro de Relevo" not in html
    assert "Transparencia y acceso a la información pública" not in html
    assert 'id="footer-law"' not in html
    entity.transparency_url = "https://www.cartagena.gov.co/transparencia"
    entity.pqrsd_url = "/pqrsd/"
    entity.relay_center_url = "https://centroderelevo.gov.co/"
    entity.data_policy_url = "https://www.cartagena.gov.co/datos"
    entity.save()
    html = client.get("/informes/").content.decode()
    relay = '<a class="a11y-relay" href="https://centroderelevo.gov.co/">Centro de Relevo</a>'
    assert relay in html
    footer = re.search(r'<section aria-labelledby="footer-law">.*?</section>', html, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer)
    assert links == [
        (
            "https://www.cartagena.gov.co/transparencia",
            "Transparencia y acceso a la información pública",
        ),
        ("/pqrsd/", "Peticiones, quejas, reclamos, sugerencias y denuncias (PQRSD)"),
        ("https://www.cartagena.gov.co/datos", "Política de tratamiento de datos personales"),
    ]


@pytest.mark.parametrize("target", ["/x\r\nSet-Cookie: a=b", "/x\x00", "/" + "a" * 5000])
def test_a_hostile_next_never_gets_a_500_nor_a_header(client, target):
    response = client.get(URL, {"contraste": "alto", "next": target})
    assert response.status_code in (302, 400)
    assert "a=b" not in str(response.cookies)
    if response.status_code == 302:
        assert "\n" not in response["Location"] and "\x00" not in response["Location"]

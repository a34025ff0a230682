"""Hostile query strings on every public listing and the API: a 4xx or a page, never a 500."""

import itertools

import pytest
from django.db import transaction
from django.test import Client
from wagtail.models import Page

from ogp_site.api import api_router

pytestmark = pytest.mark.django_db

HOSTILE = [
    "offset=999999999999999999999999",
    "limit=999999999999999999999",
    "offset=-1",
    "limit=-5",
    "offset=abc",
    "offset=1e3",
    "search=%00",
    "search=%22",
    "search=a%22b",
    "search=*",
    "search=NEAR(",
    "search=-",
    "search=%5E",
    "search=%28%29",
    "search_operator=%00",
    "search_operator=xor",
    "q=%00",
    "q=%22%28*",
    "fields=%00",
    "fields=*,-%00",
    "fields=_,%00",
    "fields=%2A%2A",
    "order=%00",
    "order=-",
    "order=random&offset=5",
    "type=%00",
    "type=x.y",
    "type=wagtailcore.Page%00",
    "child_of=%00",
    "child_of=99999999999999999999999",
    "descendant_of=-1",
    "id=%00",
    "slug=%00",
    "locale=%00",
    "html_path=%00",
    "page=%00",
    "page=99999999999999999999",
    "eje=%00",
    "estado=%01",
    "tipo=%00",
    "q=" + "a" * 3000,
]


def listing_urls():
    urls = [f"/api/v2/{name}/" for name in api_router._endpoints]
    urls += ["/api/v2/pages/find/", "/buscar/", "/compromisos/", "/informes/", "/datos/"]
    return urls


def test_the_fuzzer_covers_the_api_and_the_listings():
    urls = listing_urls()
    assert {"/api/v2/pages/", "/api/v2/commitments/", "/api/v2/reports/"} <= set(urls)


def test_no_hostile_query_string_gives_a_500(seeded):
    client = Client(raise_request_exception=False)
    pages = [p.url for p in Page.objects.live().filter(depth__gt=1).specific()[:6]]
    failures = []
    for url, params in itertools.product(listing_urls() + pages, HOSTILE):
        with transaction.atomic():  # a database error must not poison the next request
            status = client.get(f"{url}?{params}").status_code
        if status >= 500:
            failures.append(f"{url}?{params[:60]} → {status}")
    for url in (
        "/api/v2/pages/99999999999999999999999/",
        "/api/v2/commitments/99999999999999999999/",
        "/api/v2/pages/find/?html_path=" + "a" * 5000,
    ):
        with transaction.atomic():
            status = client.get(url).status_code
        if status >= 500:
            failures.append(f"{url[:80]} → {status}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "url",
    ["/api/v2/pages/?offset=999999999999999999999999", "/api/v2/commitments/?limit=10000000000"],
)
def test_an_offset_past_any_database_is_a_clear_400(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "no puede ser mayor" in response.json()["message"]


@pytest.mark.parametrize("value", ["", "abc", "-1", "1.5", "99999999999999999999999", "١"])
def test_find_by_id_takes_a_whole_number(client, seeded, value):
    for endpoint in ("pages", "commitments"):
        response = client.get(f"/api/v2/{endpoint}/find/", {"id": value})
        assert response.status_code == 400, (endpoint, value)
        assert "número entero" in response.json()["message"]


def test_images_and_documents_are_not_listed_by_the_api(client, seeded):
    assert client.get("/api/v2/images/").status_code == 404
    assert client.get("/api/v2/documents/").status_code == 404

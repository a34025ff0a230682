"""Control characters: removed from query parameters, refused in the path (Spanish 400)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/compromisos/%00/", "/informes/a%01b/", "/datos/%7F"])
def test_control_characters_in_the_path_get_a_400_in_spanish(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "caracteres no permitidos" in response.content.decode()


def test_control_characters_are_removed_from_query_parameters(client, seeded):
    html = client.get("/buscar/?q=partici%00paci%C3%B3n").content.decode()
    assert 'value="participación"' in html
    html = client.get("/compromisos/?estado=complet%00ed").content.decode()
    assert '<option value="completed" selected>' in html


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?search=%00",
        "/api/v2/pages/?search_operator=%00",
        "/api/v2/commitments/?fields=%01",
        "/api/v2/commitments/?fields=_,%00",
    ],
)
def test_the_api_answers_without_a_500(client, seeded, url):
    assert client.get(url).status_code in (200, 400)


@pytest.mark.parametrize(
    "url", ["/buscar/?q=agua%09potable", "/buscar/?q=participaci%C3%B3n+ciudadana"]
)
def test_ordinary_text_passes_unchanged(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.wsgi_request.GET["q"] in ("agua\tpotable", "participación ciudadana")

"""Control characters in a request's address are refused at the door, with a Spanish 400."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/compromisos/?eje=%00",
        "/buscar/?q=a%00b",
        "/api/v2/pages/?search=%00",
        "/api/v2/commitments/?fields=%01",
        "/datos/?x=%7F",
        "/compromisos/%00/",
    ],
)
def test_control_characters_get_a_400_in_spanish(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "caracteres no permitidos" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/buscar/?q=agua%09potable", "/buscar/?q=participaci%C3%B3n+ciudadana"]
)
def test_ordinary_text_passes(client, seeded, url):
    assert client.get(url).status_code == 200

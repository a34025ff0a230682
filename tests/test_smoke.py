import pytest


@pytest.mark.django_db
def test_seeded_home_renders(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    assert "Gobierno Abierto" in response.content.decode()

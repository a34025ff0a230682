import pytest


@pytest.fixture
def search(client):
    """GET /buscar/ as JSON: search("q", tipo=..., eje=..., page=...) → the decoded body."""

    def run(q, **params):
        response = client.get("/buscar/", {"q": q, "format": "json", **params})
        assert response.status_code == 200, response.content[:500]
        assert response["Content-Type"].startswith("application/json")
        return response.json()

    return run


@pytest.fixture
def titles(search):
    """The titles of the results, in order."""

    def run(q, **params):
        return [r["title"] for r in search(q, **params)["results"]]

    return run

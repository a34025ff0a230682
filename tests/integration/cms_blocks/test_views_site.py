"""The micrositio's own answers around the extension's pages: its Spanish 404 page, its
robots.txt and its main navigation (site templates and URLs), so the site's suite. The
extension's views: tests/cms_blocks/test_views.py."""

import re

import pytest

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/compromisos/no-existe/",
        "/informes/no-existe/",
        "/comite/no-existe/",
        "/consultas/no-existe/",
    ],
)
def test_unknown_slugs_are_a_spanish_404(client, seeded, url):
    html = get(client, url, status=404)
    assert "No encontramos esta página" in html
    assert '<html lang="es-CO">' in html


def test_robots_txt_points_to_the_sitemap(client, seeded):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap:" in text and "sitemap.xml" in text
    assert "Disallow: /admin/" in text


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/", "Inicio"),
        ("/compromisos/", "Compromisos"),
        ("/informes/", "Informes"),
        ("/comite-ciudadano/", "Comité Ciudadano de Seguimiento"),
        ("/instituciones/", None),
    ],
)
def test_main_navigation_marks_the_current_page(client, seeded, url, current):
    html = get(client, url)
    nav = html[html.index('<nav class="main-nav"') :]
    nav = nav[: nav.index("</nav>")]
    marked = re.findall(r'aria-current="page">([^<]+)</a>', nav)
    assert marked == ([current] if current else [])

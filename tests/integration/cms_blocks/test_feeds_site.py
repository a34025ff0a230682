"""The micrositio's base template advertises both feeds and the open data: the site's template,
so the site's suite (the feeds themselves: tests/cms_blocks/test_feeds.py)."""

import pytest

pytestmark = pytest.mark.django_db


def test_every_page_advertises_both_feeds(client, seeded):
    html = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/novedades/feed/"' in html
    assert 'href="/informes/feed/"' in html
    assert 'href="/datos/"' in html

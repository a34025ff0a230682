"""A second locale costs no query: each public page type under /en/, with every snippet it shows
translated into English and published, stays within the Spanish page's budget (issue 12: "The
query counts of the public pages do not grow with a second locale")."""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale

from cms_blocks.models import Commitment
from cms_blocks.models.base import EditorialSnippet
from home.languages import spanish_url_in
from tests.home.test_fragment_cache import QUERY_BUDGETS, public_url

pytestmark = pytest.mark.django_db

# Every editorial snippet kind: whatever a page shows of them is translated.
TRANSLATED = [model for model in apps.get_models() if issubclass(model, EditorialSnippet)]
# The search has its own English index and budget (tests/search); the sitemap lists both
# languages in the same queries (tests/ogp_site/test_sitemap_languages.py).
ENGLISH_PAGES = [name for name in QUERY_BUDGETS if name not in ("/buscar/?q=agua",)]


def english_text(obj):
    for name in obj.translated_fields:
        value = getattr(obj, name)
        if isinstance(value, str) and value:
            setattr(obj, name, f"EN {value}")


@pytest.fixture
def everything_in_english(seeded):
    english = Locale.objects.get(language_code="en")
    for model in TRANSLATED:
        for obj in model.objects.live():
            copy = obj.copy_for_translation(english)
            english_text(copy)
            for relation in ("milestones", "options"):  # child rows with text of their own
                for child in getattr(copy, relation).all() if hasattr(copy, relation) else ():
                    english_text(child)
            copy.live = True
            copy.save()
    return english


def english_url(name):
    with translation.override("es-co"):
        return spanish_url_in(public_url(name), "en")


@pytest.mark.parametrize("name", ENGLISH_PAGES)
def test_english_pages_stay_within_the_spanish_budget(
    client, everything_in_english, settings, name
):
    settings.OGP_PAGE_CACHE = False
    url = english_url(name)
    if name == "/sitemap.xml":
        url = name
    else:
        assert url.startswith("/en/"), url
    client.get(url)  # warm the caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    sql = "\n".join(query["sql"][:160] for query in context.captured_queries)
    assert len(context.captured_queries) <= QUERY_BUDGETS[name], sql


def test_the_english_commitment_page_shows_the_english_text(client, everything_in_english):
    commitment = Commitment.objects.live().order_by("pk").first()
    html = client.get(english_url("compromiso")).content.decode()
    assert f"EN {commitment.title}" in html
    with translation.override("es-co"):
        spanish_url = commitment.get_absolute_url()
    assert not spanish_url.startswith("/en/")
    spanish = client.get(spanish_url).content.decode()
    assert f"EN {commitment.title}" not in spanish
    assert commitment.title in spanish
    milestone = commitment.milestones.first()
    assert f"EN {milestone.title}" in html and f"EN {milestone.title}" not in spanish

"""The extension's admin listings on the site's search backend (cms_blocks.search_backend).

Wagtail's stock SQLite backend (modelsearch) answers a 500 to a query with an unpaired double
quote; the site's backend folds quotes first. So this test runs in the site's suite, not on
the extension's test site (which uses the stock backend).
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

pytestmark = pytest.mark.django_db

SNIPPETS = [model for model in get_snippet_models() if model._meta.app_label == "cms_blocks"]


@pytest.fixture
def admin_client(client, seeded):
    client.force_login(get_user_model().objects.create_superuser("raiz", "raiz@example.org", "x"))
    return client


@pytest.mark.parametrize("query", ['"', 'a"b', "   ", "*", "NEAR(", "-x", "'"])
def test_the_listing_search_takes_any_text(admin_client, query):
    for model in SNIPPETS:
        url = reverse(model.snippet_viewset.get_url_name("list"))
        assert admin_client.get(url, {"q": query}).status_code == 200, model.__name__

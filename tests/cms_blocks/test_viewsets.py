"""The admin listings of every snippet: their search works on SQLite and PostgreSQL alike."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

pytestmark = pytest.mark.django_db

SNIPPETS = [model for model in get_snippet_models() if model._meta.app_label == "cms_blocks"]


def test_every_extension_snippet_has_a_listing():
    names = {model.__name__ for model in SNIPPETS}
    assert {"Commitment", "Institution", "CommitteeMember", "MonitorReport"} <= names


@pytest.fixture
def admin_client(client, content):
    client.force_login(get_user_model().objects.create_superuser("raiz", "raiz@example.org", "x"))
    return client


@pytest.mark.parametrize("model", SNIPPETS, ids=lambda m: m.__name__)
def test_the_listing_search_finds_an_object_by_a_word_and_by_a_prefix(admin_client, model):
    obj = model.objects.order_by("pk").first()
    assert obj is not None, f"the seed has no {model.__name__}"
    label = next(getattr(obj, name) for name in ("title", "name", "label") if hasattr(obj, name))
    word = max(re.findall(r"\w+", label), key=len)
    url = reverse(model.snippet_viewset.get_url_name("list"))
    for query in (word, word[:5]):
        response = admin_client.get(url, {"q": query})
        assert response.status_code == 200, (model.__name__, query)
        assert label in response.content.decode(), (model.__name__, query)
    response = admin_client.get(url, {"q": "zzqxjw"})
    assert response.status_code == 200 and label not in response.content.decode()


# test_the_listing_search_takes_any_text (a quote in the query) tests the site's search backend
# (cms_blocks.search_backend): it stays in the site's suite, tests/integration/cms_blocks.

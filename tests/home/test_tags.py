"""Tags on the seeded site (issue 11, part 3): content pages carry the commitments' tags
(home.ContentPageTag), link them, and appear on /etiquetas/<tag>/ next to the seed's tagged
commitments; a tag added in an unpublished draft of a live page never shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag

from cms_blocks import tags as cms_tags
from cms_blocks.models import Commitment
from home.models import ContentPage, ContentPageTag

pytestmark = pytest.mark.django_db

SEED_TAG = "contratación pública"  # a tag of a seeded commitment (home/seed/content.py)


def tag_url(name):
    return reverse("cms_blocks:tag_detail", kwargs={"tag": Tag.objects.get(name=name).slug})


@pytest.fixture
def page(seeded, settings):
    settings.OGP_PAGE_CACHE = False  # each test reads what it has just changed
    page = ContentPage.objects.live().get(slug="cocreacion")
    page.tags.add(SEED_TAG, "cocreación")
    page.save_revision().publish()
    return ContentPage.objects.get(pk=page.pk)


def test_content_pages_are_found_as_tagged_page_type(seeded):
    assert ContentPageTag in cms_tags.tagged_page_models()


def test_content_page_links_its_tags(client, page):
    html = client.get(page.url).content.decode()
    assert "<h2>Etiquetas</h2>" in html
    assert f'href="{tag_url(SEED_TAG)}">{SEED_TAG}</a>' in html
    assert f'href="{tag_url("cocreación")}">cocreación</a>' in html


def test_tag_page_lists_the_seeded_commitment_and_the_content_page(client, page):
    commitment = Commitment.objects.live().get(tagged_items__tag__name=SEED_TAG)
    response = client.get(tag_url(SEED_TAG))
    assert response.status_code == 200
    html = response.content.decode()
    assert commitment.title in html and commitment.get_absolute_url() in html
    assert f'href="{page.url}">{page.title}</a>' in html
    assert "Plan vigente" in html
    # In the site's menu and footer frame, one h1.
    assert html.count("<h1") == 1


def test_a_tag_in_an_unpublished_draft_of_a_live_page_never_shows(client, page):
    draft = ContentPage.objects.get(pk=page.pk)
    draft.tags.add("solo en el borrador")
    draft.save_revision()  # saved for review, not published
    assert Tag.objects.filter(name="solo en el borrador").exists()
    assert client.get(tag_url("solo en el borrador")).status_code == 404
    assert "solo en el borrador" not in client.get(page.url).content.decode()
    assert "solo en el borrador" not in client.get("/etiquetas/").content.decode()


def test_a_tag_only_an_unpublished_page_carries_is_404(client, page):
    page.unpublish()
    assert client.get(tag_url("cocreación")).status_code == 404
    assert client.get(tag_url(SEED_TAG)).status_code == 200  # the commitment still has it


def test_tag_pages_stay_within_their_query_budget(client, page):
    """As tests/home/test_fragment_cache.py's budgets, rendered (the page cache off)."""
    budgets = {"/etiquetas/": 5, tag_url(SEED_TAG): 10}
    for url, budget in budgets.items():
        client.get(url)  # warm the caches
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        sql = "\n".join(query["sql"][:160] for query in context.captured_queries)
        assert len(context.captured_queries) <= budget, sql

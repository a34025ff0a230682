"""The sitemap in two languages (issue 12): an approved English page is listed beside its
Spanish original; the English tree's aliases (copies of Spanish pages) and a translation still
in draft are not, and the sitemap costs the same number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from home.models import ActionPlanPage

pytestmark = pytest.mark.django_db


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return response.content.decode()


def translate(page, title):
    """An English translation of ``page`` (Wagtail's own copy for translation; its parents
    become aliases of the Spanish ones), as a draft."""
    english = Locale.objects.get(language_code="en")
    translation = page.copy_for_translation(english, copy_parents=True)
    translation.title = title
    translation.save_revision()
    return translation


def test_an_approved_english_page_is_listed_and_a_draft_or_an_alias_is_not(client, seeded):
    plan_page = ActionPlanPage.objects.get(locale__language_code="es-co")
    before = sitemap(client)
    assert "/en/" not in before

    translation = translate(plan_page, "Open Government Action Plan 2023")
    english_url = f"http://testserver/en/{translation.slug}/"
    assert english_url not in sitemap(client)  # a draft
    assert "<loc>http://testserver/en/</loc>" not in sitemap(client)  # the alias home

    translation.get_latest_revision().publish()
    listed = sitemap(client)
    assert english_url in listed
    assert "<loc>http://testserver/en/</loc>" not in listed  # still an alias of the Spanish home
    assert f"<loc>http://testserver{plan_page.url}</loc>" in listed


def test_the_english_pages_cost_no_extra_query(client, seeded, settings):
    settings.OGP_PAGE_CACHE = False
    client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as spanish_only:
        sitemap(client)
    plan_page = ActionPlanPage.objects.get(locale__language_code="es-co")
    translate(plan_page, "Open Government Action Plan 2023").get_latest_revision().publish()
    client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as both:
        sitemap(client)
    assert len(both.captured_queries) == len(spanish_only.captured_queries)


def test_a_snippet_with_a_published_translation_is_listed_in_english_too(client, seeded):
    from cms_blocks.models import Commitment

    english = Locale.objects.get(language_code="en")
    commitment = Commitment.objects.live().order_by("pk").first()
    english_url = f"<loc>http://testserver/en/compromisos/{commitment.slug}/</loc>"
    spanish_url = f"<loc>http://testserver/compromisos/{commitment.slug}/</loc>"
    assert english_url not in sitemap(client)

    copy = commitment.copy_for_translation(english)
    copy.title = "Open contracting for community boards"
    copy.live = False  # a draft translation: not listed
    copy.save()
    assert english_url not in sitemap(client)

    copy.live = True
    copy.save()
    listed = sitemap(client)
    assert english_url in listed and spanish_url in listed
    assert listed.count(spanish_url) == 1  # the translation is no second object
    assert "/en/compromisos/</loc>" not in listed  # lists: only in the source language

"""Issue 12: a second locale costs the public pages no query. The Spanish home, plan and
content pages run as many queries with English translations present as without; their English
versions (translated, or shown in Spanish with the notice) run no more than the Spanish ones.

tests/home/test_fragment_cache.py's QUERY_BUDGETS guard the Spanish pages' absolute counts."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale
from wagtail_localize.operations import translate_object

from home import fragments
from home.models import ActionPlanPage, ContentPage, HomePage
from home.templatetags.languages import bcp47

pytestmark = pytest.mark.django_db

SPANISH = {"home": "/", "plan": "/plan-de-accion-2023/", "content": "/cocreacion/"}
# The plan page keeps its slug in English (wagtail-localize copies it); the content page has
# no translation: served in Spanish under /en/, with the notice.
ENGLISH = {"home": "/en/", "plan": "/en/plan-de-accion-2023/", "content": "/en/cocreacion/"}


def queries(url):
    """The SQL of a warm, anonymous request to ``url``, rendered (the page cache off)."""
    client = Client()
    assert client.get(url).status_code == 200  # warm the caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in context.captured_queries], response.content.decode()


def translate_and_publish(page, title):
    """wagtail-localize's "Translate this page" (its operation), then the English version
    published as a reviewer's approval publishes it."""
    english = Locale.objects.get(language_code="en")
    translate_object(page, [english])
    translated = page.get_translation(english).specific
    translated.title = title
    translated.save_revision().publish()
    return translated


@pytest.fixture
def uncached(seeded, settings):
    settings.OGP_PAGE_CACHE = False


def english_translations():
    translate_and_publish(HomePage.objects.get(), "Home in English")
    translate_and_publish(
        ActionPlanPage.objects.get(slug="plan-de-accion-2023"), "The plan in English"
    )
    fragments.bump()


def test_spanish_pages_cost_the_same_queries_with_english_translations_present(uncached):
    before = {name: queries(url)[0] for name, url in SPANISH.items()}
    english_translations()
    for name, url in SPANISH.items():
        after, html = queries(url)
        assert "in English" not in html.split("<main", 1)[1]
        assert len(after) == len(before[name]), (name, "\n".join(after))


def test_english_pages_cost_no_more_than_their_spanish_originals(uncached):
    english_translations()
    for name in SPANISH:
        spanish, _html = queries(SPANISH[name])
        english, html = queries(ENGLISH[name])
        assert '<html lang="en"' in html
        if name == "content":
            assert 'class="language-notice"' in html
        else:
            assert "in English" in html and 'class="language-notice"' not in html
        assert len(english) <= len(spanish), (name, "\n".join(english))


def test_an_english_page_not_translated_yet_costs_no_more_than_its_spanish_original(uncached):
    """Without any English page at all, /en/… falls back to the Spanish tree."""
    for name in SPANISH:
        spanish, _html = queries(SPANISH[name])
        english, html = queries(ENGLISH[name])
        assert 'class="language-notice"' in html
        assert len(english) <= len(spanish), (name, "\n".join(english))


def test_a_fallback_route_reads_no_page(uncached):
    english_translations()
    sql, _html = queries("/en/cocreacion/")
    assert not [q for q in sql if "wagtailcore_page" in q], "\n".join(sql)


def test_an_english_view_that_is_no_page_links_to_its_spanish_address(seeded):
    html = Client().get("/en/compromisos/").content.decode()
    assert '<html lang="en"' in html
    assert '<a href="/compromisos/" hreflang="es-CO" lang="es-CO">Español</a>' in html
    assert '<span aria-current="true" lang="en">English</span>' in html
    assert 'class="language-notice"' not in html


def test_a_draft_english_page_is_never_routed(uncached):
    english = Locale.objects.get(language_code="en")
    plan = ActionPlanPage.objects.get(slug="plan-de-accion-2023")
    # The English plan, a draft, and (wagtail-localize copies the parents it lacks) the
    # English home as a live *alias* of the Spanish one: Spanish content in the English tree.
    translate_object(plan, [english])
    assert (
        HomePage.objects.get(locale=english).alias_of_id
        == HomePage.objects.get(locale__language_code="es-co").pk
    )
    draft = plan.get_translation(english)
    draft.title = "Draft plan in English"
    draft.save_revision()
    for url in ("/en/", "/en/plan-de-accion-2023/"):
        html = Client().get(url).content.decode()
        assert "in English" not in html
        assert 'class="language-notice"' in html
        assert '<div lang="es-CO">' in html  # the alias's content is Spanish, and says so
        assert 'hreflang="en"' not in html.split("<body", 1)[0]  # no English alternate
    assert ContentPage.objects.filter(locale=english).count() == 0


@pytest.mark.parametrize(
    ("code", "tag"), [("es-co", "es-CO"), ("en", "en"), ("pt-br", "pt-BR"), ("es", "es")]
)
def test_language_codes_are_written_as_bcp47_tags(code, tag):
    assert bcp47(code) == tag


def test_a_page_shown_under_another_address_names_its_own_as_canonical(seeded):
    """/en/cocreacion/ (not translated yet) shows the Spanish page: one canonical address for
    the same content, the Spanish one."""
    html = Client().get("/en/cocreacion/").content.decode()
    assert '<link rel="canonical" href="http://testserver/cocreacion/">' in html
    spanish = Client().get("/cocreacion/").content.decode()
    assert '<link rel="canonical" href="http://testserver/cocreacion/">' in spanish


def test_an_english_menu_item_left_in_spanish_says_so(seeded):
    html = Client().get("/en/").content.decode()
    menu = html.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/en/cocreacion/" lang="es-CO"' in menu
    assert (
        'lang="es-CO"'
        not in Client()
        .get("/")
        .content.decode()
        .split('<nav class="main-nav"', 1)[1]
        .split("</nav>", 1)[0]
    )

"""The search in two languages (issue 12): English is analysed with the English stemmer and
Spanish with the Spanish one, on SQLite and PostgreSQL alike. ``/buscar/`` finds the Spanish
documents; ``/en/buscar/`` the English ones and the Spanish content not translated yet, marked
``lang="es-CO"``, in the same number of queries. Pages translated as the site's tests do
(Wagtail's ``copy_for_translation``, its parents becoming aliases of the Spanish ones)."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale

from home.models import ContentPage, HomePage
from search import indexing
from search.engine import OR, FallbackEngine, get_engine
from search.models import SearchDocument
from search.text import ParsedQuery, term, terms

# -- analysis (no database) -----------------------------------------------------------------


@pytest.mark.parametrize(
    "variants",
    [
        ("commitments", "commitment", "Commitments", "COMMITMENT"),
        ("participating", "participation", "participate", "Participation"),
        ("reports", "report", "reporting"),
        ("institutions", "institution"),
        ("citizens", "citizen", "Citizen"),
    ],
)
def test_english_variants_share_one_english_term(variants):
    found = {term(v, "en") for v in variants}
    assert len(found) == 1, {v: term(v, "en") for v in variants}


def test_the_spanish_analysis_is_unchanged_and_stays_the_default():
    assert terms("Universidad de los Andes") == "univers de los andes"
    assert terms("Universidad de los Andes", "es-co") == "univers de los andes"
    assert term("compromisos") == term("compromisos", "es-co") == term("compromisos", "es")
    assert term("compromisos") == "compromis"
    # The Spanish stemmer does not know English suffixes: the English one is needed.
    assert term("commitments") != term("commitment")
    assert term("commitments", "en") == term("commitment", "en") == "commit"
    # A language without its own analysis is read as Spanish, as everything was before.
    assert term("compromisos", "pt-br") == "compromis"


def test_stop_words_are_the_languages_own():
    english = ParsedQuery("the commitments of the city", language="en")
    assert english.terms == ["commit", "citi"]
    assert ParsedQuery("the of and", language="en").only_stopwords
    spanish = ParsedQuery("the commitments de la ciudad")  # «the» means nothing in Spanish
    assert spanish.terms[0] == "the"
    assert terms("The commitments", "en") == "the commit"  # kept (unstemmed) in the index


def test_an_english_query_read_as_spanish_drops_both_languages_stop_words():
    query = ParsedQuery("the Universidad de los Andes", language="es-co", written_in="en")
    assert query.terms == ["univers", "andes"]
    assert ParsedQuery("the Universidad", language="es-co").terms == ["the", "univers"]


# -- the index and the views ------------------------------------------------------------------


def english():
    return Locale.objects.get(language_code="en")


def spanish_page(title, intro, slug):
    page = ContentPage(title=title, slug=slug, intro=intro)
    HomePage.objects.get(locale__language_code="es-co").add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def translate(page, title, intro, publish=True):
    """An English translation of ``page`` (its parents become aliases), published or a
    draft."""
    translation = page.copy_for_translation(english(), copy_parents=True)
    translation.title = title
    translation.intro = intro
    translation.slug = re.sub(r"[^a-z]+", "-", title.lower()).strip("-")
    revision = translation.save_revision()
    if publish:
        revision.publish()
    translation.refresh_from_db()
    return translation


def results(client, q, prefix="", **params):
    response = client.get(f"{prefix}/buscar/", {"q": q, "format": "json", **params})
    assert response.status_code == 200, response.content[:500]
    return response.json()["results"]


def titles(client, q, prefix=""):
    return [r["title"] for r in results(client, q, prefix)]


@pytest.fixture
def translated(seeded):
    """A Spanish page and its published English translation."""
    source = spanish_page(
        "Compromisos de la ciudad con el zarapito",
        "La participación ciudadana en el zarapito.",
        "zarapito",
    )
    return source, translate(
        source,
        "The city's commitments to the curlew",
        "Citizens participating in the curlew census.",
    )


@pytest.mark.django_db
def test_an_english_page_is_indexed_in_english_with_its_english_url(translated):
    source, translation = translated
    document = SearchDocument.objects.get(object_id=translation.pk, kind="pagina")
    assert document.language == "en"
    assert document.url == translation.url and document.url.startswith("/en/")
    assert "commit" in document.title_terms.split()  # the English stemmer's term
    assert "particip" in document.lead_terms.split()
    assert " len" in document.filter_terms and " f" not in document.filter_terms
    spanish = SearchDocument.objects.get(object_id=source.pk, kind="pagina")
    assert spanish.language == "es-co" and spanish.url == source.url
    assert spanish.translation_key == document.translation_key == source.translation_key
    # The Spanish page has an English version: it no longer stands in for one.
    assert spanish.filter_terms.split()[-1] == "lesco"
    # The alias of the Spanish home page in the English tree is Spanish text: not indexed.
    english_home = translation.get_parent()
    assert english_home.alias_of_id is not None
    assert not SearchDocument.objects.filter(object_id=english_home.pk, kind="pagina").exists()


@pytest.mark.django_db
def test_english_stemming_finds_english_pages_under_en_only(client, translated):
    _source, translation = translated
    for q in ("commitment curlew", "participation", "participate curlews"):
        found = results(client, q, "/en")
        assert [r["title"] for r in found] == [translation.title], q
        assert found[0]["url"] == f"http://testserver{translation.url}"
        assert found[0]["language"] == "en"
    assert titles(client, "curlew") == []  # the Spanish search finds no English page


@pytest.mark.django_db
def test_the_spanish_search_is_unchanged_by_a_translation(client, translated):
    source, _translation = translated
    assert titles(client, "compromisos zarapito") == [source.title]
    assert titles(client, "participacion zarapito") == [source.title]
    # Under /en/ the Spanish page is not shown: it has an English version.
    assert titles(client, "zarapito", "/en") == []


@pytest.mark.django_db
def test_an_untranslated_spanish_page_is_found_under_en_marked_spanish(client, seeded):
    page = spanish_page("Censo del alcaraván", "Conteo ciudadano del alcaraván.", "alcaravan")
    found = results(client, "alcaravan", "/en")
    assert [r["title"] for r in found] == [page.title]
    assert found[0]["language"] == "es-CO"
    # Its link stays in the English site, which shows it in Spanish with its notice.
    assert found[0]["url"] == f"http://testserver/en{page.url}"
    assert client.get(f"/en{page.url}").status_code == 200

    html = client.get("/en/buscar/", {"q": "alcaraván"}).content.decode()
    result = re.search(r'<li class="search-result">.*?</li>', html, re.S).group(0)
    assert '<h3 class="search-result__title" lang="es-CO">' in result
    assert f'<a href="/en{page.url}">' in result
    assert '<p class="search-result__excerpt" lang="es-CO">' in result
    assert "<mark>alcaraván</mark>" in result  # marked by the Spanish analysis
    # The Spanish page, in Spanish: no lang added (byte for byte as before).
    spanish = client.get("/buscar/", {"q": "alcaraván"}).content.decode()
    assert '<h3 class="search-result__title"><a href="' + page.url in spanish
    assert 'lang="es-CO"' not in re.search(r'<ol class="search-results".*?</ol>', spanish, re.S)[0]


@pytest.mark.django_db
def test_both_languages_in_one_list_the_readers_first(client, translated):
    """«curlew zarapito» under /en/: the English page by its English words, and an
    untranslated Spanish page by its Spanish word (the Spanish analysis of the same query);
    at equal title matches the English one first."""
    _source, translation = translated
    other = spanish_page("El zarapito y la curlew", "Nota sobre el zarapito.", "nota-zarapito")
    found = results(client, "curlew", "/en")
    assert [r["title"] for r in found] == [translation.title, other.title]
    assert [r["language"] for r in found] == ["en", "es-CO"]


@pytest.mark.django_db
def test_a_draft_translation_is_not_found_and_its_source_stands_in(client, seeded):
    source = spanish_page("Ruta del manatí", "El manatí del canal.", "manati")
    draft = translate(source, "The manatee route", "The manatee of the canal.", publish=False)
    assert not draft.live
    assert titles(client, "manatee", "/en") == []
    assert titles(client, "manati", "/en") == [source.title]  # the Spanish one stands in
    draft.get_latest_revision().publish()
    assert titles(client, "manatee", "/en") == ["The manatee route"]
    assert titles(client, "manati", "/en") == []
    draft.refresh_from_db()
    draft.unpublish()
    assert titles(client, "manatee", "/en") == []
    assert titles(client, "manati", "/en") == [source.title]


@pytest.mark.django_db
def test_a_deleted_translation_gives_its_source_back_to_english_readers(client, translated):
    source, translation = translated
    assert titles(client, "zarapito", "/en") == []
    translation.delete()
    assert titles(client, "zarapito", "/en") == [source.title]


@pytest.mark.django_db
def test_untranslated_snippets_are_found_under_en_by_their_kind_in_english(client, seeded):
    """The commitments (snippets, Spanish until translated) are found by an English reader
    who names their kind in English: the kind's English label is a keyword of the Spanish
    documents, analysed as Spanish like the query's fallback."""
    found = results(client, "commitments", "/en", tipo="compromiso")
    assert found and {r["language"] for r in found} == {"es-CO"}
    assert all(r["url"].startswith("http://testserver/en/") for r in found)
    assert {r["type"] for r in found} == {"Commitment"}


@pytest.mark.django_db
def test_rebuild_indexes_both_languages_as_the_signals_do(translated, capsys):
    columns = ("kind", "object_id", "language", "url", "filter_terms", "lead_terms")
    incremental = sorted(SearchDocument.objects.values_list(*columns))
    assert {row[2] for row in incremental} == {"es-co", "en"}
    indexing.rebuild()
    assert sorted(SearchDocument.objects.values_list(*columns)) == incremental
    SearchDocument.objects.all().delete()
    with translation.override("es-co"):  # as manage.py runs it
        call_command("rebuild_search_index")
    assert sorted(SearchDocument.objects.values_list(*columns)) == incremental
    out = capsys.readouterr().out
    assert re.search(r"Páginas: \d+ \(en: 1, es-co: \d+\)", out), out


@pytest.mark.django_db
def test_every_engine_finds_the_same_documents_in_both_languages(translated):
    """The database's engine (FTS5 or tsvector) and the plain-SQL fallback agree."""
    source, translation = translated
    other = spanish_page("El zarapito y la curlew", "Nota sobre el zarapito.", "nota-zarapito")
    english = ParsedQuery("curlew", language="en")
    spanish = ParsedQuery("curlew", language="es-co", written_in="en")
    for engine in (get_engine(), FallbackEngine()):
        outcome = engine.search(english.terms, language="en", fallback_terms=spanish.terms)
        found = [(d.title, d.language) for d in outcome.documents]
        assert found == [(translation.title, "en"), (other.title, "es-co")], engine.name
        assert outcome.total == 2 and outcome.facets == {"pagina": 2}
        alone = engine.search(english.terms, language="en")  # without the fallback
        assert [d.title for d in alone.documents] == [translation.title]
        in_spanish = engine.search(ParsedQuery("zarapito").terms, language="es-co")
        assert {d.title for d in in_spanish.documents} == {source.title, other.title}
        either = engine.search(
            ParsedQuery("zarapito census", language="en").terms,
            language="en",
            fallback_terms=ParsedQuery("zarapito census", language="es-co").terms,
            operator=OR,
        )
        assert {d.title for d in either.documents} == {translation.title, other.title}


def warm(client, url, **params):
    client.get(url, params)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode(), len(context.captured_queries)


@pytest.mark.django_db
def test_a_second_language_costs_no_query(client, translated, settings):
    """The English documents and the Spanish ones found under /en/ come in the same queries
    as the Spanish search's."""
    settings.OGP_PAGE_CACHE = False
    other = spanish_page("El zarapito y la curlew", "Nota sobre el zarapito.", "nota-zarapito")
    spanish_html, spanish = warm(client, "/buscar/", q="zarapito")
    english_html, english_queries = warm(client, "/en/buscar/", q="curlew")
    assert "search-result" in spanish_html
    assert english_html.count('<li class="search-result">') == 2  # English and Spanish
    assert f'<a href="/en{other.url}">' in english_html
    assert english_queries == spanish
    _html, none = warm(client, "/en/buscar/", q="agua")
    extra = 2 if connection.vendor == "postgresql" else 0  # a test's transaction's savepoint
    assert english_queries <= 7 + extra and none <= 5 + extra


# -- translatable snippets (cms_blocks: a translation is its own row, in its own locale) -------


def translate_snippet(obj, live=True, **text):
    copy = obj.copy_for_translation(english())
    for name, value in text.items():
        setattr(copy, name, value)
    copy.live = live
    copy.save()  # the signals index it (a published row) or not (a draft)
    return copy


@pytest.mark.django_db
def test_a_translated_commitment_is_found_in_english_and_replaces_its_source(client, seeded):
    from cms_blocks.models import Commitment

    source = Commitment.objects.live().order_by("pk").first()
    source.title = f"{source.title} pelícano"
    source.save()

    def commitments(q, prefix="/en"):
        return [(r["language"], r["url"]) for r in results(client, q, prefix, tipo="compromiso")]

    with translation.override("es-co"):  # a request under /en/ leaves English active
        path = source.get_absolute_url()
    spanish_url, english_url = f"http://testserver{path}", f"http://testserver/en{path}"
    assert commitments("pelicano") == [("es-CO", english_url)]  # standing in for English
    draft = translate_snippet(source, live=False, title="Open budgets for the pelican")
    assert commitments("budgets pelican") == []
    assert commitments("pelicano") == [("es-CO", english_url)]

    draft.live = True
    draft.save()
    assert commitments("budget pelicans") == [("en", english_url)]
    document = SearchDocument.objects.get(kind="compromiso", object_id=draft.pk)
    assert document.plan_id == source.plan_id and document.language == "en"
    assert document.title.endswith("Open budgets for the pelican")
    assert commitments("pelicano") == []  # it has an English version now
    assert commitments("pelicano", "") == [("es-CO", spanish_url)]  # Spanish: as it was
    assert commitments("pelican", "") == []

    draft.delete()
    assert commitments("pelicano") == [("es-CO", english_url)]

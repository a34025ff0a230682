"""Spanish normalisation: the same term for plural and singular, with or without accents,
in any case. No database."""

import pytest

from search.highlight import excerpt, highlight
from search.text import MAX_QUERY_CHARS, MAX_QUERY_TERMS, ParsedQuery, fold, term, terms


@pytest.mark.parametrize(
    "variants",
    [
        ("compromisos", "compromiso", "COMPROMISOS", "Compromiso"),
        ("participación", "participacion", "PARTICIPACIÓN", "participaciones"),
        ("comité", "comite", "comités", "Comites"),
        ("código", "codigos", "Códigos", "CODIGO"),
        ("secretaría", "secretaria", "Secretarías"),
        ("ciudadano", "ciudadanos", "ciudadana", "Ciudadanas"),
        ("institución", "instituciones", "institucion"),
        ("informe", "informes", "Informes"),
        ("iniciativa", "iniciativas"),
        ("pública", "publica", "públicas"),
    ],
)
def test_variants_share_one_term(variants):
    assert len({term(v) for v in variants}) == 1, {v: term(v) for v in variants}


def test_fold_strips_accents_and_case():
    assert fold("Planeación ÁÉÍÓÚ Ñandú Ü") == "planeacion aeiou nandu u"


def test_distinct_words_stay_distinct():
    assert term("comité") != term("compromiso")
    assert term("plan") != term("planeación")


def test_terms_keep_one_term_per_word_and_stopwords_unstemmed():
    assert terms("Universidad de los Andes") == "univers de los andes"


def test_query_drops_stopwords_and_duplicates():
    query = ParsedQuery("  la Universidad de los Andes, universidades  ")
    assert query.terms == ["univers", "andes"]
    assert query.searchable and not query.only_stopwords


def test_query_of_stopwords_only_is_odd():
    query = ParsedQuery("de la los")
    assert not query.searchable and query.only_stopwords and query.has_words


@pytest.mark.parametrize("raw", ['"', "***", "🙂🔍", "\x00\x00", "-- ;", "( ) : ^ | & !", "   "])
def test_query_without_words_is_not_searchable(raw):
    query = ParsedQuery(raw)
    assert not query.searchable
    assert "\x00" not in query.text


def test_query_removes_control_characters_and_keeps_the_rest():
    query = ParsedQuery("comité\x00 ciudadano\u202e")
    assert query.text == "comité ciudadano"
    assert query.terms == ["comit", "ciudadan"]


def test_long_query_is_cut_and_flagged():
    query = ParsedQuery("compromiso " * 2000)
    assert query.truncated and query.terms == ["compromis"]
    assert len(ParsedQuery("a" * 10_000).text) <= 1000
    words = " ".join(f"palabra{i}" for i in range(40))
    query = ParsedQuery(words)
    assert query.truncated and len(query.terms) == MAX_QUERY_TERMS
    assert len(ParsedQuery("x" * (MAX_QUERY_CHARS + 1)).terms[0]) <= MAX_QUERY_CHARS


def test_highlight_escapes_html_and_marks_matches():
    html = highlight("<script>alert(1)</script> Códigos QR & más", [term("codigos"), term("qr")])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>Códigos</mark> <mark>QR</mark> &amp; más" in html


def test_excerpt_centres_on_the_matches():
    text = " ".join(f"palabra{i}" for i in range(200)) + " la participación ciudadana cuenta."
    html = excerpt([(text, None)], [term("participacion")])
    assert html.startswith("… ")
    assert "<mark>participación</mark>" in html
    assert "palabra0 " not in html


def test_excerpt_without_matches_is_the_beginning():
    assert excerpt([("Uno dos tres.", None)], [term("cuatro")]) == "Uno dos tres."


def test_excerpt_uses_stored_terms_when_they_line_up():
    text = "Informe del monitor"
    stored = terms(text) + " extra keywords"
    assert excerpt([(text, stored)], [term("informes")]) == "<mark>Informe</mark> del monitor"

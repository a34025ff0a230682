"""Tags in the public search (issue 11, part 3): a query for a tag's name finds the tagged
commitments and content pages (their excerpt says «Etiquetas: …»), ``?etiqueta=<slug>``
keeps only what carries the tag (with the other filters), the form offers the tags of what
the index holds, and a draft's tag never gets there. Runs on SQLite (FTS5) and PostgreSQL
(tsvector) alike."""

import pytest
from taggit.models import Tag

from cms_blocks.models import Commitment
from home.models import ContentPage
from search import indexing
from search.models import SearchDocument
from tests import factories as f

pytestmark = pytest.mark.django_db

WORD = "manglares"  # in no seeded text: only a tag holds it


def tag_page(page, *names):
    page.tags.add(*names)
    page.save_revision().publish()
    return ContentPage.objects.get(pk=page.pk)


@pytest.fixture
def tagged(seeded):
    page = tag_page(ContentPage.objects.live().get(slug="cocreacion"), f"protección de {WORD}")
    commitment = f.CommitmentFactory(
        title="Restauración de la ciénaga", tags=[f"protección de {WORD}", "transparencia"]
    )
    return page, str(commitment)  # a commitment's result is titled «code · title»


def test_a_query_for_a_tag_name_finds_the_tagged_commitment_and_page(search, tagged):
    page, commitment = tagged
    results = search(WORD)["results"]
    titles = {r["title"] for r in results}
    assert titles == {page.title, commitment}
    for result in results:  # the excerpt shows why it matched
        assert f"Etiquetas: protección de <mark>{WORD}</mark>" in result["excerpt"]


def test_the_tag_filter_keeps_only_what_carries_the_tag(search, client, tagged):
    page, commitment = tagged
    slug = Tag.objects.get(name="transparencia").slug
    # «transparencia» is a word of many seeded documents; with the tag, only the tagged
    # commitment.
    assert len(search("transparencia")["results"]) > 1
    assert [r["title"] for r in search("transparencia", etiqueta=slug)["results"]] == [commitment]
    other = Tag.objects.get(name=f"protección de {WORD}").slug
    assert {r["title"] for r in search(WORD, etiqueta=other)["results"]} == {
        page.title,
        commitment,
    }
    # With the kind filter too.
    assert [r["title"] for r in search(WORD, etiqueta=other, tipo="pagina")["results"]] == [
        page.title
    ]
    # In the HTML form: a labelled select with the tag chosen.
    html = client.get("/buscar/", {"q": WORD, "etiqueta": other}).content.decode()
    assert '<label for="search-etiqueta">' in html
    assert f'<option value="{other}" selected>protección de {WORD}</option>' in html


def test_an_unknown_tag_is_a_notice_not_an_error(client, tagged):
    for value in ["no-existe", "a' OR '1'='1", "\x00"]:
        response = client.get("/buscar/", {"q": WORD, "etiqueta": value})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Restauración de la ciénaga" in html  # searched without the filter
        if value != "\x00":  # a NUL is taken out at the door (ogp_site.request_guard)
            assert "Ningún contenido publicado tiene la etiqueta que pidió" in html


def test_a_draft_tag_is_neither_found_nor_offered(search, client, seeded):
    draft = f.CommitmentFactory(title="Compromiso borrador", draft=True, tags=["tortugas marinas"])
    live = ContentPage.objects.live().get(slug="cocreacion")
    live.tags.add("cangrejos azules")
    live.save_revision()  # a draft of a live page: not published
    assert Tag.objects.filter(name="cangrejos azules").exists()
    assert search("tortugas")["results"] == []
    assert search("cangrejos")["results"] == []
    html = client.get("/buscar/", {"q": "agua"}).content.decode()
    assert "tortugas marinas" not in html and "cangrejos azules" not in html
    assert Commitment.objects.filter(pk=draft.pk, live=False).exists()


def test_a_renamed_tag_is_found_by_its_new_name(search, tagged):
    page, commitment = tagged
    tag = Tag.objects.get(name=f"protección de {WORD}")
    tag.name = "humedales costeros"
    tag.save()
    assert {r["title"] for r in search("humedales")["results"]} == {page.title, commitment}
    assert search(WORD)["results"] == []


def test_the_index_rebuilt_from_scratch_holds_the_tags(search, tagged):
    page, commitment = tagged
    indexing.rebuild()
    tag = Tag.objects.get(name="transparencia")
    pk = Commitment.objects.get(title="Restauración de la ciénaga").pk
    document = SearchDocument.objects.get(kind="compromiso", object_id=pk)
    assert f" t{tag.pk}" in document.filter_terms
    assert {r["title"] for r in search(WORD)["results"]} == {page.title, commitment}

"""Excerpts show why a result matched (issue 8, item 4).

For every kind of result, the excerpt is the passage where the query's words occur, each
in ``<mark>``, found accent- and stem-insensitively as the search is; short fields (a
member's sector, a commitment's axis, an initiative's type...) are searched and shown with
their label; the axes of work are results of their own; a draft never shows.
"""

import html
import re

import pytest

from cms_blocks.models import ActionPlan, Axis, Commitment, CommitteeMember, Institution
from search import indexing
from search.highlight import excerpt
from search.text import ParsedQuery, term

pytestmark = pytest.mark.django_db

MARK = re.compile(r"<mark>(.*?)</mark>")


def marked_terms(fragment):
    """The index terms of the words in <mark> (so «Códigos» counts for «codigo»)."""
    return {term(html.unescape(word)) for word in MARK.findall(fragment)}


def query_terms(q):
    return set(ParsedQuery(q).terms)


def first_of_kind(search, q, kind, **params):
    results = [r for r in search(q, **params)["results"] if r["type"] == kind]
    assert results, f"no {kind!r} for {q!r}"
    return results[0]


# -- the two queries of the issue ------------------------------------------------------


@pytest.mark.parametrize("q", ["sociedad civil", "SOCIEDAD CIVÍL", "sociedad civiles"])
def test_a_sector_query_shows_each_members_sector(seeded, search, q):
    members = [r for r in search(q)["results"] if r["type"] == "Integrante del comité"]
    assert {r["title"] for r in members} == {"Eliana Salas", "Eugenia Mier"}
    for result in members:
        assert "Sector: <mark>Sociedad</mark> <mark>civil</mark>" in result["excerpt"]


def test_the_axis_query_finds_the_axis_and_shows_it(seeded, search, client):
    q = "cultura ciudadana anticorrupcion"
    results = search(q)["results"]
    first = results[0]
    assert (first["type"], first["title"]) == ("Eje de trabajo", "Cultura ciudadana anticorrupción")
    assert first["url"].endswith("/planes/2023/compromisos/?eje=cultura-ciudadana")
    # The axis's link opens its plan's commitments list filtered by that axis.
    listing = client.get("/planes/2023/compromisos/", {"eje": "cultura-ciudadana"})
    assert listing.status_code == 200
    assert '<option value="cultura-ciudadana" selected>' in listing.content.decode()
    # The page title is marked in the HTML results.
    page = client.get("/buscar/", {"q": q}).content.decode()
    assert (
        '<a href="/planes/2023/compromisos/?eje=cultura-ciudadana"><mark>Cultura</mark> '
        "<mark>ciudadana</mark> <mark>anticorrupción</mark></a>" in page
    )
    # The plan's pages (the site's and the plan's own), which list the axes, show the axis
    # it matched, marked.
    plans = [r for r in results if r["title"].startswith("Plan de Acción")]
    assert {r["type"] for r in plans} == {"Página", "Plan de acción"}
    for plan in plans:
        assert (
            "<mark>Cultura</mark> <mark>ciudadana</mark> <mark>anticorrupción</mark>"
            in plan["excerpt"]
        )


# -- every kind of result --------------------------------------------------------------

# (kind, query typed without accents or in another number, fragments of the excerpt).
# Each query matches fields other than the title; where the words lie far apart in the
# text, each gets its passage.
KIND_QUERIES = [
    (
        "pagina",
        "informes iniciales reflexion",
        ["<mark>informe</mark> <mark>inicial</mark>", "<mark>reflexión</mark>"],
    ),
    (
        "compromiso",
        "vivienda comunitaria personeria",
        ["<mark>Vivienda</mark> <mark>Comunitaria</mark>", "<mark>personería</mark>"],
    ),
    (
        "informe",
        "jinete velasquez",
        ["Autores: María José <mark>Jinete</mark> <mark>Velásquez</mark>"],
    ),
    ("integrante", "academias", ["Sector: <mark>Academia</mark>"]),
    ("iniciativa", "canales de denuncias", ["Tipo: <mark>Canal</mark> de <mark>denuncia</mark>"]),
    (
        "institucion",
        "organismos de monitoreo",
        ["Rol en el plan: <mark>Organismo</mark> de <mark>monitoreo</mark>"],
    ),
    (
        "consulta",
        "semanas noviembre votadas",
        ["<mark>semana</mark> de <mark>noviembre</mark>", "<mark>votadas</mark>"],
    ),
    ("comite", "democratica alcaldia", ["<mark>democrática</mark>", "<mark>Alcaldía</mark>"]),
    ("eje", "pertenencia apropiacion", ["<mark>pertenencia</mark> y <mark>apropiación</mark>"]),
    ("plan", "indias colombia", ["de <mark>Indias</mark>, <mark>Colombia</mark>"]),
]


def test_every_kind_is_covered():
    assert {kind for kind, _q, _f in KIND_QUERIES} == set(indexing.SOURCES_BY_KIND)


@pytest.mark.parametrize(
    ("kind", "q", "fragments"), KIND_QUERIES, ids=[k for k, *_ in KIND_QUERIES]
)
def test_each_kind_marks_the_matched_words(seeded, search, kind, q, fragments):
    results = search(q, tipo=kind)["results"]
    assert results, f"{q!r} finds no {kind}"
    assert {r["type"] for r in results} == {str(indexing.SOURCES_BY_KIND[kind].label)}
    first = results[0]
    for fragment in fragments:
        assert fragment in first["excerpt"]
    assert query_terms(q) <= marked_terms(first["excerpt"])


def test_a_commitment_shows_its_axis_and_lead_institution(seeded, search):
    commitment = Commitment.objects.get(code="COCDI0001")
    commitment.axis = Axis.objects.get(slug="prevencion")
    commitment.lead_institution = Institution.objects.get(slug="secretaria-planeacion")
    commitment.save_revision().publish()

    result = first_of_kind(search, "prevencion corrupcion", "Compromiso", tipo="compromiso")
    assert "Eje: <mark>Prevención</mark> de la <mark>corrupción</mark>" in result["excerpt"]
    result = first_of_kind(search, "secretaria planeacion", "Compromiso", tipo="compromiso")
    assert (
        "Institución líder: <mark>Secretaría</mark> de <mark>Planeación</mark>" in result["excerpt"]
    )
    # The axis filter of the search finds the axis itself and its commitment.
    found = search("corrupcion", eje="prevencion")["results"]
    assert {r["type"] for r in found} >= {"Eje de trabajo", "Compromiso"}


def test_the_labels_of_the_facts_are_not_searched(seeded, search):
    """«Sector», «Rol» are our words, not the content's: they find no member."""
    assert search("sector", tipo="integrante")["count"] == 0
    assert search("rol", tipo="integrante")["count"] == 0
    assert search("eje", tipo="compromiso")["count"] == 0


def test_the_kind_name_alone_still_gives_an_excerpt(seeded, search):
    """«compromisos» finds every commitment by its kind's name (a keyword, not shown): the
    excerpt is then the beginning of its text, not its last words."""
    results = {
        r["title"]: r["excerpt"] for r in search("compromisos", tipo="compromiso")["results"]
    }
    assert len(results) == 2
    cuenta = next(excerpt for title, excerpt in results.items() if "#CartagenaCuenta" in title)
    assert cuenta.startswith("Estrategia de rendición de cuentas")


# -- passages --------------------------------------------------------------------------


def test_each_matched_word_gets_a_passage():
    filler = " ".join(f"palabra{i}" for i in range(80))
    text = f"El manglar de la bahía. {filler}. Al final, la ciénaga de la Virgen."
    fragment = excerpt([(text, None)], [term("manglar"), term("ciénagas")])
    assert marked_terms(fragment) == {term("manglar"), term("cienaga")}
    assert " … " in fragment  # two passages, far apart
    assert fragment.startswith("El <mark>manglar</mark>")
    assert fragment.endswith("la <mark>ciénaga</mark> de la Virgen.")


def test_fields_are_separated_and_escaped():
    fragment = excerpt([("Sector: <b>Academia</b>\nRol: Integrante", None)], [term("academia")])
    assert fragment == "Sector: &lt;b&gt;<mark>Academia</mark>&lt;/b&gt; · Rol: Integrante"


# -- the axes follow their rows; drafts never show --------------------------------------


def test_a_new_axis_is_found_and_shown_on_the_plan_page(seeded, search):
    axis = Axis.objects.create(
        plan=ActionPlan.objects.get(slug="2023"),
        name="Eje jaguar",
        slug="jaguar",
        description="Protección del manglar.",
    )
    found = search("JAGUAR")["results"]
    assert [r["title"] for r in found if r["type"] == "Eje de trabajo"] == ["Eje jaguar"]
    plan = first_of_kind(search, "jaguar", "Página", tipo="pagina")
    assert plan["title"].startswith("Plan de Acción")
    assert "<mark>jaguar</mark>: Protección del manglar" in plan["excerpt"]

    axis.name = "Eje tucán"
    axis.save()
    assert search("jaguar")["count"] == 0
    assert search("tucan", tipo="eje")["results"][0]["title"] == "Eje tucán"
    axis.delete()
    assert search("tucan")["count"] == 0


def test_a_members_draft_sector_never_shows(seeded, search):
    member = CommitteeMember.objects.get(name="Odelys Salcedo")
    member.sector = "Sector quetzal"
    member.save_revision()  # a draft, not published
    assert search("quetzal")["count"] == 0
    result = first_of_kind(search, "odelys salcedo", "Integrante del comité")
    assert result["excerpt"] == "Sector: Academia · Rol: Integrante"


def test_a_commitments_draft_axis_never_shows(seeded, search):
    commitment = Commitment.objects.get(code="COCDI0001")
    axis = Axis.objects.create(plan=commitment.plan, name="Eje ornitorrinco", slug="ornitorrinco")
    commitment.axis = axis
    commitment.save_revision()  # a draft
    assert search("ornitorrinco", tipo="compromiso")["count"] == 0
    assert search("ornitorrinco", tipo="informe")["count"] == 0
    commitment.refresh_from_db()
    commitment.get_latest_revision().publish()
    result = first_of_kind(search, "ornitorrinco", "Compromiso", tipo="compromiso")
    assert "Eje: Eje <mark>ornitorrinco</mark>" in result["excerpt"]


def test_an_unpublished_institution_never_shows_in_a_commitments_excerpt(seeded, search):
    institution = Institution.objects.get(slug="funcicar")
    commitment = Commitment.objects.get(code="COCDI0001")
    commitment.lead_institution = institution
    commitment.save_revision().publish()
    assert first_of_kind(search, "funcicar", "Compromiso", tipo="compromiso")
    institution.unpublish()
    assert search("funcicar", tipo="compromiso")["count"] == 0
    for result in search("juntas vivienda comunitaria")["results"]:
        assert "Funcicar" not in result["excerpt"]


def test_block_settings_are_not_page_text(seeded, search):
    """A heading's level, a list's filter or a check box is an editor's setting, not text
    the page shows: «Título de sección (h2)» finds no page and shows in no excerpt."""
    for q in ("titulo de seccion h2", "subtitulo h3"):
        titles = [r["title"] for r in search(q, tipo="pagina")["results"]]
        assert not any(title.startswith("Plan de Acción") for title in titles), q
    for result in search("vision estrategica")["results"]:
        assert "Título de sección" not in result["excerpt"]
        assert "---" not in result["excerpt"]


def test_list_items_and_paragraphs_are_separated(seeded, search):
    """Rich text keeps its paragraphs and list items apart in the excerpt (Wagtail's own
    indexing text runs them together: «organizada Academia Grupos»)."""
    result = next(
        r
        for r in search("funcionarios publicos", tipo="iniciativa")["results"]
        if r["title"] == "Hablemos con Transparencia"
    )
    assert (
        "<mark>Funcionarios</mark> <mark>públicos</mark> · Miembros del sector privado"
        in (result["excerpt"])
    )

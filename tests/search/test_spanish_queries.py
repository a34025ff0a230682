"""The Spanish query suite, over the real plan content (the ``seeded`` fixture).

It runs on the database of the session: SQLite by default, PostgreSQL when DATABASE_URL
points to it (``.ci/run`` does both). Each query is typed as a citizen would: without
accents, in the plural or the singular, in capitals, with several words, with names of
people and institutions of the plan.
"""

import pytest

pytestmark = pytest.mark.django_db

# (query, a title expected among the first `within` results)
QUERIES = [
    # plural / singular
    ("compromisos", "COCDI0001", 5),
    ("compromiso", "#CartagenaCuenta 2023", 5),
    ("informes del monitor", "Informe Inicial", 3),
    ("informe", "Informe de fin de compromiso", 3),
    ("iniciativas", "Códigos QR", 10),
    ("denuncia", "Portal de Denuncias", 3),
    ("comités ciudadanos", "Comité Ciudadano de Seguimiento", 2),
    ("plataforma", "Gestión Abierta", 5),
    # accents, both ways
    ("participacion", "Secretaría de Participación y Desarrollo Social", 3),
    ("participación", "Secretaría de Participación y Desarrollo Social", 3),
    ("secretaria de planeacion", "Secretaría de Planeación", 1),
    ("Secretaría de Planeación", "Secretaría de Planeación", 1),
    ("codigos qr", "Códigos QR", 1),
    ("código QR", "Códigos QR", 1),
    ("comite ciudadano", "Comité Ciudadano de Seguimiento", 2),
    ("cocreacion", "Cocreación y consulta virtual", 3),
    ("contratación abierta", "Contratación Abierta", 1),
    ("gestion abierta", "Gestión Abierta", 1),
    ("Alejandro Vasquez", "Alejandro Vásquez", 1),
    # case
    ("COMPROMISOS", "COCDI0001", 5),
    ("UNIVERSIDAD DE LOS ANDES", "Universidad de los Andes, Escuela de Gobierno", 1),
    ("odelys salcedo", "Odelys Salcedo", 1),
    ("CóDiGoS Qr", "Códigos QR", 1),
    # several words, people and institutions of the plan
    ("universidad de los andes", "Universidad de los Andes, Escuela de Gobierno", 1),
    ("Odelys Salcedo", "Odelys Salcedo", 1),
    ("Kevin Zabaleta", "Kevin Zabaleta", 1),
    ("escuela de gobierno", "Universidad de los Andes, Escuela de Gobierno", 3),
    ("juntas de accion comunal", "COCDI0001", 2),
    ("rendicion de cuentas", "#CartagenaCuenta 2023", 3),
    ("#CartagenaCuenta", "#CartagenaCuenta 2023", 2),
    ("COCDI0001", "COCDI0001", 1),
    ("hablemos con transparencia", "Hablemos con Transparencia", 1),
    ("feria de la transparencia", "Feria de la Transparencia", 1),
    ("consulta virtual", "Consulta virtual de iniciativas ciudadanas 2022", 3),
    ("monitoreo independiente", "Monitoreo independiente", 1),
    ("plan de accion 2023", "Plan de Acción de Gobierno Abierto 2023", 1),
    ("grupo asesor de transparencia y anticorrupcion", "Grupo Asesor de Transparencia", 1),
    ("Funcicar", "Funcicar", 1),
]


def test_the_suite_is_large_enough():
    assert len(QUERIES) >= 25


@pytest.mark.parametrize(("query", "expected", "within"), QUERIES, ids=[q for q, _e, _w in QUERIES])
def test_spanish_query_finds_the_content(seeded, titles, query, expected, within):
    found = titles(query)
    assert any(expected in title for title in found[:within]), found


@pytest.mark.parametrize(
    "group",
    [
        ("participacion", "participación", "PARTICIPACIÓN", "Participaciones"),
        ("comite ciudadano", "Comité Ciudadano", "comités ciudadanos", "COMITE CIUDADANO"),
        ("codigos qr", "códigos QR", "código qr", "CODIGO QR"),
        ("secretaria de planeacion", "Secretaría de Planeación", "secretarías planeación"),
    ],
)
def test_spelling_variants_give_the_same_results(seeded, search, group):
    results = [search(q) for q in group]
    assert results[0]["count"] > 0
    for other in results[1:]:
        assert [r["url"] for r in other["results"]] == [r["url"] for r in results[0]["results"]]


def test_done_when_queries_find_the_real_content(seeded, titles):
    """The issue's acceptance queries, each with its obvious first result."""
    assert "Comité Ciudadano de Seguimiento" in titles("comite ciudadano")[0]
    assert titles("universidad de los andes")[0].startswith("Universidad de los Andes")
    assert titles("codigos qr")[0] == "Códigos QR"
    commitments = titles("compromisos", tipo="compromiso")
    assert len(commitments) == 2 and any(t.startswith("COCDI0001") for t in commitments)


def test_title_matches_rank_above_body_matches(seeded, titles):
    # "Secretaría de Planeación" is the title of an institution and a phrase in the plan page.
    found = titles("secretaria de planeacion")
    assert found[0] == "Secretaría de Planeación"
    assert "Plan de Acción de Gobierno Abierto 2023" in found[1:]


def test_words_that_are_not_there_find_nothing(seeded, search):
    assert search("xilófono zanahoria")["count"] == 0
    assert search("xilofono")["results"] == []


def test_all_words_are_required_when_some_result_has_them_all(seeded, titles):
    found = titles("odelys salcedo")
    assert found == ["Odelys Salcedo"]


def test_any_word_is_enough_when_no_result_has_them_all(seeded, client):
    response = client.get("/buscar/", {"q": "Odelys zanahoria"})
    html = response.content.decode()
    assert "Salcedo</a>" in html
    assert "al menos una de ellas" in html

"""The backend configuration and the database objects the migrations create."""

import pytest
from django.db import connection

from search import db
from search.apps import after_migrate
from search.conf import wagtailsearch_backends
from search.engine import PostgresEngine, SQLiteEngine, get_engine
from search.models import SearchDocument


def test_database_backend_by_default():
    backends = wagtailsearch_backends({}, "django.db.backends.sqlite3")
    assert backends["default"]["BACKEND"] == "wagtail.search.backends.database"
    postgres = wagtailsearch_backends({}, "django.db.backends.postgresql")
    assert postgres["default"]["SEARCH_CONFIG"] == "spanish_unaccent"


def test_search_backend_url_switches_to_elasticsearch_with_a_spanish_analyser():
    backends = wagtailsearch_backends(
        {"SEARCH_BACKEND_URL": "https://u:p@search.example.org:9200, http://other:9200"},
        "django.db.backends.postgresql",
    )
    config = backends["default"]
    assert config["BACKEND"] == "wagtail.search.backends.elasticsearch7"
    assert config["URLS"] == ["https://u:p@search.example.org:9200", "http://other:9200"]
    analysis = config["INDEX_SETTINGS"]["settings"]["analysis"]
    default = analysis["analyzer"]["default"]
    filters = [analysis["filter"].get(name, {"type": name}) for name in default["filter"]]
    types = [f["type"] for f in filters]
    assert types == ["lowercase", "stop", "asciifolding", "stemmer"]
    assert filters[1]["stopwords"] == "_spanish_" and filters[3]["language"] == "spanish"


def test_search_backend_engine_can_be_opensearch():
    backends = wagtailsearch_backends(
        {
            "SEARCH_BACKEND_URL": "http://localhost:9200",
            "SEARCH_BACKEND_ENGINE": "wagtail.search.backends.opensearch2",
        }
    )
    assert backends["default"]["BACKEND"] == "wagtail.search.backends.opensearch2"


@pytest.mark.django_db
def test_engine_matches_the_database():
    engine = get_engine()
    expected = {"sqlite": SQLiteEngine, "postgresql": PostgresEngine}[connection.vendor]
    assert isinstance(engine, expected)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_has_spanish_unaccent():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('spanish_unaccent', 'Participación Comités Códigos')")
        vector = cursor.fetchone()[0]
    assert vector == "'codig':3 'comit':2 'participacion':1"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_weights_the_generated_vector(seeded):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM search_searchdocument WHERE title = %s",
            ["Códigos QR"],
        )
        vector = cursor.fetchone()[0]
    assert "'codig':1A" in vector and "'qr':2A" in vector


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_sqlite_triggers_are_restored_after_migrate(seeded, search):
    assert db.sqlite_fts_ready(connection)
    with connection.cursor() as cursor:
        for statement in db.SQLITE_DROP:
            cursor.execute(statement)
    assert not db.sqlite_fts_ready(connection)
    after_migrate(sender=None, using="default")
    assert db.sqlite_fts_ready(connection)
    assert search("codigos qr")["results"][0]["title"] == "Códigos QR"  # FTS rebuilt
    assert SearchDocument.objects.exists()

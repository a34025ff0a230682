"""The backend configuration and the database objects the migrations create."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from search import db
from search.apps import after_migrate
from search.conf import wagtailsearch_backends
from search.engine import PostgresEngine, SQLiteEngine, get_engine
from search.models import SearchDocument


def test_database_backend_by_default():
    backends = wagtailsearch_backends({}, "django.db.backends.sqlite3")
    assert backends["default"]["BACKEND"] == "cms_blocks.search_backend"
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
    assert config["INDEX_PREFIX"] == "ogp_" and "INDEX" not in config
    analysis = config["INDEX_SETTINGS"]["settings"]["analysis"]
    default = analysis["analyzer"]["default"]
    filters = [analysis["filter"].get(name, {"type": name}) for name in default["filter"]]
    types = [f["type"] for f in filters]
    assert types == ["lowercase", "stop", "asciifolding", "stemmer"]
    assert filters[1]["stopwords"] == "_spanish_" and filters[3]["language"] == "spanish"


def test_the_site_boots_with_an_external_engine():
    """SEARCH_BACKEND_URL set: settings, models (SearchDocument becomes indexed by Wagtail)
    and system checks load; no connection is made."""
    env = {
        **os.environ,
        "SEARCH_BACKEND_URL": "http://127.0.0.1:9",
        "DJANGO_SETTINGS_MODULE": "ogp_site.settings.test",
    }
    code = (
        "import django; django.setup();"
        "from django.core.management import call_command; call_command('check');"
        "from search.models import SearchDocument; from search.engine import get_engine;"
        "assert SearchDocument.get_search_fields(); print(get_engine().name)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("external")


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


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_large_result_sets_rank_on_title_and_lead(seeded, titles, monkeypatch):
    full = titles("secretaria de planeacion")
    monkeypatch.setattr(PostgresEngine, "FULL_RANK_MATCHES", 0)
    cheap = titles("secretaria de planeacion")
    assert cheap[0] == full[0] == "Secretaría de Planeación"
    assert sorted(cheap) == sorted(full)
    assert len(titles("compromisos", tipo="compromiso")) == 2

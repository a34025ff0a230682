"""Search configuration from the environment (imported by the settings: no models here).

- Without ``SEARCH_BACKEND_URL``: Wagtail's database backend. On PostgreSQL it uses the
  ``spanish_unaccent`` text search configuration (Spanish stemming + accent folding) that
  ``search/migrations/0002`` creates; the public search uses its own normalised index.
- With ``SEARCH_BACKEND_URL`` (e.g. ``https://user:pass@search.example.org:9200``, several
  separated by commas): OpenSearch/Elasticsearch through ``SEARCH_BACKEND_ENGINE`` (default
  ``wagtail.search.backends.elasticsearch7``; ``wagtail.search.backends.opensearch2`` for
  OpenSearch), with a Spanish analyser that folds accents. Then the public search runs on
  that engine too (``search.engine.ExternalEngine``).
"""

import os

DEFAULT_EXTERNAL_ENGINE = "wagtail.search.backends.elasticsearch7"

# Spanish analysis for every text field: lowercase, Spanish stop words, ASCII folding
# (participación = participacion), then the Snowball Spanish stemmer (compromisos =
# compromiso). Folding before stemming matches what search.text does on the database.
SPANISH_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "filter": {
                "spanish_stop": {"type": "stop", "stopwords": "_spanish_"},
                "spanish_stemmer": {"type": "stemmer", "language": "spanish"},
                "spanish_folding": {"type": "asciifolding", "preserve_original": False},
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "spanish_stop", "spanish_folding", "spanish_stemmer"],
                },
            },
        }
    }
}


def external_engine_url(environ=None):
    environ = os.environ if environ is None else environ
    return environ.get("SEARCH_BACKEND_URL", "").strip()


def uses_external_engine(environ=None):
    return bool(external_engine_url(environ))


def wagtailsearch_backends(environ=None, database_engine=""):
    """The ``WAGTAILSEARCH_BACKENDS`` setting for this environment."""
    environ = os.environ if environ is None else environ
    url = external_engine_url(environ)
    if url:
        return {
            "default": {
                "BACKEND": environ.get("SEARCH_BACKEND_ENGINE", "").strip()
                or DEFAULT_EXTERNAL_ENGINE,
                "URLS": [u.strip() for u in url.split(",") if u.strip()],
                # One index per root model: <prefix>wagtailcore_page, <prefix>search_...
                "INDEX_PREFIX": environ.get("SEARCH_BACKEND_INDEX_PREFIX", "ogp_").strip(),
                "TIMEOUT": int(environ.get("SEARCH_BACKEND_TIMEOUT", "5")),
                "ATOMIC_REBUILD": True,
                "INDEX_SETTINGS": SPANISH_INDEX_SETTINGS,
            }
        }
    postgres = "postgresql" in database_engine or "postgis" in database_engine
    return {
        "default": {
            "BACKEND": "cms_blocks.search_backend",
            "SEARCH_CONFIG": "spanish_unaccent" if postgres else "spanish",
        }
    }

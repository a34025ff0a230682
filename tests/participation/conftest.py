import pytest
from django.core.cache import cache

from .helpers import make_consultation


@pytest.fixture(autouse=True)
def clean_cache():
    """Rate-limit counters live in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_consultation(db):
    return make_consultation()

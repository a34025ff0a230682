import os
import secrets

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


# Redis for the tests that need a cache shared by processes: the local server. Without it
# they are skipped locally and fail in CI (CI=true), where they must run.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_available():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False


@pytest.fixture
def redis_url():
    if not redis_available():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis no responde en {REDIS_URL}: en CI estas pruebas deben correr.")
        pytest.skip(f"Redis no responde en {REDIS_URL}")
    return REDIS_URL


@pytest.fixture
def redis_cache(settings, redis_url):
    """The default cache on Redis, under a key prefix of its own (nothing else is touched)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"test-{secrets.token_hex(6)}",
        }
    }
    return settings


@pytest.fixture(params=["locmem", "redis"])
def rate_limit_cache(request, settings):
    """Run a rate-limit test on the per-process cache and on Redis."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    return settings

"""Fixtures of the site-level tests.

``page_cache_backend``: the cache the page-cache tests run on, once per backend: the
per-process default (locmem) and the site's real Redis backend (``FailSoftRedisCache``,
django-redis) on the local server. The Redis runs are marked ``redis``: locally they skip when
Redis does not answer; with CI=true they fail instead, as the browser tests do
(tests/conftest.py), because there they must run.
"""

import os
import secrets

import pytest

from tests.conftest import IN_CI

# A database number of its own (the benchmarks use 12 and 13, the rate-limit tests 0), and a
# key prefix per test, so that parallel runs never see each other's keys.
PAGE_CACHE_REDIS_URL = os.environ.get("TEST_PAGE_CACHE_REDIS_URL", "redis://127.0.0.1:6379/8")


def redis_answers(url):
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - any failure means "not there"
        return False


def redis_cache_settings(url):
    return {
        "default": {
            "BACKEND": "ogp_site.cache.FailSoftRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-page-cache-{secrets.token_hex(6)}",
            "TIMEOUT": 300,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 2,
            },
        }
    }


@pytest.fixture
def redis_page_cache(settings):
    """The default cache on the local Redis, as production configures it (CACHE_URL)."""
    if not redis_answers(PAGE_CACHE_REDIS_URL):
        message = f"Redis does not answer at {PAGE_CACHE_REDIS_URL}"
        if IN_CI:
            pytest.fail(f"{message}: with CI=true the Redis page-cache tests must run.")
        pytest.skip(message)
    settings.CACHES = redis_cache_settings(PAGE_CACHE_REDIS_URL)
    from django.core.cache import cache, caches

    from ogp_site.cache import FailSoftRedisCache

    assert isinstance(caches["default"], FailSoftRedisCache)
    yield cache
    # Every key of this test's prefix, whatever its version (Wagtail keeps its site root
    # paths under version 2, and django-redis' delete_pattern names one version).
    client = caches["default"].client.get_client(write=True)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    for key in client.scan_iter(match=f"{prefix}:*", count=500):
        client.delete(key)


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.redis)])
def page_cache_backend(request):
    """Run a page-cache test on the per-process cache and on the real Redis backend."""
    if request.param == "redis":
        return request.getfixturevalue("redis_page_cache")
    from django.core.cache import cache

    return cache

"""The site's cache backend when ``CACHE_URL`` names Redis."""

from django_redis.cache import RedisCache


class FailSoftRedisCache(RedisCache):
    """Redis down (restarting) is a cache miss, not a 500 (``IGNORE_EXCEPTIONS`` in the
    settings), except for ``incr()``: it still raises, so ``participation/ratelimit.py`` sees
    the failure and lets the request through instead of comparing ``None`` with the limit."""

    def incr(self, *args, **kwargs):
        return self.client.incr(*args, **kwargs)

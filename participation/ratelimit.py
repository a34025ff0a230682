"""Rate limits kept in Django's cache (local memory, or Redis through CACHE_URL).

The client's address is only used, hashed with a key, to name a cache counter that expires
with its window; it is never written to the database nor to a log.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache

# scope: (requests allowed, window in seconds)
DEFAULT_LIMITS = {
    "vote_link_ip": (20, 60 * 60),
    "vote_link_email": (3, 60 * 60),
    "report_ip": (5, 60 * 60),
    "report_attempt_ip": (30, 60 * 60),
    "report_status_ip": (30, 10 * 60),
}


def limit_for(scope):
    configured = getattr(settings, "OGP_RATE_LIMITS", {}) or {}
    return configured.get(scope, DEFAULT_LIMITS[scope])


def client_address(request):
    """REMOTE_ADDR, or the header a trusted proxy sets (OGP_CLIENT_IP_HEADER)."""
    header = getattr(settings, "OGP_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def _fingerprint(value):
    return hmac.new(
        settings.SECRET_KEY.encode(), f"ratelimit:{value}".encode(), hashlib.sha256
    ).hexdigest()[:32]


def hit(scope, identity):
    """Count one request; return False when the scope's limit for ``identity`` is exceeded."""
    allowed, window = limit_for(scope)
    bucket = int(time.time() // window)
    key = f"ogp-rl:{scope}:{_fingerprint(identity)}:{bucket}"
    if cache.add(key, 1, timeout=window):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window)
            count = 1
    return count <= allowed


def hit_ip(scope, request):
    return hit(scope, client_address(request))

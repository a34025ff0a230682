"""Rate limits kept in Django's cache (local memory, or Redis through CACHE_URL).

The client's address is only used, hashed with a key, to name a cache counter that expires
with its window; it is never written to the database nor to a log. While the cache does not
answer (Redis restarting), requests are let through uncounted rather than refused: a vote or
a report is then stored, never lost to a 500.
"""

import hashlib
import hmac
import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

# scope: (requests allowed, window in seconds)
DEFAULT_LIMITS = {
    "vote_link_ip": (20, 60 * 60),
    "vote_link_email": (3, 60 * 60),
    "report_ip": (5, 60 * 60),
    "report_attempt_ip": (30, 60 * 60),
    "report_status_ip": (30, 10 * 60),
    "follow_ip": (20, 60 * 60),
    "follow_email": (3, 60 * 60),
}


MAX_HEADER_LENGTH = 4096  # a longer forwarding header is not parsed (REMOTE_ADDR is used)


def limit_for(scope):
    configured = getattr(settings, "OGP_RATE_LIMITS", {}) or {}
    return configured.get(scope, DEFAULT_LIMITS[scope])


def trusted_proxy_count():
    """OGP_TRUSTED_PROXY_COUNT: how many proxies in front of the site append to the header."""
    try:
        return max(int(getattr(settings, "OGP_TRUSTED_PROXY_COUNT", 0) or 0), 0)
    except (TypeError, ValueError):
        return 0


def _parse_address(value):
    """An IP address from one header entry («1.2.3.4», «1.2.3.4:443», «[2001:db8::1]:443»)."""
    value = value.strip()
    if value.startswith("["):  # [IPv6]:port
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def client_address(request):
    """The client's address, as the outermost trusted proxy saw it.

    With no trusted proxy (``OGP_TRUSTED_PROXY_COUNT`` = 0) it is REMOTE_ADDR and every
    forwarding header is ignored: the client could write any of them. With N trusted proxies,
    each appends the address it received the request from to ``X-Forwarded-For`` (or to the
    header named by ``OGP_CLIENT_IP_HEADER``), so the last N entries were written by them and
    the N-th from the right is the client's: the address the last trusted proxy appended. What
    the client wrote sits to its left and is never read. A header with fewer entries holds only
    proxies' entries: its leftmost is used. A malformed entry falls back to REMOTE_ADDR.
    """
    remote = _parse_address(request.META.get("REMOTE_ADDR", "")) or ""
    proxies = trusted_proxy_count()
    if not proxies:
        return remote
    header = getattr(settings, "OGP_CLIENT_IP_HEADER", "") or "HTTP_X_FORWARDED_FOR"
    raw = request.META.get(header, "")
    if not raw or len(raw) > MAX_HEADER_LENGTH:
        return remote
    entries = raw.split(",")
    entry = entries[-proxies] if len(entries) >= proxies else entries[0]
    return _parse_address(entry) or remote


def rate_limit_identity(address):
    """The bucket of an address: itself for IPv4, its /64 network for IPv6.

    One IPv6 subscriber usually holds a whole /64 and could otherwise rotate addresses.
    """
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _fingerprint(value):
    return hmac.new(
        settings.SECRET_KEY.encode(), f"ratelimit:{value}".encode(), hashlib.sha256
    ).hexdigest()[:32]


def hit(scope, identity):
    """Count one request; return False when the scope's limit for ``identity`` is exceeded."""
    allowed, window = limit_for(scope)
    bucket = int(time.time() // window)
    key = f"ogp-rl:{scope}:{_fingerprint(identity)}:{bucket}"
    try:
        if cache.add(key, 1, timeout=window):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.set(key, 1, timeout=window)
                count = 1
    except Exception:  # the cache is down (Redis restarting): let the request through
        logger.warning("Límite de frecuencia sin contar: la caché no responde.", exc_info=True)
        return True
    return count <= allowed


def hit_ip(scope, request):
    return hit(scope, rate_limit_identity(client_address(request)))

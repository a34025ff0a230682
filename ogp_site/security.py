"""Login lockout (django-axes) and password-reset throttling for the Wagtail admin.

- ``client_ip``: the client's address for axes, the same one the site's rate limits use
  (``participation.ratelimit.client_address``, which knows the trusted proxies).
- ``lockout_response``: the Spanish page axes answers with while a login is locked out.
- ``password_reset_refused``: the password-reset throttle, counted in Django's cache.
- ``TestClientAxesBackend``: only for ``settings/test.py`` (see its docstring).
"""

import hashlib
import hmac
import math
import time

from axes.backends import AxesBackend
from axes.helpers import get_cool_off
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

# (requests allowed, window in seconds), for each client address and for each e-mail address.
DEFAULT_PASSWORD_RESET_LIMIT = (5, 60 * 60)


def client_ip(request):
    from participation.ratelimit import client_address

    return client_address(request) or None


def minutes(delta):
    return max(1, math.ceil(delta.total_seconds() / 60))


def lockout_response(request, original_response=None, credentials=None):
    """Axes' lockout answer: a Spanish page (HTTP 429), never the login form's generic error."""
    cool_off = get_cool_off(request)
    context = {"cooloff_minutes": minutes(cool_off) if cool_off else None}
    return render(request, "security/login_locked.html", context, status=429)


def _fingerprint(value):
    return hmac.new(
        settings.SECRET_KEY.encode(), f"password-reset:{value}".encode(), hashlib.sha256
    ).hexdigest()[:32]


def _count(identity, window):
    bucket = int(time.time() // window)
    key = f"ogp-pwreset:{_fingerprint(identity)}:{bucket}"
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1


def password_reset_refused(request):
    """Count one password-reset request; return the refusal page once over the limit."""
    allowed, window = getattr(settings, "OGP_PASSWORD_RESET_LIMIT", DEFAULT_PASSWORD_RESET_LIMIT)
    email = request.POST.get("email", "").strip().lower()
    identities = [f"ip:{client_ip(request) or ''}"]
    if email:
        identities.append(f"email:{email}")
    counts = [_count(identity, window) for identity in identities]
    if max(counts) <= allowed:
        return None
    context = {"window_minutes": max(1, window // 60)}
    response = render(request, "security/password_reset_throttled.html", context, status=429)
    response["Retry-After"] = str(window)
    return response


class TestClientAxesBackend(AxesBackend):
    """Axes for the test settings, where Django's test client logs in without a request.

    - ``Client.login()`` (and Wagtail's ``WagtailTestUtils.login()``) call ``authenticate()``
      with no request, which axes' backend refuses with an exception: this backend lets only
      those calls through unchecked. Every login over HTTP has a request and goes through
      axes as in production.
    - ``Client.force_login()`` records the first backend in the session, which must then
      load the user: ``AxesBackend`` is axes' check plus Django's ``ModelBackend``.

    Never use it outside ``settings/test.py``.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

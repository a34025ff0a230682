"""A WSGI app for the multi-process tests: each request counts one hit of «report_ip».

Run by gunicorn in tests/participation/test_shared_cache.py, with the test settings and the
cache that CACHE_URL names; it answers «<worker pid> <1 if allowed, else 0>».
"""

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp_site.settings.test")

import django  # noqa: E402

django.setup()

from django.core.handlers.wsgi import WSGIRequest  # noqa: E402

from participation import ratelimit  # noqa: E402


def application(environ, start_response):
    request = WSGIRequest(environ)
    # Long enough that concurrent requests spread over both workers.
    time.sleep(float(os.environ.get("RATELIMIT_APP_SLEEP", "0.05")))
    allowed = ratelimit.hit_ip("report_ip", request)
    body = f"{os.getpid()} {int(allowed)}".encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]

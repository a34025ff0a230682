from .base import *  # noqa: F401,F403
from .base import os

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Django's Client.login() authenticates without a request, which axes' backend refuses;
# logins over HTTP still go through axes (ogp_site.security.TestClientAxesBackend).
AUTHENTICATION_BACKENDS = [
    "ogp_site.security.TestClientAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", "/tmp/ogp-test-media")
# The public address is the test client's host; tests of host independence override it.
OGP_PUBLIC_URL = CMS_BLOCKS_PUBLIC_URL = WAGTAILAPI_BASE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files come from the finders (no collectstatic in tests).
MIDDLEWARE = [m for m in MIDDLEWARE if "whitenoise" not in m]  # noqa: F405
# One connection per test: Django's persistent connections (production's DB_CONN_MAX_AGE) outlive
# the flushes of transactional and live-server tests on PostgreSQL.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

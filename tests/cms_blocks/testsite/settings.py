"""The extension's own test site: cms_blocks alone, in the way wagtail-localize's
``tests/testapp`` tests that package (no ``home``, ``search``, ``participation`` nor
``ogp_site``). One page type (``TestPage``, a StreamField of ``CONTENT_BLOCKS``), a ten-line
base template, the settings an adopter writes (docs/adopting.md). SQLite by default,
PostgreSQL through ``DATABASE_URL``.

Run: ``pytest tests/cms_blocks --ds=tests.cms_blocks.testsite.settings`` (``make test`` does).
"""

import os
from pathlib import Path

import dj_database_url

HERE = Path(__file__).resolve().parent

SECRET_KEY = "cms-blocks-test-site-only"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "tests.cms_blocks.testsite.urls"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "tests.cms_blocks.testsite",
    "cms_blocks",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cms_blocks.context_processors.cms_blocks",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{HERE / 'testsite.sqlite3'}")}

# Another city than the micrositio's: Spanish (Mexico), Mexico City time.
LANGUAGE_CODE = "es-mx"
LANGUAGES = [("es-mx", "Español (México)")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "America/Mexico_City"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", "/tmp/cms-blocks-test-media")
MEDIA_URL = "/media/"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

WAGTAIL_SITE_NAME = "Sitio de prueba de cms_blocks"
WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://testserver"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms_blocks.search_backend"}}
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = False

# The extension's settings (cms_blocks.conf).
CMS_BLOCKS_BASE_TEMPLATE = "base.html"
CMS_BLOCKS_PUBLIC_URL = "http://testserver"

"""Settings shared by every environment. Configuration comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "si", "sí"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    "home",
    "search",
    "cms_blocks",
    "participation",
    # Translation of pages and snippets (issue 12): wagtail-localize's editor, its locale admin.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
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
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The database down: a Spanish 503 saying what was not saved (ogp_site.db_unavailable).
    "ogp_site.db_unavailable.DatabaseUnavailableMiddleware",
    "ogp_site.request_guard.RejectControlCharactersMiddleware",
    # The ETag and 304 answers, for cached pages too; then the anonymous full-page cache,
    # outside the CSP middleware so that a stored page keeps its headers.
    "django.middleware.http.ConditionalGetMiddleware",
    "ogp_site.page_cache.PageCacheMiddleware",
    "ogp_site.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the URL alone: Spanish at the root, English under /en/ (issue 12).
    "ogp_site.languages.PathLocaleMiddleware",
    # Under /en/, the extension's snippets show their approved English text (issue 12).
    "cms_blocks.middleware.TranslatedContentMiddleware",
    "django.middleware.common.CommonMiddleware",
    "home.fragments.CachedSiteMiddleware",  # the Wagtail Site from the cache, no query
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "ogp_site.middleware.PasswordResetThrottleMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ogp_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms_blocks.context_processors.cms_blocks",
                "ogp_site.accessibility.preferences",
            ],
        },
    },
]

WSGI_APPLICATION = "ogp_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A reused connection is checked before each request: after a database restart the
        # worker reconnects instead of answering 500 (benchmarks/loadtest.py).
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out login before any backend checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Spanish (Colombia) first, English second (issue 12), Bogotá time. Spanish pages stay at the
# root; English ones are under /en/ (ogp_site.urls, i18n_patterns). Each language's name is in
# that language, as a language switcher shows it.
LANGUAGE_CODE = "es-co"
LANGUAGES = [("es-co", "Español"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# The admin speaks each user's preferred language (Account → Preferences), Spanish by default.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("es", "Español"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]  # the site's catalogues and its Spanish overrides of Wagtail's
# A translation stays a draft until a reviewer approves it through the workflow, as the
# Spanish original did (wagtail-localize would otherwise publish it when it is created).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Cache: local memory by default, Redis through CACHE_URL (redis://...) for several workers.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith("redis"):
    CACHES = {
        "default": {
            "BACKEND": "ogp_site.cache.FailSoftRedisCache",  # Redis down is a cache miss
            "LOCATION": CACHE_URL,
            "TIMEOUT": 300,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 2,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ogp-micrositio",
        }
    }

# Full-page cache for anonymous visitors (ogp_site.page_cache): on unless OGP_PAGE_CACHE=0.
OGP_PAGE_CACHE = os.environ.get("OGP_PAGE_CACHE", "1") != "0"
OGP_PAGE_CACHE_TIMEOUT = int(os.environ.get("OGP_PAGE_CACHE_TIMEOUT", "60"))

# Wagtail
WAGTAIL_SITE_NAME = "Gobierno Abierto Cartagena de Indias"
# The site's public address (scheme://host[:port], no path): every absolute URL (sitemap, API,
# feeds, QR codes, e-mails) is built on it, never on the host a request came to. `migrate` and
# `load_plan` write it into the default Wagtail Site (hostname and port), which pages use.
OGP_PUBLIC_URL = os.environ.get("OGP_PUBLIC_URL", "http://localhost:8000").strip().rstrip("/")
CMS_BLOCKS_PUBLIC_URL = OGP_PUBLIC_URL  # the extension's setting (cms_blocks.public_urls)

# Moderation (cms_blocks.moderation.roles): the micrositio's names for the extension's roles,
# its review task (a comment is required to send back) and its roots.
CMS_BLOCKS_EDITORS_GROUP = "Editores (Comunicaciones)"
CMS_BLOCKS_REVIEWERS_GROUP = "Revisores (Transparencia)"
CMS_BLOCKS_ADMINISTRATORS_GROUP = "Administradores"
CMS_BLOCKS_WORKFLOW_NAME = "Revisión del micrositio"
CMS_BLOCKS_REVIEW_TASK_NAME = "Aprobación de Revisores (Transparencia)"
CMS_BLOCKS_REVIEW_TASK_MODEL = "home.ReviewTask"
CMS_BLOCKS_MODERATED_ROOT_PAGE_MODELS = ["home.HomePage"]
WAGTAILAPI_BASE_URL = OGP_PUBLIC_URL  # the API's detail_url
# The admin's address in moderation e-mails: the public one unless the admin has its own host.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", OGP_PUBLIC_URL).rstrip("/")
# No call from the admin to releases.wagtail.org (no request to a third-party host); updates
# are followed through pip and the release notes.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# At most 60 million pixels an upload (a 50-megapixel phone photo fits), below Pillow's own
# decompression-bomb warning (89 million); past it the upload is a Spanish form error
# (ogp_site.images.ImageForm turns Pillow's DecompressionBombError into one).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 60_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "ogp_site.images.ImageForm"
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# False (Wagtail's default): with True, Wagtail 7.4's snippet editor saves an unchanged
# revision before "Approve" and so restarts the task instead of publishing. The workflow has
# a single task and editors are locked out while it runs, so nothing skips review.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = False
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = True
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Day first in every admin language: ogp_site/formats/en reads English input the same way.
FORMAT_MODULE_PATH = ["ogp_site.formats"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# No avatars from Gravatar: no page, public or admin, requests a third-party host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Database backend (PostgreSQL: "spanish_unaccent", created by search/migrations), or
# OpenSearch/Elasticsearch with a Spanish analyser when SEARCH_BACKEND_URL is set.
from search.conf import wagtailsearch_backends  # noqa: E402

WAGTAILSEARCH_BACKENDS = wagtailsearch_backends(os.environ, DATABASES["default"]["ENGINE"])

# Wagtail background tasks run immediately (no worker needed).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# E-mail: console in development; SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Gobierno Abierto Cartagena <gobiernoabierto@cartagena.gov.co>"
)
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
# Moderation e-mails: reviewers on submission, the author on approval or sending back.
# Superusers are not copied on every submission (they are not the reviewers).
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Who receives notices of new reports of irregularities.
OGP_TRANSPARENCY_EMAIL = os.environ.get(
    "OGP_TRANSPARENCY_EMAIL", "transparenciayanticorrupcion@cartagena.gov.co"
)

# Citizen participation (participation/):
# - the key of the voters' HMAC digests (empty: SECRET_KEY); keep it for a consultation's life;
# - where report attachments are kept, outside MEDIA_ROOT, never served publicly
#   (empty: MEDIA_ROOT + "-private");
# - the client's address, for the rate limits and the login lockout: REMOTE_ADDR unless
#   OGP_TRUSTED_PROXY_COUNT proxies stand in front, each appending to X-Forwarded-For (or to
#   OGP_CLIENT_IP_HEADER, e.g. HTTP_X_REAL_IP); then the entry the last trusted proxy appended
#   (the N-th from the right) is the client's, never the leftmost (participation.ratelimit).
OGP_VOTER_HASH_KEY = os.environ.get("OGP_VOTER_HASH_KEY", "")
OGP_PRIVATE_MEDIA_ROOT = os.environ.get("OGP_PRIVATE_MEDIA_ROOT", "")
OGP_CLIENT_IP_HEADER = os.environ.get("OGP_CLIENT_IP_HEADER", "")
OGP_TRUSTED_PROXY_COUNT = int(
    os.environ.get("OGP_TRUSTED_PROXY_COUNT", "1" if OGP_CLIENT_IP_HEADER else "0")
)
# Secret ballot: ballots are counted in shuffled batches of at least this many
# (participation/ballot_box.py); live results move in steps of that size.
OGP_BALLOT_MIX_SIZE = int(os.environ.get("OGP_BALLOT_MIX_SIZE", "10"))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# No page is framed, except the admin's previews (Wagtail's preview views answer SAMEORIGIN
# themselves, and the admin's CSP says frame-ancestors 'self').
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp). Public pages: everything from this origin, no inline
# script (an inline <script> or <style> element needs request.csp_nonce), no plugins, no
# framing by other sites, and no inline style attribute either (the progress bars are SVG:
# their width is an SVG attribute, not a style).
# Media served from another origin (object storage, a CDN) is named in OGP_CSP_MEDIA_ORIGINS
# (comma-separated, e.g. https://medios.example.org).
OGP_CSP_MEDIA_ORIGINS = env_list("OGP_CSP_MEDIA_ORIGINS")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:", *OGP_CSP_MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", *OGP_CSP_MEDIA_ORIGINS],
        "object-src": ["'none'"],
        "frame-src": ["'self'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin (every path under /admin/, see ogp_site.middleware): what Wagtail 7.4's
# admin needs, as measured in Chromium (tests/browser/test_csp_browser.py): its editors emit
# inline <script> elements (widget set-up) and its vendor bundle inserts inline scripts and
# styles, so script-src and style-src need 'unsafe-inline' (and no nonce, which would void
# it). No 'unsafe-eval' is needed; image uploads preview through blob: URLs.
OGP_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *OGP_CSP_MEDIA_ORIGINS],
        "frame-ancestors": ["'self'"],
    }
}
# The API (/api/v2/): JSON, and for a browser Django REST framework's browsable page, whose
# template writes the code highlighting's CSS in an inline <style>. Scripts stay strict.
OGP_API_CONTENT_SECURITY_POLICY = {
    "PATH_PREFIX": "/api/",
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "style-src": ["'self'", "'unsafe-inline'"],
    },
}

# Permissions-Policy (django-permissions-policy): no page uses these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

# Login lockout (django-axes, its records in the database): after AXES_FAILURE_LIMIT wrong
# passwords for one username from one address, that pair is refused, even with the right
# password, until AXES_COOLOFF_TIME has passed since the last attempt. The address is the
# one the rate limits use (participation.ratelimit.client_address: the trusted proxy's).
AXES_FAILURE_LIMIT = int(os.environ.get("OGP_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("OGP_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "ogp_site.security.client_ip"
AXES_LOCKOUT_CALLABLE = "ogp_site.security.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Password reset requests allowed per client address and per e-mail address, per window (s).
OGP_PASSWORD_RESET_LIMIT = (5, 60 * 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

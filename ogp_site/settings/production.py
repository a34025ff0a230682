"""Production: everything secret or host-specific comes from the environment."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env_bool, env_list, os

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("Defina la variable de entorno SECRET_KEY.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Defina ALLOWED_HOSTS (nombres separados por comas).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Every absolute URL names the public host: it must be said, not defaulted to localhost.
if not os.environ.get("OGP_PUBLIC_URL"):
    raise ImproperlyConfigured(
        "Defina OGP_PUBLIC_URL, la dirección pública del sitio (p. ej. https://servidor)."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The header allows a submission to the browsers' HSTS preload list; submitting the domain
# is a separate decision of its owner. SECURE_HSTS_PRELOAD=false leaves "preload" out.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# SMTP from the environment.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)

# Media (docs/deploy.md). Django never serves /media/ itself in production (ogp_site/urls.py
# adds that view only with DEBUG): either
# - MEDIA_STORAGE=filesystem (the default): files in MEDIA_ROOT, served by the web server in
#   front (nginx: `location /media/ { alias <MEDIA_ROOT>/; }`), or
# - MEDIA_STORAGE=s3: S3-compatible object storage through django-storages (pip install
#   ".[s3]"); the bucket's public origin must be in OGP_CSP_MEDIA_ORIGINS, or the CSP blocks
#   every image.
# Report attachments never go there: participation.models.PrivateReportStorage keeps them on
# the filesystem, in OGP_PRIVATE_MEDIA_ROOT, which must lie outside MEDIA_ROOT.
MEDIA_STORAGE = (
    os.environ.get(
        "MEDIA_STORAGE", "s3" if os.environ.get("AWS_STORAGE_BUCKET_NAME") else "filesystem"
    )
    .strip()
    .lower()
)
if MEDIA_STORAGE == "s3":
    import importlib.util
    from urllib.parse import urlsplit

    AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3: defina AWS_STORAGE_BUCKET_NAME.")
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    if AWS_S3_CUSTOM_DOMAIN:
        _media_origin = f"https://{AWS_S3_CUSTOM_DOMAIN}"
    elif AWS_S3_ENDPOINT_URL:
        _endpoint = urlsplit(AWS_S3_ENDPOINT_URL)
        _media_origin = f"{_endpoint.scheme}://{_endpoint.netloc}"
    else:
        _media_origin = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
    if _media_origin not in OGP_CSP_MEDIA_ORIGINS:  # noqa: F405
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE=s3: agregue {_media_origin} a OGP_CSP_MEDIA_ORIGINS; sin ese "
            "origen la política de seguridad (CSP) bloquea las imágenes."
        )
    if not (importlib.util.find_spec("storages") and importlib.util.find_spec("boto3")):
        raise ImproperlyConfigured(
            'MEDIA_STORAGE=s3 necesita django-storages y boto3: pip install ".[s3]".'
        )
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # boto3 reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment.
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            # Public media: plain URLs (no expiring signatures in cached pages), no overwrite.
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured("MEDIA_STORAGE debe ser «filesystem» o «s3».")

# `manage.py collectstatic` writes here; the web server (or whitenoise) serves /static/.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", STATIC_ROOT))  # noqa: F405

# Report attachments are private: their folder must not be under the public one.
_private_root = Path(OGP_PRIVATE_MEDIA_ROOT or f"{MEDIA_ROOT}-private").resolve()  # noqa: F405
if _private_root.is_relative_to(Path(MEDIA_ROOT).resolve()):  # noqa: F405
    raise ImproperlyConfigured(
        "OGP_PRIVATE_MEDIA_ROOT está dentro de MEDIA_ROOT: los adjuntos de las denuncias "
        "quedarían publicados. Use una carpeta fuera de MEDIA_ROOT."
    )

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405

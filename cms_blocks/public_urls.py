"""The site's public address, for every absolute URL the extension writes.

A sitemap, the API, an RSS feed, a QR code printed on a billboard or a link in an e-mail must
name the site's public host, never the host a request happened to reach (an internal name, a
proxy's address, a crafted ``Host`` header). The address comes from configuration:

- ``settings.CMS_BLOCKS_PUBLIC_URL`` (``scheme://host[:port]``, no path), when set;
- otherwise the root URL of the default Wagtail ``Site`` (``hostname`` and ``port``).

Pages keep Wagtail's rule: their absolute URL is their own ``Site``'s root URL
(``Page.get_full_url``), so a page of another site keeps that site's host. A site that sets
``CMS_BLOCKS_PUBLIC_URL`` applies the same address to its default ``Site`` with
``apply_public_url_to_site()`` so that pages and the rest agree.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def configured_public_url():
    """``CMS_BLOCKS_PUBLIC_URL`` without its trailing slash, or ``""`` when unset."""
    return (getattr(settings, "CMS_BLOCKS_PUBLIC_URL", "") or "").strip().rstrip("/")


def public_base_url(request=None):
    """``scheme://host[:port]`` of the public site (no trailing slash), or ``""``.

    Without the setting, the default Site is read once per ``request`` when one is given.
    """
    configured = configured_public_url()
    if configured:
        return configured
    cached = getattr(request, "_cms_blocks_public_base_url", None)
    if cached is not None:
        return cached
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
    base = site.root_url if site is not None else ""
    if request is not None:
        request._cms_blocks_public_base_url = base
    return base


def is_absolute(url):
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def public_url(path_or_url, base=None, request=None):
    """The absolute public URL of a path (``/compromisos/x/``); an absolute URL is kept.

    ``base`` (from ``public_base_url()``) or ``request`` saves a query per URL when many are
    built at once and no address is configured. The request's host is never used.
    """
    if not path_or_url or is_absolute(path_or_url):
        return path_or_url
    if base is None:
        base = public_base_url(request)
    if not path_or_url.startswith("/"):
        path_or_url = "/" + path_or_url
    return base + path_or_url


def page_public_url(page, request=None):
    """The absolute URL of a page on its own Wagtail ``Site``, or None if not routable."""
    return page.get_full_url(request=request)


def site_address(url):
    """``(hostname, port)`` for a Wagtail ``Site`` from ``scheme://host[:port]``.

    A ``Site`` writes ``http://host`` for port 80, ``https://host`` for port 443 and
    ``http://host:port`` otherwise, so HTTPS on another port cannot be represented.
    """
    parts = urlsplit((url or "").strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"La dirección pública «{url}» no es válida: use http://servidor[:puerto] "
            "o https://servidor."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"La dirección pública «{url}» no puede llevar ruta: el sitio se sirve en la raíz."
        )
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if parts.scheme == "https" and port != 443:
        raise ImproperlyConfigured(
            f"La dirección pública «{url}»: HTTPS solo se admite en el puerto 443."
        )
    return parts.hostname, port


def apply_public_url_to_site(url=None, site=None):
    """Write the public address into the default ``Site`` (or ``site``); True if it changed.

    ``url`` defaults to ``CMS_BLOCKS_PUBLIC_URL``; with neither, nothing changes.
    """
    url = url or configured_public_url()
    if not url:
        return False
    hostname, port = site_address(url)
    from wagtail.models import Site

    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return False
    if Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
        raise ImproperlyConfigured(
            f"Otro sitio de Wagtail ya usa {hostname}:{port}; no se aplicó la dirección pública."
        )
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return True

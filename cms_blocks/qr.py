"""QR codes for commitments and public pages: SVG, print-size PNG and a printable sheet.

Every QR code holds the *absolute public URL* of what it points to, on the configured public
address (``cms_blocks.public_urls``: ``CMS_BLOCKS_PUBLIC_URL``, else the default Site) and, for
pages, on the root URL of the Wagtail ``Site`` the page belongs to. It never depends on the host
a request came to: a code printed from an internal host or behind a proxy still points to the
public site.

URLs (in ``cms_blocks.urls``):

- ``/compromisos/<slug>/qr.svg``, ``/compromisos/<slug>/qr.png``, ``/compromisos/<slug>/qr/``
- ``/qr/pagina/<page_id>.svg``, ``/qr/pagina/<page_id>.png``, ``/qr/pagina/<page_id>/``

cms_blocks does not know the site's page types: pages are read through Wagtail's ``Page``.
"""

import io
import math

import segno
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from . import queries
from .public_urls import public_url

# Error correction Q (25 % of the symbol can be lost): billboards get dirty and weathered.
ERROR_CORRECTION = "q"
# The PNG is at least this wide, in pixels: 10 cm at 300 dpi, enough for a letter sheet; the SVG
# scales to any size (billboards).
PNG_MIN_PIXELS = 1200
PNG_DPI = 300
QUIET_ZONE = 4  # modules; the QR standard's minimum
CACHE_SECONDS = 60 * 60

# Printable sheet sizes: key -> (label, width mm, height mm, margin mm).
SHEET_SIZES = {
    "carta": (gettext_lazy("Carta (21,6 × 27,9 cm)"), 216, 279, 15),
    "a4": (gettext_lazy("A4 (21 × 29,7 cm)"), 210, 297, 15),
    "valla": (gettext_lazy("Valla de obra (100 × 70 cm, horizontal)"), 1000, 700, 40),
}
DEFAULT_SHEET = "carta"


def make_qr(url):
    return segno.make_qr(url, error=ERROR_CORRECTION, boost_error=False)


def png_scale(qr, min_pixels=PNG_MIN_PIXELS):
    """Pixels per module so that the whole symbol (quiet zone included) is ≥ min_pixels."""
    width, _height = qr.symbol_size(scale=1, border=QUIET_ZONE)
    return max(1, math.ceil(min_pixels / width))


def qr_png(url, min_pixels=PNG_MIN_PIXELS):
    qr = make_qr(url)
    out = io.BytesIO()
    qr.save(out, kind="png", scale=png_scale(qr, min_pixels), border=QUIET_ZONE, dpi=PNG_DPI)
    return out.getvalue()


def qr_svg(url, title=""):
    qr = make_qr(url)
    out = io.BytesIO()
    # unit="mm" with scale 1: each module is 1 mm at 100 %; the sheet sizes it with CSS.
    qr.save(
        out,
        kind="svg",
        scale=1,
        border=QUIET_ZONE,
        xmldecl=True,
        title=title or url,
        unit="mm",
    )
    return out.getvalue()


def absolute_url(request, path_or_url):
    """The public URL of a path: the configured address, whatever host the request came to."""
    return public_url(path_or_url)


def page_public_url(request, page):
    """The absolute URL of a live, public page, or None if it is not routable on any site."""
    return page.get_full_url(request=request)


def _qr_response(request, url, fmt, filename, title=""):
    if fmt == "png":
        response = HttpResponse(qr_png(url), content_type="image/png")
    elif fmt == "svg":
        response = HttpResponse(qr_svg(url, title=title), content_type="image/svg+xml")
    else:  # pragma: no cover - the URL pattern allows only these two
        raise Http404
    download = request.GET.get("descargar") == "1"
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.{fmt}"'
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def _public_commitment(slug):
    return get_object_or_404(queries.commitments(), slug=slug)


def _public_page(page_id):
    page = Page.objects.live().public().filter(depth__gt=1, pk=page_id).specific().first()
    if page is None:
        raise Http404
    return page


def sheet_size(request):
    key = request.GET.get("tamano", DEFAULT_SHEET)
    if key not in SHEET_SIZES:
        key = DEFAULT_SHEET
    label, width, height, margin = SHEET_SIZES[key]
    short = min(width, height) - 2 * margin
    landscape = width > height
    return {
        "key": key,
        "label": label,
        "width": width,
        "height": height,
        "margin": margin,
        "landscape": landscape,
        # Sizes in millimetres for the print stylesheet, proportional to the sheet.
        "qr_mm": round(short * (0.8 if landscape else 0.62)),
        "font_mm": round(short / 42, 2),
        "choices": [(k, v[0]) for k, v in SHEET_SIZES.items()],
    }


def _site_name(request):
    site = Site.find_for_request(request)
    return (site.site_name if site and site.site_name else "") or _("Gobierno Abierto")


# -- commitments ----------------------------------------------------------------------------


@require_safe
def commitment_qr(request, slug, fmt):
    commitment = _public_commitment(slug)
    url = absolute_url(request, commitment.get_absolute_url())
    return _qr_response(request, url, fmt, f"qr-{commitment.slug}", title=commitment.title)


@require_safe
def commitment_qr_sheet(request, slug):
    commitment = _public_commitment(slug)
    detail_url = commitment.get_absolute_url()
    return render(
        request,
        "cms_blocks/qr/sheet.html",
        {
            "page_title": _("Código QR: %(title)s") % {"title": commitment.title},
            "sheet_title": commitment.title,
            "commitment": commitment,
            "lead_institution": commitment.public.lead_institution,
            "actors": commitment.public.supporting_actors,
            "public_url": absolute_url(request, detail_url),
            "back_url": detail_url,
            "svg_url": reverse("cms_blocks:commitment_qr", args=[commitment.slug, "svg"]),
            "png_url": reverse("cms_blocks:commitment_qr", args=[commitment.slug, "png"]),
            "size": sheet_size(request),
            "site_name": _site_name(request),
            "breadcrumbs": [
                (_("Inicio"), "/"),
                (_("Compromisos"), reverse("cms_blocks:commitment_list")),
                (commitment.title, detail_url),
                (_("Código QR"), None),
            ],
        },
    )


# -- pages ------------------------------------------------------------------------------------


@require_safe
def page_qr(request, page_id, fmt):
    page = _public_page(page_id)
    url = page_public_url(request, page)
    if url is None:
        raise Http404
    return _qr_response(request, url, fmt, f"qr-{page.slug}", title=page.title)


@require_safe
def page_qr_sheet(request, page_id):
    page = _public_page(page_id)
    url = page_public_url(request, page)
    if url is None:
        raise Http404
    return render(
        request,
        "cms_blocks/qr/sheet.html",
        {
            "page_title": _("Código QR: %(title)s") % {"title": page.title},
            "sheet_title": page.title,
            "sheet_intro": getattr(page, "intro", "") or page.search_description,
            "public_url": url,
            "back_url": url,
            "svg_url": reverse("cms_blocks:page_qr", args=[page.pk, "svg"]),
            "png_url": reverse("cms_blocks:page_qr", args=[page.pk, "png"]),
            "size": sheet_size(request),
            "site_name": _site_name(request),
            "breadcrumbs": [
                *([(_("Inicio"), "/")] if page.depth > 2 else []),
                (page.title, url),
                (_("Código QR"), None),
            ],
        },
    )

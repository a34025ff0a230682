"""Public open-data views: /datos/ (the catalogue and data dictionary) and the files."""

import hashlib
import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from .datasets import DATASETS, FORMATS, TYPES, ExportContext, download_url
from .formats import CONTENT_TYPES, WRITERS

# Public caches may keep a file this long; ETag revalidation is cheap after that.
MAX_AGE = 300
# Bump when the files' layout changes, so that old ETags stop matching.
FORMAT_VERSION = "1"


def dataset_etag(dataset, fmt, records):
    digest = hashlib.sha256()
    digest.update(f"{FORMAT_VERSION}:{dataset.slug}:{fmt}:".encode())
    digest.update(
        json.dumps([dataset.column_names(), records], default=str, ensure_ascii=False).encode()
    )
    return f'"{digest.hexdigest()[:32]}"'


@require_safe
def download(request, slug, fmt):
    dataset = DATASETS.get(slug)
    if dataset is None or fmt not in FORMATS:
        raise Http404
    records, last_published = dataset.records(ExportContext(request))
    etag = dataset_etag(dataset, fmt, records)
    # Conditional requests by ETag only: the ETag is a digest of the content, so it also
    # changes when an object is unpublished or a vote is cast (Last-Modified does not).
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(WRITERS[fmt](dataset, records), content_type=CONTENT_TYPES[fmt])
        disposition = "inline" if fmt == "json" else "attachment"
        response["Content-Disposition"] = f'{disposition}; filename="{dataset.slug}.{fmt}"'
    response["ETag"] = etag
    if last_published is not None:
        response["Last-Modified"] = http_date(last_published.timestamp())
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    response["Access-Control-Allow-Origin"] = "*"
    return response


API_ENDPOINTS = [
    ("commitments", _lazy("compromisos con sus hitos")),
    ("institutions", _lazy("instituciones")),
    ("committee-members", _lazy("integrantes del comité")),
    ("reports", _lazy("informes del monitor")),
    ("consultations", _lazy("consultas y sus resultados")),
    ("pages", _lazy("páginas")),
]


def api_links():
    """(url, label) of the API endpoints the site registered (cms_blocks.api)."""
    links = []
    for name, label in API_ENDPOINTS:
        try:
            links.append((reverse(f"wagtailapi:{name}:listing"), label))
        except NoReverseMatch:
            continue
    return links


@require_safe
def index(request):
    datasets = []
    for dataset in DATASETS.values():
        datasets.append(
            {
                "dataset": dataset,
                "count": dataset.count(),
                "files": [(fmt, download_url(dataset.slug, fmt)) for fmt in FORMATS],
            }
        )
    return render(
        request,
        "cms_blocks/opendata/index.html",
        {
            "datasets": datasets,
            "api_links": api_links(),
            "types": [(key, label, help_text) for key, (label, help_text) in TYPES.items()],
            "page_title": _("Datos abiertos"),
            "breadcrumbs": [(_("Inicio"), "/"), (_("Datos abiertos"), None)],
        },
    )

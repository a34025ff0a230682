"""Public open-data views: the catalogue and data dictionary, and the files.

- /datos/ and /datos/<slug>.<fmt>: every published plan's records (each row says its plan).
- /planes/<plan>/datos/ and /planes/<plan>/datos/<slug>.<fmt>: one published plan's
  (files named «<slug>-<plan>.<fmt>»); the shared datasets (institutions) only at /datos/.

Each exists per language (``/en/datos/…`` with ``i18n_patterns``): the column names, codes,
dates and figures are the same in every language (a stable schema); the values of text
fields are the published translation's where there is one (``cms_blocks.translation``, active
for the request), the source text otherwise; what the code declares (the dataset's title,
the data dictionary) follows the interface language. The file says its language
(``Content-Language``), and its ETag depends on it.
"""

import functools
import hashlib
import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from .. import queries
from ..context import home_crumb
from ..plans import live_plan_or_404, plan_context, plan_crumb
from .datasets import DATASETS, FORMATS, TYPES, ExportContext, count_rows, download_url
from .formats import CONTENT_TYPES, WRITERS

# Public caches may keep a file this long; ETag revalidation is cheap after that.
MAX_AGE = 300
# Bump when the files' layout changes, so that old ETags stop matching.
FORMAT_VERSION = "2"


def dataset_etag(dataset, fmt, records, plan=None, language=None):
    """A digest of the file's content, of which plan's file it is (none: every plan's) and
    of its language (the dictionary and the dataset's title follow it)."""
    digest = hashlib.sha256()
    scope = f"plan={plan.slug}" if plan is not None else "*"
    digest.update(f"{FORMAT_VERSION}:{language or ''}:{scope}:{dataset.slug}:{fmt}:".encode())
    digest.update(
        json.dumps([dataset.column_names(), records], default=str, ensure_ascii=False).encode()
    )
    return f'"{digest.hexdigest()[:32]}"'


def dataset_response(request, dataset, fmt, plan=None):
    records, last_published = dataset.records(ExportContext(request), plan)
    language = get_language()
    etag = dataset_etag(dataset, fmt, records, plan, language)
    # Conditional requests by ETag only: the ETag is a digest of the content, so it also
    # changes when an object is unpublished or a vote is cast (Last-Modified does not).
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(WRITERS[fmt](dataset, records), content_type=CONTENT_TYPES[fmt])
        disposition = "inline" if fmt == "json" else "attachment"
        filename = dataset.filename(fmt, plan)
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["ETag"] = etag
    if language:
        response["Content-Language"] = language
    if last_published is not None:
        response["Last-Modified"] = http_date(last_published.timestamp())
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def download(request, slug, fmt):
    dataset = DATASETS.get(slug)
    if dataset is None or fmt not in FORMATS:
        raise Http404
    return dataset_response(request, dataset, fmt)


@require_safe
def plan_download(request, plan, slug, fmt):
    dataset = DATASETS.get(slug)
    if dataset is None or not dataset.plan_scoped or fmt not in FORMATS:
        raise Http404
    return dataset_response(request, dataset, fmt, live_plan_or_404(plan))


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


@functools.lru_cache(maxsize=64)
def _dictionary_html(slug, language):
    return render_to_string("cms_blocks/opendata/dictionary.html", {"dataset": DATASETS[slug]})


def dictionary_html(dataset):
    """The dataset's data dictionary (its columns, types and descriptions) as HTML. It is
    declared in code, so it is rendered once per process and language: the catalogue page's
    heaviest template work, and the same on every request."""
    return _dictionary_html(dataset.slug, get_language())


def catalogue(plan=None):
    """Every dataset (of ``plan`` only: its plan-scoped ones) with its count and files. The
    counts are read in one query (``count_rows``), whatever the number of datasets."""
    datasets = [d for d in DATASETS.values() if plan is None or d.plan_scoped]
    counts = count_rows(datasets, plan)
    return [
        {
            "dataset": dataset,
            "dictionary": dictionary_html(dataset),
            "count": counts[dataset.slug],
            "files": [(fmt, download_url(dataset.slug, fmt, plan)) for fmt in FORMATS],
        }
        for dataset in datasets
    ]


def types_table():
    return [(key, label, help_text) for key, (label, help_text) in TYPES.items()]


@require_safe
def index(request):
    plans = list(queries.live_plans().order_by("-period_start", "-pk"))
    return render(
        request,
        "cms_blocks/opendata/index.html",
        {
            "datasets": catalogue(),
            "plans": [
                (p, reverse("cms_blocks:plan_opendata_index", kwargs={"plan": p.slug}))
                for p in plans
            ],
            "api_links": api_links(),
            "types": types_table(),
            "page_title": _("Datos abiertos"),
            "breadcrumbs": [(_("Inicio"), "/"), (_("Datos abiertos"), None)],
        },
    )


@require_safe
def plan_index(request, plan):
    """One plan's catalogue: its plan-scoped datasets, and where the shared ones are."""
    plan = live_plan_or_404(plan)
    return render(
        request,
        "cms_blocks/opendata/index.html",
        {
            **plan_context(request, plan, "plan_opendata_index"),
            "datasets": catalogue(plan),
            "shared_datasets": [d for d in DATASETS.values() if not d.plan_scoped],
            "all_plans_url": reverse("cms_blocks:opendata_index"),
            "api_links": api_links(),
            "types": types_table(),
            "page_title": _("Datos abiertos"),
            "breadcrumbs": [home_crumb(), plan_crumb(plan), (_("Datos abiertos"), None)],
        },
    )

"""Structured data (schema.org JSON-LD) for the extension's public objects.

What search engines (and dataset search engines) read of a page besides its text:

- a commitment's page: a ``GovernmentService`` (the public action the commitment is), its
  provider the lead institution (a ``GovernmentOrganization``), its area the plan's
  jurisdiction, its code as ``identifier``;
- a monitor report's page: a ``Report`` by the monitoring organisation (or its authors), about
  the commitment it assesses, with its document;
- the open-data catalogue (``/datos/``) and each plan's: a ``DataCatalog`` whose ``dataset``
  entries are ``Dataset`` objects with one ``DataDownload`` per file format, the data
  dictionary's column names as ``variableMeasured``.

Only published content is described: it reads what the public page already read (the live
objects and their ``obj.public`` relations), so it runs no query of its own. A preview gets
none (``cms_blocks_seo.structured_data`` leaves it out): a draft is not public.

Every URL is absolute on the public address (``cms_blocks.public_urls``). The JSON is written
into an HTML ``<script type="application/ld+json">`` with ``<``, ``>`` and ``&`` escaped as
``\\u003C``…, as Django's ``json_script`` does, so no value can close the element. Browsers do
not run a data block, so the Content-Security-Policy's ``script-src`` does not apply to it.
"""

import html
import json
import re

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .public_urls import public_url

SCHEMA = "https://schema.org"
ENCODING_FORMATS = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def language():
    """The active language as a BCP 47 tag (``es-mx`` → ``es-MX``), as schema.org writes it."""
    code = (get_language() or "es").replace("_", "-")
    lang, _sep, region = code.partition("-")
    return f"{lang}-{region.upper()}" if region else lang


def plain(value):
    """Rich text or plain text as one line of plain text (a tag is a word break)."""
    text = html.unescape(strip_tags(re.sub(r"<[^>]*>", " \\g<0> ", str(value or ""))))
    return " ".join(text.split())


def _compact(data):
    """``data`` without empty values (schema.org wants absent, not null)."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def organization(institution, base=None):
    if institution is None:
        return None
    return _compact(
        {
            "@type": "GovernmentOrganization",
            "name": institution.name,
            "url": institution.website or public_url(institution.get_absolute_url(), base),
        }
    )


def place(plan):
    jurisdiction = getattr(plan, "jurisdiction", "")
    return {"@type": "Place", "name": jurisdiction} if jurisdiction else None


def commitment_data(commitment, base=None):
    """A published commitment as a ``GovernmentService``."""
    plan = commitment.plan
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "GovernmentService",
            "name": commitment.title,
            "description": plain(commitment.summary) or plain(commitment.description),
            "url": public_url(commitment.get_absolute_url(), base),
            "identifier": commitment.code,
            "serviceType": str(commitment.axis) if commitment.axis_id else "",
            "provider": organization(commitment.public.lead_institution, base),
            "areaServed": place(plan),
            "isPartOf": plan_reference(plan, base),
            "inLanguage": language(),
            "dateModified": _date(commitment.last_published_at),
        }
    )


def plan_reference(plan, base=None):
    if plan is None:
        return None
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("cms_blocks:plan_detail", kwargs={"plan": plan.slug})
    except NoReverseMatch:
        url = ""
    return _compact(
        {"@type": "CreativeWork", "name": plan.title, "url": public_url(url, base) if url else ""}
    )


def report_data(report, base=None):
    """A published monitor report as a ``Report``."""
    monitor = organization(report.public.monitor, base)
    if monitor:
        monitor["@type"] = "Organization"  # a monitor is independent of the government
    authors = [{"@type": "Person", "name": name.strip()} for name in report.authors.split(",")]
    commitment = report.public.commitment
    document = report.document
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "Report",
            "name": report.title,
            "headline": report.title[:110],
            "description": plain(report.summary),
            "url": public_url(report.get_absolute_url(), base),
            "datePublished": report.date.isoformat() if report.date else "",
            "author": monitor or [a for a in authors if a["name"]],
            "publisher": monitor,
            "about": (
                _compact(
                    {
                        "@type": "GovernmentService",
                        "name": commitment.title,
                        "url": public_url(commitment.get_absolute_url(), base),
                    }
                )
                if commitment is not None
                else None
            ),
            "associatedMedia": (
                {"@type": "MediaObject", "contentUrl": public_url(document.url, base)}
                if document is not None
                else None
            ),
            "inLanguage": language(),
        }
    )


def dataset_data(entry, catalogue_url, plan=None, base=None):
    """One entry of the open-data catalogue (``{"dataset", "count", "files"}``)."""
    dataset = entry["dataset"]
    name = str(dataset.title)
    if plan is not None:
        name = f"{name} ({plan.title})"
    return _compact(
        {
            "@type": "Dataset",
            "name": name,
            "description": plain(dataset.description) or name,
            "url": f"{catalogue_url}#{dataset.slug}",
            "identifier": dataset.filename("csv", plan).rsplit(".", 1)[0],
            "inLanguage": language(),
            "isAccessibleForFree": True,
            "spatialCoverage": place(plan),
            "variableMeasured": [column.name for column in dataset.columns],
            "distribution": [
                {
                    "@type": "DataDownload",
                    "encodingFormat": ENCODING_FORMATS.get(fmt, fmt),
                    "contentUrl": public_url(url, base),
                    "name": dataset.filename(fmt, plan),
                }
                for fmt, url in entry["files"]
            ],
        }
    )


def catalogue_data(entries, catalogue_path, name, description="", plan=None, base=None):
    """The open-data catalogue as a ``DataCatalog`` of ``Dataset`` entries."""
    url = public_url(catalogue_path, base)
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "DataCatalog",
            "name": str(name),
            "description": plain(description),
            "url": url,
            "inLanguage": language(),
            "dataset": [dataset_data(entry, url, plan, base) for entry in entries],
        }
    )


def _date(value):
    return value.date().isoformat() if value else ""


def json_ld_script(data):
    """``data`` in a ``<script type="application/ld+json">`` element, escaped for HTML."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308

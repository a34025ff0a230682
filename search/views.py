"""The public search: /buscar/?q=…[&tipo=…][&plan=…][&eje=…][&etiqueta=…][&page=…][&format=json].

``plan`` (a published plan's slug) keeps one action plan's documents; ``eje`` (an axis's slug)
is read within the chosen plan, or within the current plan when none is chosen: two plans
may both have an axis «transparencia», and the filter never mixes them. ``etiqueta`` (a tag's
slug) keeps the documents of the commitments and pages that carry that tag.

Languages (issue 12): ``/buscar/`` searches the Spanish documents with the Spanish analysis;
``/en/buscar/`` the English documents with the English analysis, and, with the Spanish
analysis of the same query, the Spanish documents of the content not translated yet (one
list, in the same queries: ``search.engine``). A result not in the page's language has its
``lang`` (``es-CO``) on its title and excerpt, and its link stays in the reader's language
(``/en/…``: the site shows that content in Spanish with a notice).
"""

import logging
import math
import re
from urllib.parse import urlencode

from django.conf import settings
from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

from cms_blocks import queries, validity
from cms_blocks.public_urls import public_url
from cms_blocks.templatetags.cms_blocks_i18n import bcp47

from . import highlight
from .engine import AND, OR, get_engine
from .indexing import (
    ALL_SOURCES,
    PAGES,
    SOURCES_BY_KIND,
    indexed_tags,
    kind_label,
    language_of,
    source_language,
)
from .text import MAX_QUERY_CHARS, ParsedQuery

logger = logging.getLogger(__name__)

PER_PAGE = 10
MAX_PAGE = 1000
# In the reader's language: under /en/ they search the English analysis first.
SUGGESTIONS = [
    gettext_lazy("compromisos"),
    gettext_lazy("comité ciudadano"),
    gettext_lazy("informes del monitor"),
    "Universidad de los Andes",  # a name
    gettext_lazy("códigos QR"),
    gettext_lazy("participación ciudadana"),
    gettext_lazy("denuncias"),
]


def _first(request, *names):
    for name in names:
        value = request.GET.get(name)
        if value is not None:
            return value
    return ""


def _page_number(raw):
    try:
        number = int(str(raw).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def _kinds(request, notices):
    requested = request.GET.getlist("tipo") or request.GET.getlist("type")
    kinds = []
    for value in requested:
        value = value.strip()
        if not value:
            continue
        if value in SOURCES_BY_KIND:
            if value not in kinds:
                kinds.append(value)
        else:
            notices.append(
                _("No existe el tipo de contenido que pidió; mostramos todos los tipos.")
            )
    return kinds


def _plan(request, plans, notices):
    """The published plan named by ``plan`` (its slug), or None (with a notice if unknown).
    The raw value is compared with the plans already read: it never reaches the database."""
    slug = _first(request, "plan").strip()
    if not slug:
        return None
    for plan in plans:
        if plan.slug == slug:
            return plan
    notices.append(_("No existe el plan de acción que pidió; mostramos todos los planes."))
    return None


def _axis(request, axes, axis_plan, notices):
    """The axis named by ``eje`` among ``axes`` (those of ``axis_plan``), or None."""
    slug = _first(request, "eje", "axis").strip()
    if not slug:
        return None
    for axis in axes:
        if axis.slug == slug:
            return axis
    if axis_plan is not None:
        notices.append(
            _(
                "No existe el eje de trabajo que pidió en el plan «%(plan)s»; "
                "mostramos todos los ejes."
            )
            % {"plan": axis_plan.title}
        )
    else:
        notices.append(_("No existe el eje de trabajo que pidió; mostramos todos los ejes."))
    return None


TAG_SLUG = re.compile(r"^[-\w]+$")


def _tag(request, tags, notices):
    """The tag named by ``etiqueta`` (its slug) among the tags of indexed content, or None
    (with a notice if unknown). The raw value is compared with the tags already read."""
    slug = _first(request, "etiqueta", "tag").strip()
    if not slug:
        return None
    if TAG_SLUG.match(slug):
        for tag in tags:
            if tag.slug == slug:
                return tag
    notices.append(_("Ningún contenido publicado tiene la etiqueta que pidió; mostramos todos."))
    return None


def _current_among(plans):
    """The current plan among the published ``plans`` already read, by the rule of
    ``ActionPlanQuerySet.current`` (the one that started last; before any has begun, the first
    to begin): the page reads the plans once, not once more for the current one."""
    today = validity.today()
    newest_first = sorted(plans, key=lambda plan: (plan.period_start, plan.pk), reverse=True)
    for plan in newest_first:
        if plan.period_start <= today:
            return plan
    return newest_first[-1] if newest_first else None


def _plan_options(plans, chosen, current):
    options = []
    for plan in plans:
        label = plan.title
        if current is not None and plan.pk == current.pk:
            label = _("%(title)s (plan vigente)") % {"title": plan.title}
        options.append({"value": plan.slug, "label": label, "selected": plan == chosen})
    return options


def reader_language():
    """The content language of this request (``es-co`` at the root, ``en`` under ``/en/``)."""
    from wagtail.coreutils import get_supported_content_language_variant

    try:
        return get_supported_content_language_variant(translation.get_language()).lower()
    except LookupError:
        return source_language()


def _lang(language):
    """The ``lang`` of content in ``language`` on this page: its BCP 47 code when it differs
    from the page's language (as ``cms_blocks_i18n.content_lang``), else ``""``."""
    active = (translation.get_language() or settings.LANGUAGE_CODE).lower()
    return "" if language.lower() == active else bcp47(language)


def _reader_url(url, language, reader):
    """A result's link in the reader's language: a Spanish document found under ``/en/``
    opens under ``/en/`` (the site shows it in Spanish there, with its notice), so that the
    reader stays in the English site. Resolved in the document's language (no query)."""
    if not url or language == reader:
        return url
    with translation.override(language):
        return translate_url(url, reader)


def _promotions(query, reader):
    """Editors' promoted results for this query: same words, whatever accents or plural.

    ``query``: by the source language's analysis (the editors write the promoted queries in
    Spanish)."""
    if not query.searchable:
        return []
    wanted = sorted(query.terms)
    try:
        matching = [
            q.pk
            for q in Query.objects.filter(editors_picks__isnull=False).distinct()
            if sorted(ParsedQuery(q.query_string).terms) == wanted
        ]
        if not matching:
            return []
        picks = list(
            SearchPromotion.objects.filter(query_id__in=matching)
            .select_related("page")
            .order_by("query_id", "sort_order", "pk")
        )
        visible_pages = set(
            Page.objects.live()
            .public()
            .filter(pk__in=[p.page_id for p in picks if p.page_id])
            .values_list("pk", flat=True)
        )
    except DatabaseError:
        logger.exception("Search promotions unavailable")
        return []
    promotions, seen = [], set()
    for pick in picks:
        language = source_language()  # an external link's text is the editors'
        if pick.page_id:
            if pick.page_id not in visible_pages:
                continue
            language = language_of(pick.page)
            url = _reader_url(pick.page.get_url(), language, reader)
            title = pick.page.title
        else:
            url, title = pick.external_link_url, pick.external_link_text or pick.external_link_url
        if not url or url in seen:
            continue
        seen.add(url)
        promotions.append(
            {
                "title": title,
                "title_html": highlight.highlight(title, query.terms),
                "url": url,
                "type": str(PAGES.label) if pick.page_id else _("Enlace externo"),
                "kind": PAGES.kind if pick.page_id else "enlace",
                "excerpt": highlight.excerpt(
                    [(pick.description, None)], query.terms, language=source_language()
                ),
                "plan": None,
                "promoted": True,
                "language": language,
                "lang": _lang(language),
                # The description is the editors' (Spanish), whatever the page's language.
                "excerpt_lang": _lang(source_language()),
            }
        )
    return promotions


def _plan_of(document):
    plan = document.plan if document.plan_id else None
    if plan is None:
        return None
    return {"slug": plan.slug, "title": plan.title, "lang": _lang(language_of(plan))}


def _result(document, terms, reader):
    """A result; ``terms``: {language: the query's terms by that language's analysis}."""
    language = document.language
    wanted = terms.get(language, ())
    return {
        "plan": _plan_of(document),
        "title": document.title,
        "title_html": highlight.highlight(
            document.title, wanted, document.title_terms, language=language
        ),
        "url": _reader_url(document.url, language, reader),
        "type": str(kind_label(document.kind)),
        "kind": document.kind,
        "excerpt": highlight.excerpt(
            [(document.lead_text, document.lead_terms), (document.body_text, document.body_terms)],
            wanted,
            language=language,
        ),
        "promoted": False,
        "language": language,
        "lang": _lang(language),
        "excerpt_lang": _lang(language),
    }


def _querystring(**params):
    return urlencode({k: v for k, v in params.items() if v not in (None, "", [])}, doseq=True)


@require_safe
def search(request):
    notices = []
    reader = reader_language()
    source = source_language()
    raw = _first(request, "q", "query")
    query = ParsedQuery(raw, language=reader)
    # Under /en/: the same query by the Spanish analysis, for the content not translated yet
    # (the English stop words dropped too).
    fallback = ParsedQuery(raw, language=source, written_in=reader) if reader != source else None
    terms = {reader: query.terms, **({source: fallback.terms} if fallback else {})}
    plans = list(queries.live_plans())
    current = _current_among(plans)
    kinds = _kinds(request, notices)
    plan = _plan(request, plans, notices)
    # The axes are a plan's: those of the chosen plan, else of the current one.
    axis_plan = plan or current
    axes = list(queries.axes(axis_plan).order_by("sort_order", "name")) if axis_plan else []
    axis = _axis(request, axes, axis_plan, notices)
    engine = get_engine()
    # The tags of what the index holds (one query); not offered by an engine that cannot
    # filter by them.
    tags = indexed_tags() if engine.supports_tags else []
    tag = _tag(request, tags, notices) if engine.supports_tags else None
    page_number = _page_number(request.GET.get("page", 1))
    wants_json = request.GET.get("format", "").strip().lower() == "json"

    state = "empty"
    outcome = None
    operator = AND
    promotions = []
    results = []
    if query and not query.searchable:
        state = "odd"
    elif query.searchable:
        if query.truncated or (fallback is not None and fallback.truncated):
            notices.append(
                _(
                    "Su búsqueda es muy larga: buscamos con sus primeras palabras. "
                    "Pruebe con menos palabras."
                )
            )
        arguments = {
            "language": reader,
            "fallback_terms": fallback.terms if fallback else (),
            "kinds": kinds,
            "axis_id": axis.pk if axis else None,
            "plan_id": plan.pk if plan else None,
            "tag_id": tag.pk if tag else None,
            "limit": PER_PAGE,
            "text": query.text[:MAX_QUERY_CHARS],
        }
        try:
            outcome = engine.search(query.terms, offset=(page_number - 1) * PER_PAGE, **arguments)
            several_words = len(query.terms) > 1 or len(arguments["fallback_terms"]) > 1
            if outcome.total == 0 and several_words:
                alternative = engine.search(
                    query.terms, offset=(page_number - 1) * PER_PAGE, operator=OR, **arguments
                )
                if alternative.total:
                    outcome, operator = alternative, OR
            last_page = max(1, math.ceil(outcome.total / PER_PAGE))
            if page_number > last_page:
                page_number = last_page
                outcome = engine.search(
                    query.terms, offset=(page_number - 1) * PER_PAGE, operator=operator, **arguments
                )
        except DatabaseError:
            logger.exception("Search failed for %r", query.text)
            outcome = None
            state = "error"
        if outcome is not None:
            state = "results" if outcome.total else "none"
            results = [_result(d, terms, reader) for d in outcome.documents]
            # Promoted results belong to no plan nor axis: shown only without those filters.
            unscoped = axis is None and plan is None and tag is None
            if page_number == 1 and unscoped and (not kinds or PAGES.kind in kinds):
                promotions = _promotions(fallback or query, reader)
                promoted_urls = {p["url"] for p in promotions}
                results = [r for r in results if r["url"] not in promoted_urls]

    total = outcome.total if outcome else 0
    if wants_json:
        return _json(request, promotions + results, total + len(promotions))

    num_pages = max(1, math.ceil(total / PER_PAGE))
    filters = {
        "q": query.text,
        "tipo": kinds,
        "plan": plan.slug if plan else "",
        "eje": axis.slug if axis else "",
        "etiqueta": tag.slug if tag else "",
    }
    facets = outcome.facets if outcome else {}
    context = {
        "page_title": _("Resultados de la búsqueda") if query else _("Buscar"),
        "search_query": query.text,
        "query": query,
        "state": state,
        "operator_or": operator == OR,
        "notices": notices,
        "results": results,
        "promotions": promotions,
        "total": total,
        "first_number": (page_number - 1) * PER_PAGE + 1,
        "page_number": page_number,
        "num_pages": num_pages,
        "pages": _page_links(page_number, num_pages, filters),
        "previous_url": "?" + _querystring(**filters, page=page_number - 1)
        if page_number > 1
        else "",
        "next_url": "?" + _querystring(**filters, page=page_number + 1)
        if page_number < num_pages
        else "",
        "kind_options": [
            {
                "value": s.kind,
                "label": s.label_plural,
                "count": facets.get(s.kind, 0) if outcome else None,
                "selected": s.kind in kinds,
            }
            for s in ALL_SOURCES
        ],
        "plan_options": _plan_options(plans, plan, current),
        "selected_plan": plan,
        "axis_options": axes,
        "axis_plan": axis_plan,
        "selected_axis": axis,
        "tag_options": tags,
        "selected_tag": tag,
        "has_filters": bool(kinds or axis or plan or tag),
        "unfiltered_url": "?" + _querystring(q=query.text),
        "json_url": "?" + _querystring(**filters, page=page_number, format="json"),
        "suggestions": [{"text": str(s), "url": "?" + _querystring(q=str(s))} for s in SUGGESTIONS],
    }
    return render(request, "search/search.html", context)


def _page_links(current, num_pages, filters):
    """Numbers around the current page, the first and the last; None marks a gap."""
    numbers = sorted({1, num_pages, *range(max(1, current - 2), min(num_pages, current + 2) + 1)})
    links, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            links.append(None)
        links.append(
            {
                "number": number,
                "url": "?" + _querystring(**filters, page=number),
                "current": number == current,
            }
        )
        previous = number
    return links


def _json(request, results, count):
    data = {
        "results": [
            {
                "title": r["title"],
                "url": public_url(r["url"], request=request),
                "type": r["type"],
                "excerpt": str(r["excerpt"]),
                "plan": {"slug": r["plan"]["slug"], "title": r["plan"]["title"]}
                if r["plan"]
                else None,
                "language": bcp47(r["language"]),
            }
            for r in results
        ],
        "count": count,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response

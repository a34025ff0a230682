"""Keeps ``SearchDocument`` true: what is public, as published, and nothing else.

Each indexed kind is a ``Source``: how to find its public objects, its title, URL, axis,
action plan, its *facts* (short labelled fields such as a member's sector or a commitment's
axis, which the excerpt shows as «Sector: …» so that a citizen sees why it matched), and
which other documents depend on it (a committee's members link to the committee's page; a
commitment's reports carry its axis). ``update_object`` always re-reads the object from the
database, because the instance a signal carries may hold an unsaved draft (a
snippet's row is its published version; a page's row is its live version).

Plans: a plan-scoped object (the registry's ``plan_lookup``: a commitment's ``plan``, a
member's ``committee__plan``) is public only while its plan is published, so its document
exists only then, and carries the plan (the ``plan`` filter). A page carries the plan it
presents or sits under (its ``action_plan``) while that plan is published; a page is public
whatever its plan's state, so it stays indexed, with no plan. Institutions and initiatives
belong to no plan. A plan is a searched kind itself, and its publication or unpublication
re-indexes everything in it (``Source.members``).

Languages (issue 12): every page and snippet is indexed in its own language (``language_of``:
its Wagtail locale's, else the source language), with that language's terms and its URL built
in that language (an English page's under ``/en/``). A source-language document whose object
has no document in another language stands in for it: it carries that language's fallback
term (``filter_terms``, kept true by ``sync_fallbacks``), so an English reader finds the
content not translated yet. An English page that is an alias of a Spanish one (the copy that
Wagtail makes of a translated page's parents) is Spanish text: it is not indexed.
"""

import logging
import re
from dataclasses import dataclass, field
from html import unescape

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Manager, Q, Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelsearch.index import RelatedFields, SearchField
from wagtail import blocks
from wagtail.blocks.field_block import BaseChoiceBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms_blocks.models import (
    ActionPlan,
    Axis,
    Commitment,
    Committee,
    CommitteeMember,
    Consultation,
    Initiative,
    Institution,
    MonitorReport,
)
from cms_blocks.plans import plan_of_page
from cms_blocks.registry import searched_kinds

from . import text as T
from .models import SearchDocument
from .models import source_language as _source_language

logger = logging.getLogger(__name__)

TITLE_FIELDS = {"title", "name"}
LEAD_BOOST = 2  # SearchFields with at least this boost weigh more than the body
BATCH = 500


def _nothing(obj):
    return ()


@dataclass(frozen=True)
class Source:
    kind: str
    label: Promise
    label_plural: Promise
    model: type
    title: object = str
    is_visible: object = lambda obj: bool(obj.live)  # noqa: E731
    axis_id: object = lambda obj: None  # noqa: E731
    dependants: object = _nothing
    keywords: object = lambda obj: ""  # noqa: E731  (extra words that find it, not shown)
    # [(label, value)]: shown first in the excerpt as «label: value»; the values are
    # searched (as the lead), the labels are not.
    facts: object = lambda obj: ()  # noqa: E731
    # The model's search fields that the facts replace (not indexed twice).
    fact_fields: frozenset = frozenset()
    # [(weight, text)] for a model without Wagtail search fields; None: its search fields.
    texts: object = None
    # [(weight, text)] shown by the object's page but held by other models (a plan's axes).
    extra_texts: object = _nothing
    select_related: tuple = field(default_factory=tuple)
    # The lookup from the model to its action plan (``cms_blocks.registry``), or None for a
    # kind no plan owns: an object of a plan is public only while that plan is published.
    plan_lookup: str | None = None
    # The object's plan for its document (None: none); by default, through ``plan_lookup``.
    plan_of: object = None
    # What depends on the object only through its being public or its URL (a plan: its
    # axes, commitments, reports, committee...): refreshed only when the object's document
    # appears, disappears or moves, not on every save.
    members: object = _nothing

    def _related(self):
        # The locale of a translatable model: its language without a query per object.
        locale = ["locale"] if _has_field(self.model, "locale") else []
        return (*self.select_related, *([self.plan_lookup] if self.plan_lookup else []), *locale)

    def public_queryset(self):
        queryset = self.model.objects.filter(live=True)
        if self.plan_lookup:
            queryset = queryset.filter(**{f"{self.plan_lookup}__live": True})
        return queryset.select_related(*self._related())

    def fetch(self, pk):
        return self.model.objects.select_related(*self._related()).filter(pk=pk).first()

    def url(self, obj):
        return obj.get_absolute_url()

    def plan(self, obj):
        """The plan of ``obj``'s document, or None."""
        if self.plan_of is not None:
            return self.plan_of(obj)
        if not self.plan_lookup:
            return None
        value = obj
        for name in self.plan_lookup.split("__"):
            value = getattr(value, name, None)
            if value is None:
                return None
        return in_source_language(value)

    def visible(self, obj):
        """Whether ``obj`` is public: its own state, and its plan's when a plan owns it."""
        if not self.is_visible(obj):
            return False
        if not self.plan_lookup:
            return True
        plan = self.plan(obj)
        return plan is not None and bool(plan.live)


def source_language():
    """The language of the site's source content (``es-co``, lower case as Wagtail's locales
    write it): the documents of objects without a locale are in it."""
    return _source_language()


def content_languages():
    """Every content language (``WAGTAIL_CONTENT_LANGUAGES``), the source language first."""
    from wagtail.coreutils import get_content_languages

    source = source_language()
    others = [code.lower() for code in get_content_languages() if code.lower() != source]
    return [source, *others]


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def language_of(obj):
    """The language of ``obj``'s content: its Wagtail locale's (pages; snippets once they are
    translatable), else the source language."""
    if getattr(obj, "locale_id", None) is None:
        return source_language()
    from cms_blocks.templatetags.cms_blocks_i18n import content_language

    return content_language(obj).lower()


def in_source_language(obj):
    """``obj``'s source-language version (a translated plan's documents belong to the plan
    the public site shows, the source one), or ``obj`` itself."""
    if obj is None or language_of(obj) == source_language():
        return obj
    key = getattr(obj, "translation_key", None)
    if key is None:
        return obj
    source = (
        type(obj)
        ._base_manager.filter(translation_key=key, locale__language_code=source_language())
        .first()
    )
    return source if source is not None else obj


def _indexed_page_language(page):
    """A page's language if it is indexed in it; None for an alias in another language than
    the source's (a copy of a Spanish page in the English tree: Spanish text)."""
    language = language_of(page)
    if page.alias_of_id is not None and language != source_language():
        return None
    return language


class PageSource(Source):
    def public_queryset(self):
        foreign_aliases = Q(alias_of__isnull=False) & ~Q(locale__language_code=source_language())
        return (
            Page.objects.live()
            .public()
            .filter(depth__gt=1)
            .exclude(foreign_aliases)
            .select_related("locale")
            .specific()
        )

    def fetch(self, pk):
        page = Page.objects.filter(pk=pk).first()
        return page.specific if page is not None else None

    def url(self, obj):
        return obj.get_url()

    def visible(self, obj):
        return self.is_visible(obj)


def _page_visible(page):
    return (
        page.live
        and page.depth > 1
        and _indexed_page_language(page) is not None
        and not page.get_view_restrictions().exists()
        and page.get_url() is not None
    )


def _report_axis(report):
    commitment = report.commitment
    return commitment.axis_id if commitment is not None and commitment.live else None


def _live_name(related, attribute="name"):
    """A related snippet's name, only if it is published (a draft's name never shows)."""
    if related is None or not getattr(related, "live", True):
        return ""
    return getattr(related, attribute)


def tags_of(obj):
    """The taggit tags of a commitment or a tagged page (none for other objects), by name."""
    manager = getattr(obj, "tags", None)
    if manager is None or not hasattr(manager, "through"):
        return []
    return sorted(manager.all(), key=lambda tag: (tag.name.casefold(), tag.pk))


def _tag_fact(obj):
    """«Etiquetas: a, b»: the tags are searched (a query for a tag's name finds what it tags)
    and shown by the excerpt when they match; at the end of the lead (after its own text),
    so that an excerpt without a match still starts with the object's facts and text."""
    return (_("Etiquetas"), ", ".join(tag.name for tag in tags_of(obj)))


def _commitment_facts(obj):
    return [
        (_("Código"), obj.code),
        (_("Eje"), obj.axis.name if obj.axis_id else ""),
        (_("Institución líder"), _live_name(obj.lead_institution)),
    ]


def _report_facts(obj):
    return [
        (_("Momento"), obj.get_moment_display() if obj.moment else ""),
        (_("Autores"), obj.authors),
        (_("Monitor"), _live_name(obj.monitor)),
        (_("Compromiso evaluado"), _live_name(obj.commitment, "title")),
    ]


def _initiative_facts(obj):
    kind = obj.get_kind_display() if obj.kind else ""
    # «Tipo: Iniciativa» would repeat the result's type.
    return [(_("Tipo"), "" if kind == Initiative.Kind.INITIATIVE.label else kind)]


def _axis_url(axis):
    """Where an axis is shown: its plan's commitments list, filtered by it."""
    url = reverse("cms_blocks:plan_commitments", kwargs={"plan": axis.plan.slug})
    return f"{url}?eje={axis.slug}"


def _plan_pages(plan_id):
    """The pages that present a plan (its ActionPlanPages) and the pages under them."""
    from home.models import ActionPlanPage

    pages = []
    for plan_page in ActionPlanPage.objects.filter(plan_id=plan_id):
        pages += Page.objects.descendant_of(plan_page, inclusive=True).only("id", "content_type")
    return pages


def _axis_dependants(axis):
    from home.models import ActionPlanPage

    return [
        *Commitment.objects.filter(axis=axis),
        *MonitorReport.objects.filter(commitment__axis=axis),
        # They list their plan's axes: the plan's own page and the site's pages of the plan.
        *ActionPlan.objects.filter(pk=axis.plan_id),
        *ActionPlanPage.objects.filter(plan_id=axis.plan_id),
    ]


class AxisSource(Source):
    """Axes have no draft state: an axis of a published plan is public (an axis is saved,
    not published)."""

    def public_queryset(self):
        return self.model.objects.filter(plan__live=True).select_related("plan")

    def url(self, obj):
        return _axis_url(obj)


def _axes_text(plan):
    """«Ejes de trabajo» and a plan's axes (name: description), as its pages list them."""
    lines = [
        f"{axis.name}: {axis.description}" if axis.description else axis.name
        for axis in Axis.objects.filter(plan=plan).order_by("sort_order", "name")
    ]
    return [("body", "\n".join([str(_("Ejes de trabajo")), *lines]))] if lines else ()


def _page_plan(page):
    """The published plan a page presents or sits under, or None."""
    return plan_of_page(page)


def _page_extra_texts(page):
    """The action plan page lists its plan's axes of work from the Axis rows (not typed in
    its body): its document holds them too, so that a search for an axis finds that
    section. Only while the plan is published (the page shows them only then)."""
    from home.models import ActionPlanPage

    if not isinstance(page, ActionPlanPage):
        return ()
    plan = plan_of_page(page)
    return _axes_text(plan) if plan is not None else ()


def _plan_members(plan):
    """Everything in a plan: its documents exist only while the plan is published."""
    return [
        *Axis.objects.filter(plan=plan),
        *Commitment.objects.filter(plan=plan),
        *MonitorReport.objects.filter(plan=plan),
        *Committee.objects.filter(plan=plan),
        *CommitteeMember.objects.filter(committee__plan=plan),
        *Consultation.objects.filter(plan=plan),
        *_plan_pages(plan.pk),
    ]


PAGES = PageSource(
    kind="pagina",
    label=_("Página"),
    label_plural=_("Páginas"),
    model=Page,
    title=lambda page: page.title,
    is_visible=_page_visible,
    extra_texts=_page_extra_texts,
    plan_of=_page_plan,
    # A tagged page type's tags are the lead's last line (``_tag_fact``), not its search
    # fields' text (``ContentPage.search_fields`` has them for the admin's search).
    fact_fields=frozenset({"tags"}),
)

# How each searched kind builds its document; which kinds are searched, under which kind and
# Spanish label, and in which order, is the registry's (``cms_blocks.registry``). A kind with
# no entry here is indexed from its model's own search fields, titled by ``str(obj)``.
SOURCE_OPTIONS = {
    ActionPlan: {
        "title": lambda obj: obj.title,
        "plan_of": in_source_language,
        "facts": lambda obj: [(_("Periodo"), obj.period_label)],
        # Its page lists its axes; the site's pages of the plan show its data.
        "extra_texts": lambda obj: _axes_text(obj),
        "dependants": lambda obj: _plan_pages(obj.pk),
        "members": _plan_members,
    },
    Commitment: {
        "axis_id": lambda obj: obj.axis_id,
        "dependants": lambda obj: obj.monitor_reports.all(),
        "facts": _commitment_facts,
        "fact_fields": frozenset({"code", "axis", "lead_institution", "tags"}),
        "select_related": ("axis", "lead_institution"),
    },
    MonitorReport: {
        "title": lambda obj: obj.title,
        "axis_id": _report_axis,
        "facts": _report_facts,
        "fact_fields": frozenset({"authors", "monitor"}),
        "select_related": ("monitor", "commitment"),
    },
    CommitteeMember: {
        "title": lambda obj: obj.name,
        "is_visible": lambda obj: bool(obj.live and obj.committee.live),
        "facts": lambda obj: [(_("Sector"), obj.sector), (_("Rol"), obj.role)],
        "fact_fields": frozenset({"sector", "role"}),
        "select_related": ("committee",),
    },
    Initiative: {
        "title": lambda obj: obj.title,
        "facts": _initiative_facts,  # «Tipo: Canal de denuncia», «Plataforma…»
    },
    Institution: {
        "title": lambda obj: obj.name,
        "facts": lambda obj: [(_("Rol en el plan"), obj.get_role_display() if obj.role else "")],
        "dependants": lambda obj: [*obj.led_commitments.all(), *obj.reports.all()],
    },
    Consultation: {
        "title": lambda obj: obj.title,
    },
    Committee: {
        "title": lambda obj: obj.name,
        "dependants": lambda obj: obj.members.all(),
    },
    Axis: {
        "source_class": AxisSource,
        "title": lambda obj: obj.name,
        "is_visible": lambda obj: True,
        "axis_id": lambda obj: obj.pk,
        "texts": lambda obj: [("lead", obj.description)],
        # Its commitments show its name (a fact); their reports carry its id (the filter).
        "dependants": _axis_dependants,
    },
}


def source_of(kind):
    """The Source of a registered, searched kind (``cms_blocks.registry.PublicKind``)."""
    options = dict(SOURCE_OPTIONS.get(kind.model, {}))
    source_class = options.pop("source_class", Source)
    return source_class(
        kind=kind.search_kind,
        label=kind.label,
        label_plural=kind.label_plural,
        model=kind.model,
        plan_lookup=kind.plan_lookup,
        **options,
    )


SOURCES = [source_of(kind) for kind in searched_kinds()]

ALL_SOURCES = [PAGES, *SOURCES]
SOURCES_BY_KIND = {s.kind: s for s in ALL_SOURCES}
_SOURCES_BY_MODEL = {s.model: s for s in SOURCES}


def source_for(model):
    """The Source that indexes instances of ``model`` (any Page type → pages), or None."""
    if model in _SOURCES_BY_MODEL:
        return _SOURCES_BY_MODEL[model]
    if issubclass(model, Page):
        return PAGES
    return None


def kind_label(kind):
    source = SOURCES_BY_KIND.get(kind)
    return source.label if source else kind


# -- extracting text ------------------------------------------------------------------


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return "\n".join(t for t in (_as_text(v) for v in value) if t)
    if isinstance(value, dict):
        return "\n".join(t for t in (_as_text(v) for v in value.values()) if t)
    return str(value)


# Blocks that hold an editor's settings (a heading's level, a list's filter, a check box):
# their labels («Título de sección (h2)», «---------») are not text the page shows.
_SETTING_BLOCKS = (BaseChoiceBlock, blocks.BooleanBlock)


_BLOCK_END = re.compile(r"(</(?:p|h\d|li|blockquote|dd|dt|td|th)>|<(?:br|hr)\s*/?>)", re.I)


def _rich_text(html):
    """Rich text as plain text with one line per paragraph, heading or list item (Wagtail's
    ``get_text_for_indexing`` joins them with a space), so that the excerpt separates them:
    «Sociedad civil organizada · Academia · …»."""
    text = unescape(strip_tags(_BLOCK_END.sub(r"\1\n", html or "")))
    return "\n".join(line for line in (" ".join(part.split()) for part in text.split("\n")) if line)


def _block_content(block, value):
    """A StreamField block's searchable strings, as Wagtail's ``get_searchable_content``
    but without the setting blocks."""
    if isinstance(block, _SETTING_BLOCKS) or value is None:
        return []
    if not getattr(block, "search_index", True):
        return []
    if isinstance(block, blocks.RichTextBlock):
        return [_rich_text(value.source)]
    if isinstance(block, blocks.StreamBlock):
        return [text for child in value for text in _block_content(child.block, child.value)]
    if isinstance(block, blocks.ListBlock):
        return [text for item in value for text in _block_content(block.child_block, item)]
    if (
        isinstance(block, blocks.StructBlock)
        and type(block).get_searchable_content is blocks.StructBlock.get_searchable_content
    ):
        return [
            text
            for name, child in block.child_blocks.items()
            for text in _block_content(child, value.get(name, child.get_default()))
        ]
    return block.get_searchable_content(value)


def _search_field_value(search_field, obj):
    try:
        model_field = search_field.get_field(type(obj))
    except FieldDoesNotExist:
        model_field = None
    if isinstance(model_field, StreamField):
        return _block_content(model_field.stream_block, model_field.value_from_object(obj))
    if isinstance(model_field, RichTextField):
        return _rich_text(model_field.value_from_object(obj))
    return search_field.get_value(obj)


def _field_texts(obj, search_fields, top_level=True):
    """[(weight, text)] of an object's SearchFields: 'title', 'lead' or 'body'."""
    out = []
    for search_field in search_fields:
        if isinstance(search_field, SearchField):
            if top_level and search_field.field_name in TITLE_FIELDS:
                continue
            value = _as_text(_search_field_value(search_field, obj))
            if not value.strip():
                continue
            boosted = top_level and (search_field.boost or 0) >= LEAD_BOOST
            out.append(("lead" if boosted else "body", value))
        elif isinstance(search_field, RelatedFields):
            related = search_field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, Manager):
                related = related.all()
            elif callable(related):
                related = related()
            items = related if hasattr(related, "__iter__") else [related]
            for item in items:
                if not getattr(item, "live", True):
                    continue  # an unpublished snippet's text (a page's plan) never shows
                for _weight, value in _field_texts(item, search_field.fields, top_level=False):
                    out.append(("body", value))
    return out


def _facts(source, obj, pairs=None, language=None):
    """(text, terms) of the facts line: «Sector: Academia · Rol: Integrante», whose label
    words have the unsearched term (one term per word still, for the excerpt). ``pairs``:
    other (label, value) pairs than the source's facts; ``language``: the values'."""
    texts, terms = [], []
    for label, value in source.facts(obj) if pairs is None else pairs:
        value = " ".join(str(value or "").split())
        if not value:
            continue
        label = str(label)
        texts.append(f"{label}: {value}")
        terms.append(f"{T.unsearched_terms(label)} {T.aligned_terms(value, language)}")
    return " · ".join(texts), " ".join(terms)


def build_document(source, obj):
    """An unsaved SearchDocument for a visible object, in the object's language: its terms by
    that language's analysis, its URLs and labels («Sector», «Páginas») in that language
    (whatever language the admin user who published it reads the admin in)."""
    from django.utils import translation

    language = language_of(obj)
    with translation.override(language):
        return _build_document(source, obj, language)


def _build_document(source, obj, language):
    if source.texts is not None:
        texts = [(w, v) for w, v in source.texts(obj) if v and v.strip()]
    else:
        fields = [
            f
            for f in type(obj).get_search_fields()
            if getattr(f, "field_name", None) not in source.fact_fields
        ]
        texts = _field_texts(obj, fields)
    texts = [*texts, *source.extra_texts(obj)]
    facts_text, facts_terms = _facts(source, obj, language=language)
    lead_texts = [v for w, v in texts if w == "lead"]
    tags_text, tags_terms = _facts(source, obj, [_tag_fact(obj)], language)
    lead = "\n".join(t for t in (facts_text, *lead_texts, tags_text) if t)
    lead_terms = " ".join(
        t
        for t in (
            facts_terms,
            T.terms("\n".join(t for t in lead_texts if t), language),
            tags_terms,
        )
        if t
    )
    body = "\n".join(v for w, v in texts if w == "body")
    title = " ".join(str(source.title(obj)).split())[:500]
    # The kind's name is a keyword of every document of that kind («compromisos» finds the
    # commitments), after the lead's own terms so that excerpts still line up. In every
    # content language, by the document's analysis: «commitments» under /en/ finds the
    # Spanish commitments not translated yet (the Spanish analysis of the query meets the
    # Spanish analysis of the English label), «compromisos» the English ones.
    keywords = T.terms(f"{_kind_names(source)} {source.keywords(obj)}", language)
    plan = source.plan(obj)
    plan_id = plan.pk if plan is not None else None
    return SearchDocument(
        content_type=_content_type(source, type(obj)),
        object_id=obj.pk,
        kind=source.kind,
        axis_id=source.axis_id(obj),
        plan_id=plan_id,
        language=language,
        translation_key=getattr(obj, "translation_key", None),
        title=title,
        url=(source.url(obj) or "")[:500],
        lead_text=lead,
        body_text=body,
        title_terms=T.terms(title, language),
        lead_terms=f"{lead_terms} {keywords}".strip(),
        body_terms=T.terms(body, language),
        filter_terms=filter_terms(
            source.kind,
            source.axis_id(obj),
            plan_id,
            [tag.pk for tag in tags_of(obj)],
            language,
            # Until sync_fallbacks finds its translations: it stands in for all of them.
            _other_languages() if language == source_language() else (),
        ),
    )


def _kind_names(source):
    """A kind's label and plural label in every content language (the document's first)."""
    from django.utils import translation

    names = [str(source.label), str(source.label_plural)]
    active = translation.get_language()
    for language in content_languages():
        if language == (active or "").lower():
            continue
        with translation.override(language):
            for name in (str(source.label), str(source.label_plural)):
                if name not in names:
                    names.append(name)
    return " ".join(names)


def filter_terms(kind, axis_id, plan_id=None, tag_ids=(), language=None, fallbacks=()):
    """ "k<kind> a<axis id> p<plan id>", then "t<tag id>" for each tag, "l<language>", and
    "f<language>" for each language the document stands in for: the filters."""
    tags = "".join(f" t{tag_id}" for tag_id in sorted(tag_ids))
    languages = f" {language_term(language)}" if language else ""
    languages += "".join(f" {fallback_term(code)}" for code in sorted(fallbacks))
    return f"k{kind} a{axis_id or 0} p{plan_id or 0}{tags}{languages}"


def tag_term(tag_id):
    return f"t{int(tag_id)}"


def _code(language):
    """A language code as one word (``es-co`` → ``esco``): one FTS5 token."""
    return re.sub(r"[^0-9a-z]", "", language.lower())


def language_term(language):
    """The filter term of the documents in ``language``: ``len``, ``lesco``."""
    return f"l{_code(language)}"


def fallback_term(language):
    """The filter term of the source-language documents that stand in for a missing version
    in ``language`` (``fen``): what a search in ``language`` finds besides its own."""
    return f"f{_code(language)}"


def _other_languages():
    return content_languages()[1:]


def _with_fallbacks(terms, fallbacks):
    kept = [t for t in terms.split() if not t.startswith("f")]
    return " ".join([*kept, *(fallback_term(code) for code in sorted(fallbacks))])


def sync_fallbacks(translation_keys=None):
    """Give each source-language document the fallback terms of the languages its object has
    no document in (and only those), for these translation keys (None: every document).

    The index itself says which versions are public: a translation has a document exactly
    while it is published and public. One query reads the documents, one more updates each
    document whose fallbacks changed (when a translation appears or goes)."""
    keys = [k for k in (translation_keys or ()) if k is not None]
    if translation_keys is not None and not keys:
        return
    documents = SearchDocument.objects.exclude(translation_key=None)
    if translation_keys is not None:
        documents = documents.filter(translation_key__in=keys)
    rows = list(documents.values_list("pk", "translation_key", "language", "filter_terms"))
    present = {}
    for _pk, key, language, _terms in rows:
        present.setdefault(key, set()).add(language)
    source, others = source_language(), set(_other_languages())
    for pk, key, language, terms in rows:
        if language != source:
            continue
        wanted = _with_fallbacks(terms, others - present[key])
        if wanted != terms:
            SearchDocument.objects.filter(pk=pk).update(filter_terms=wanted)


# -- keeping the index true ------------------------------------------------------------


def _content_type(source, model):
    model = Page if source is PAGES else model
    return ContentType.objects.get_for_model(model)


def _remove(source, model, pk):
    """Remove the object's document; return whether there was one."""
    deleted, _per_model = SearchDocument.objects.filter(
        content_type=_content_type(source, model), object_id=pk
    ).delete()
    return bool(deleted)


def _store(document):
    """Write the document; return the URL it had before (None if it is new)."""
    values = {
        f.attname: getattr(document, f.attname)
        for f in SearchDocument._meta.concrete_fields
        if f.attname not in {"id", "content_type_id", "object_id", "indexed_at"}
    }
    key = {"content_type_id": document.content_type_id, "object_id": document.object_id}
    previous_url = SearchDocument.objects.filter(**key).values_list("url", flat=True).first()
    SearchDocument.objects.update_or_create(**key, defaults=values)
    return previous_url


def _move_descendant_urls(page, old_url, new_url):
    """A page's URL changed (new slug or parent): so did its descendants'. Their url_path
    is not updated yet when the page's post_save arrives (and Wagtail's page_slug_changed
    waits for the commit), so move the prefix of their stored URLs."""
    descendants = Page.objects.filter(path__startswith=page.path, depth__gt=page.depth)
    SearchDocument.objects.filter(
        content_type=_content_type(PAGES, Page),
        object_id__in=descendants.values("pk"),
        url__startswith=old_url,
    ).update(url=Concat(Value(new_url), Substr("url", len(old_url) + 1)))


def update_object(instance, _seen=None):
    """Bring the index in line with ``instance``'s *stored, published* state, at once.

    Then do the same for the documents that depend on it. Never raises: search must not
    block an editor's publication (errors are logged; ``rebuild_search_index`` repairs).
    """
    source = source_for(type(instance))
    if source is None or instance.pk is None:
        return
    seen = set() if _seen is None else _seen
    key = (source.kind, instance.pk)
    if key in seen:
        return
    seen.add(key)
    try:
        with transaction.atomic():
            fresh = source.fetch(instance.pk)
            dependants = []
            key = getattr(fresh if fresh is not None else instance, "translation_key", None)
            if fresh is None or not source.visible(fresh):
                changed = _remove(source, type(instance), instance.pk)
            else:
                document = build_document(source, fresh)
                previous_url = _store(document)
                changed = previous_url != document.url  # new, or moved
                if source is PAGES and previous_url not in (None, document.url):
                    _move_descendant_urls(fresh, previous_url, document.url)
            if changed or fresh is not None:
                # A version appeared or went (its source's fallbacks change), or a source
                # document was written with every fallback (its translations correct them).
                sync_fallbacks([key])
            if fresh is not None:
                dependants += list(source.dependants(fresh))
                if changed:
                    dependants += list(source.members(fresh))
    except Exception:
        logger.exception("Could not update the search index for %r", instance)
        return
    for dependant in dependants:
        update_object(dependant, seen)


def dependants_before_delete(instance):
    """What depends on an object about to be deleted (its relations are still there)."""
    source = source_for(type(instance))
    if source is None or source is PAGES or instance.pk is None:
        return []
    try:
        return [*source.dependants(instance), *source.members(instance)]
    except Exception:
        logger.exception("Could not list what depends on %r", instance)
        return []


def remove_object(instance, dependants=()):
    """Remove an object's document, then refresh what depended on it (now that the
    deletion has cleared or cascaded their relations)."""
    source = source_for(type(instance))
    if source is not None and instance.pk is not None:
        _remove(source, type(instance), instance.pk)
        sync_fallbacks([getattr(instance, "translation_key", None)])
    seen = set()
    for dependant in dependants:
        update_object(dependant, seen)


def update_page_tree(page):
    """A page and its descendants (after a move, a slug change, a privacy change)."""
    pages = Page.objects.filter(path__startswith=page.path).only("id", "content_type")
    seen = set()
    for descendant in pages.iterator():
        update_object(descendant, seen)


def iter_documents(sources=None):
    """Every document the index should hold, built from the database."""
    for source in sources or ALL_SOURCES:
        for obj in source.public_queryset().iterator(chunk_size=BATCH):
            if source is PAGES:
                if obj.get_url() is None:
                    continue
            elif not source.visible(obj):
                continue
            yield build_document(source, obj)


@transaction.atomic
def rebuild(sources=None, log=None):
    """Recreate the index from scratch. Returns the number of documents."""
    sources = sources or ALL_SOURCES
    count = 0
    for source in sources:
        SearchDocument.objects.filter(kind=source.kind).delete()
        batch = []
        for document in iter_documents([source]):
            batch.append(document)
            if len(batch) >= BATCH:
                SearchDocument.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        if batch:
            SearchDocument.objects.bulk_create(batch)
            count += len(batch)
        if log:
            log(_count_line(source))
    sync_fallbacks()
    from .engine import get_engine

    get_engine().after_bulk_change()
    return count


def _count_line(source):
    """«Páginas: 42 (es-co: 30, en: 12)»: a kind's documents, per language."""
    from django.db.models import Count

    counts = dict(
        SearchDocument.objects.filter(kind=source.kind)
        .order_by()
        .values_list("language")
        .annotate(n=Count("id"))
    )
    languages = ", ".join(f"{code}: {counts[code]}" for code in sorted(counts))
    total = sum(counts.values())
    return f"{source.label_plural}: {total}" + (f" ({languages})" if len(counts) > 1 else "")


def indexed_tags():
    """The tags of the indexed commitments and pages (what the tag filter can find), by
    name, in one query. A tag carried only by a draft, a private page or an unpublished
    plan's commitment has no document, so it is not offered."""
    from django.db.models import Q
    from taggit.models import Tag

    from cms_blocks.models import CommitmentTag
    from cms_blocks.tags import tagged_page_models

    def indexed(kind_model, through):
        documents = SearchDocument.objects.filter(
            content_type=ContentType.objects.get_for_model(kind_model)
        ).values("object_id")
        return Q(pk__in=through.objects.filter(content_object_id__in=documents).values("tag_id"))

    condition = indexed(Commitment, CommitmentTag)
    for through in tagged_page_models():
        condition |= indexed(Page, through)  # a page's document is under Page's content type
    return list(Tag.objects.filter(condition).order_by("name", "pk"))


def tagged_objects(tag):
    """The commitments and pages that carry ``tag`` (their documents show its name)."""
    from cms_blocks.tags import tagged_page_models

    objects = list(Commitment.objects.filter(tagged_items__tag=tag).distinct())
    for through in tagged_page_models():
        objects += Page.objects.filter(
            pk__in=through.objects.filter(tag=tag).values("content_object_id")
        ).only("id", "content_type")
    return objects

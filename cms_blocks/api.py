"""Read-only API v2 endpoints for published snippets (Wagtail's ``BaseAPIViewSet``).

A site registers them on its ``WagtailAPIRouter``::

    from cms_blocks.api import register_snippet_endpoints
    register_snippet_endpoints(api_router)

Every endpoint lists and details *live* objects only; a relation to an unpublished object is
shown as empty (``null`` or left out of a list). The committee endpoint gives public-role
fields only (name, sector, role, committee). Consultation results respect the consultation's
visibility rule (``Consultation.results_visible``) and appear in the detail view only.
Absolute URLs (``html_url``, document URLs) are on the public address
(``cms_blocks.public_urls``); ``detail_url`` follows Wagtail's ``WAGTAILAPI_BASE_URL``.

``?locale=en`` (the parameter of Wagtail's own pages endpoint) gives the same objects with the
text of their published translation into that language where there is one, the source text
otherwise (``cms_blocks.translation``); the field names, ids, codes, dates and figures do not
change, and ``html_url`` is the page in that language. The objects listed are always the
source-language ones (``live()``): a translation is never an object of its own. Without the
parameter the answer is in the source language, as before; an unknown locale is a 400.
"""

from django.db.models import Prefetch
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from rest_framework.fields import Field
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from . import queries
from .models import (
    ActionPlan,
    Commitment,
    CommitteeMember,
    Consultation,
    ConsultationOption,
    Institution,
    MonitorReport,
)
from .public_urls import public_url
from .registry import api_kinds, kind_for
from .translation import translated_content


class InstanceField(Field):
    """A read-only field computed from the whole instance by ``represent(instance)``."""

    def __init__(self, represent, **kwargs):
        self.represent = represent
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        return self.represent(instance, self.context)


def html_url(instance, context):
    """The object's public page, on the public address (never the request's host)."""
    return public_url(instance.get_absolute_url(), request=context.get("request"))


def live_ref(obj, *fields):
    if obj is None or not getattr(obj, "live", True):
        return None
    data = {"id": obj.pk}
    data.update({name: getattr(obj, name) for name in fields})
    return data


def document_url(document, context):
    if document is None:
        return None
    # Kept as is when the storage gives an absolute URL (object storage).
    return public_url(document.url, request=context.get("request"))


class BoundedPagination(WagtailPagination):
    """Wagtail's pagination, refusing an ``offset`` or ``limit`` that no database can take.

    Wagtail checks that both are non-negative integers, but an integer past 64 bits reaches
    the database and fails there (a 500). Past ``MAX_OFFSET`` the answer is a 400.
    """

    MAX_OFFSET = 10**9

    def paginate_queryset(self, queryset, request, view=None):
        for name in ("offset", "limit"):
            try:
                value = int(request.GET.get(name, 0))
            except ValueError:
                continue  # Wagtail words that error
            if value > self.MAX_OFFSET:
                raise BadRequestError(
                    _("%(name)s no puede ser mayor que %(max)d")
                    % {"name": name, "max": self.MAX_OFFSET}
                )
        return super().paginate_queryset(queryset, request, view=view)


# model → its endpoint's viewset (the last subclass declared for a model wins).
ENDPOINTS_BY_MODEL = {}


class StrictParametersMixin:
    """What every public endpoint adds to Wagtail's viewsets: parameters that cannot reach the
    database as something it refuses. ``offset``/``limit`` are bounded (``BoundedPagination``),
    and ``find/?id=`` takes a whole number (Wagtail passes any text to ``get(id=…)``: a 500)."""

    pagination_class = BoundedPagination

    def find_object(self, queryset, request):
        if "id" in request.GET:
            value = request.GET["id"]
            if not (value.isascii() and value.isdigit()) or int(value) > 2**63 - 1:
                raise BadRequestError(_("id debe ser un número entero positivo"))
        return super().find_object(queryset, request)


def content_languages():
    """The content languages' codes (Wagtail's ``WAGTAIL_CONTENT_LANGUAGES``), as written."""
    from wagtail.coreutils import get_content_languages

    return list(get_content_languages())


def requested_language(request):
    """The content language ``?locale=`` names (its code as configured), None without the
    parameter, ``False`` for a code that is not a content language."""
    if "locale" not in request.GET:
        return None
    wanted = request.GET["locale"].strip().lower()
    for code in content_languages():
        if code.lower() == wanted:
            return code
    return False


class LocaleParameterMixin:
    """``?locale=<code>``: the answer in that content language (``cms_blocks.translation``).

    The interface language and the translated text are active for the whole request,
    rendering included, so every text field, ``html_url`` (the page under that language's
    prefix) and any label follow it. The parameter is not a field filter: the objects are the
    source-language ones whatever the locale."""

    @property
    def known_query_parameters(self):
        return super().known_query_parameters.union({"locale"})

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only=db_fields_only)
        if db_fields_only:
            fields = [field for field in fields if field != "locale"]
        return fields

    def dispatch(self, request, *args, **kwargs):
        language = requested_language(request)
        if not language:  # none asked (the source language), or refused by ``initial``
            return super().dispatch(request, *args, **kwargs)
        with translation.override(language), translated_content(language):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        return response

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if requested_language(request) is False:
            raise BadRequestError(
                _("locale desconocido: «%(locale)s». Idiomas disponibles: %(languages)s")
                % {
                    "locale": request.GET["locale"][:20],
                    "languages": ", ".join(content_languages()),
                }
            )


class PlanFilter:
    """``?plan=<slug>``: only the objects of that action plan (a filter backend).

    An endpoint whose model belongs to a plan names the lookup to its plan in ``plan_lookup``
    (``"plan"``, ``"committee__plan"``); the others ignore the parameter's absence and refuse
    its presence (it is not among their known parameters)."""

    def filter_queryset(self, request, queryset, view):
        lookup = getattr(view, "plan_lookup", None)
        if not lookup or "plan" not in request.GET:
            return queryset
        slug = request.GET["plan"]
        plan = next((p for p in view.live_plans() if p.slug == slug), None)
        if plan is None:
            raise BadRequestError(
                _("plan desconocido: «%(plan)s». Los planes publicados están en /api/v2/plans/")
                % {"plan": slug[:60]}
            )
        return queryset.filter(**{lookup: plan})


def plan_ref(obj, context):
    return live_ref(obj.plan, "title", "slug")


def member_plan_ref(obj, context):
    return live_ref(obj.committee.plan, "title", "slug")


class LiveSnippetAPIViewSet(LocaleParameterMixin, StrictParametersMixin, BaseAPIViewSet):
    """Lists and details the model's published objects.

    Each subclass with a ``model`` is that model's endpoint; whether it is routed, and under
    which name, is the model's public kind (``cms_blocks.registry``, ``api``).
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if getattr(cls, "model", None) is None:
            return
        ENDPOINTS_BY_MODEL[cls.model] = cls
        kind = kind_for(cls.model)
        if kind is not None and kind.api and "name" not in cls.__dict__:
            cls.name = kind.api  # /api/v2/<name>/, declared once with the kind

    filter_backends = [PlanFilter, FieldsFilter, OrderingFilter]
    # The lookup from the model to its action plan; None for a model shared by every plan.
    plan_lookup = None
    meta_fields = BaseAPIViewSet.meta_fields + [
        APIField("html_url", serializer=InstanceField(html_url)),
        "first_published_at",
        "last_published_at",
    ]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["html_url"]
    nested_default_fields = BaseAPIViewSet.nested_default_fields + ["html_url"]
    select_related = ()
    prefetch_related = ()

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only=db_fields_only)
        if db_fields_only and cls.plan_lookup:
            # ``?plan=`` takes a slug (``PlanFilter``), not the id Wagtail's field filter expects.
            fields = [field for field in fields if field != "plan"]
        return fields

    @property
    def known_query_parameters(self):
        known = super().known_query_parameters
        return known.union({"plan"}) if self.plan_lookup else known

    def live_plans(self):
        if not hasattr(self, "_live_plans"):
            self._live_plans = list(ActionPlan.objects.live().only("pk", "slug"))
        return self._live_plans

    def scope_to_live_plans(self, queryset):
        """Objects of a plan that is not published are not public either."""
        if self.plan_lookup:
            queryset = queryset.filter(**{f"{self.plan_lookup}__live": True})
        return queryset

    def get_queryset(self):
        queryset = self.scope_to_live_plans(self.model.objects.live())
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset.order_by("id")


def milestones_data(commitment, context):
    return [
        {
            "id": m.pk,
            "sort_order": m.sort_order,
            "title": m.title,
            "expected_output": m.expected_output,
            "start_date": m.start_date.isoformat() if m.start_date else None,
            "end_date": m.end_date.isoformat() if m.end_date else None,
            "responsible": m.responsible,
            "status": m.status,
            "evidence_url": m.evidence_url,
            "evidence_document_url": document_url(m.evidence_document, context),
            "is_illustrative": m.is_illustrative,
        }
        for m in commitment.milestones.all()
    ]


class CommitmentsAPIViewSet(LiveSnippetAPIViewSet):
    model = Commitment
    plan_lookup = "plan"
    body_fields = BaseAPIViewSet.body_fields + [
        APIField("plan", serializer=InstanceField(plan_ref)),
        "code",
        "title",
        "slug",
        "summary",
        APIField(
            "axis",
            serializer=InstanceField(
                lambda o, c: live_ref(o.axis, "name", "slug") if o.axis else None
            ),
        ),
        APIField(
            "lead_institution",
            serializer=InstanceField(lambda o, c: live_ref(o.lead_institution, "name", "slug")),
        ),
        APIField(
            "supporting_actors",
            serializer=InstanceField(
                lambda o, c: [live_ref(i, "name", "slug") for i in o.supporting_actors.all()]
            ),
        ),
        "problem",
        "status_quo",
        "description",
        "solution",
        "value_access_to_information",
        "value_civic_participation",
        "value_public_accountability",
        "value_technology_innovation",
        "start_date",
        "end_date",
        APIField(
            "tags",
            serializer=InstanceField(
                lambda o, c: sorted({item.tag.name for item in o.tagged_items.all()})
            ),
        ),
        "status",
        "progress",
        "monitor_verifiable",
        "monitor_relevant",
        "monitor_new_practice",
        "monitor_potential",
        "monitor_completion",
        "monitor_notes",
        "monitor_source",
        APIField("milestones", serializer=InstanceField(milestones_data)),
        "is_illustrative",
        "source",
    ]
    listing_default_fields = LiveSnippetAPIViewSet.listing_default_fields + [
        "plan",
        "code",
        "title",
        "slug",
        "status",
        "progress",
    ]

    def get_queryset(self):
        # The shared recipe (cms_blocks.queries), with the tags the API lists.
        return queries.commitments(tags=True).order_by("id")


class ActionPlansAPIViewSet(LiveSnippetAPIViewSet):
    model = ActionPlan
    body_fields = BaseAPIViewSet.body_fields + [
        "title",
        "slug",
        "jurisdiction",
        "period_start",
        "period_end",
        "submitted_on",
        "ogp_submitted_on",
        "ogp_date_source",
        "motto",
        "intro",
        "prologue",
        APIField("is_current", serializer=InstanceField(lambda o, c: c["view"].is_current(o))),
        "is_illustrative",
        "source",
    ]
    listing_default_fields = LiveSnippetAPIViewSet.listing_default_fields + [
        "title",
        "slug",
        "period_start",
        "period_end",
        "is_current",
    ]

    def is_current(self, plan):
        if not hasattr(self, "_current_plan"):
            self._current_plan = ActionPlan.objects.live().current()
        return self._current_plan is not None and self._current_plan.pk == plan.pk


class InstitutionsAPIViewSet(LiveSnippetAPIViewSet):
    model = Institution
    body_fields = BaseAPIViewSet.body_fields + [
        "name",
        "slug",
        "role",
        "role_description",
        "website",
        "is_illustrative",
        "source",
    ]
    listing_default_fields = LiveSnippetAPIViewSet.listing_default_fields + ["name", "slug", "role"]


class CommitteeMembersAPIViewSet(LiveSnippetAPIViewSet):
    """Public-role fields only: name, sector, role and committee."""

    model = CommitteeMember
    plan_lookup = "committee__plan"
    body_fields = BaseAPIViewSet.body_fields + [
        APIField("plan", serializer=InstanceField(member_plan_ref)),
        "name",
        "sector",
        "role",
        APIField("committee", serializer=InstanceField(lambda o, c: o.committee.name)),
    ]
    meta_fields = BaseAPIViewSet.meta_fields
    listing_default_fields = BaseAPIViewSet.listing_default_fields + [
        "plan",
        "name",
        "sector",
        "role",
        "committee",
    ]
    nested_default_fields = BaseAPIViewSet.nested_default_fields
    select_related = ("committee__plan",)

    def get_queryset(self):
        return super().get_queryset().filter(committee__live=True)


class ReportsAPIViewSet(LiveSnippetAPIViewSet):
    model = MonitorReport
    plan_lookup = "plan"
    body_fields = BaseAPIViewSet.body_fields + [
        APIField("plan", serializer=InstanceField(plan_ref)),
        "title",
        "slug",
        APIField(
            "monitor", serializer=InstanceField(lambda o, c: live_ref(o.monitor, "name", "slug"))
        ),
        "authors",
        "moment",
        "date",
        APIField(
            "commitment",
            serializer=InstanceField(lambda o, c: live_ref(o.commitment, "title", "slug")),
        ),
        "summary",
        APIField(
            "document_url", serializer=InstanceField(lambda o, c: document_url(o.document, c))
        ),
        "external_url",
        "is_illustrative",
        "source",
    ]
    listing_default_fields = LiveSnippetAPIViewSet.listing_default_fields + [
        "plan",
        "title",
        "slug",
        "moment",
        "date",
    ]
    select_related = ("plan", "monitor", "commitment", "document")


def consultation_options(consultation, context):
    return [
        {
            "id": o.pk,
            "title": o.title,
            "description": o.description,
            "is_illustrative": o.is_illustrative,
        }
        for o in consultation.options.all()
    ]


def consultation_results(consultation, context):
    """Votes per option once they may be shown; null while they may not."""
    if not consultation.results_visible():
        return None
    return [
        {
            "option": option.pk,
            "title": option.title,
            "reported_votes": option.reported_votes,
            "online_votes": total - (option.reported_votes or 0),
            "total_votes": total,
        }
        for option, total in consultation.get_results()
    ]


class ConsultationsAPIViewSet(LiveSnippetAPIViewSet):
    model = Consultation
    plan_lookup = "plan"
    body_fields = BaseAPIViewSet.body_fields + [
        APIField("plan", serializer=InstanceField(plan_ref)),
        "title",
        "slug",
        "question",
        "description",
        "opens_at",
        "closes_at",
        "max_choices",
        "results_visibility",
        "reported_participants",
        "participants_qualifier",
        "results_summary",
        APIField("options", serializer=InstanceField(consultation_options)),
        APIField("results", serializer=InstanceField(consultation_results)),
        "is_illustrative",
        "source",
    ]
    # The tally runs one query per consultation: detail view only.
    detail_only_fields = ["results"]
    listing_default_fields = LiveSnippetAPIViewSet.listing_default_fields + [
        "plan",
        "title",
        "slug",
        "opens_at",
        "closes_at",
    ]

    @property
    def prefetch_related(self):
        return (
            Prefetch("options", queryset=ConsultationOption.objects.order_by("sort_order", "pk")),
        )


def snippet_endpoints():
    """The endpoints of the kinds the registry puts in the API, in its order."""
    endpoints = []
    for kind in api_kinds():
        viewset = ENDPOINTS_BY_MODEL.get(kind.model)
        if viewset is None:
            raise LookupError(f"{kind.model.__name__} is in the API but has no API viewset")
        if viewset.name != kind.api:
            raise ValueError(f"{viewset.__name__}.name is {viewset.name!r}, not {kind.api!r}")
        endpoints.append(viewset)
    return endpoints


SNIPPET_ENDPOINTS = snippet_endpoints()


def register_snippet_endpoints(router):
    # Under the registry's name: DRF's ``as_view`` resets a viewset's ``name`` to None.
    for kind, viewset in zip(api_kinds(), SNIPPET_ENDPOINTS, strict=True):
        router.register_endpoint(kind.api, viewset)
    # The plans' progress (cms_blocks.api_progress builds on this module: looked up, not imported).
    router.register_endpoint(
        "progress", import_string("cms_blocks.api_progress.ProgressAPIViewSet")
    )

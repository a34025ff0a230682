"""``/api/v2/progress/``: each published plan's progress, rolled up (the plan, its axes, its
lead institutions) and over time, as the dashboard shows it (``cms_blocks.progress``).

Read-only, like the snippet endpoints of ``cms_blocks.api``, whose helpers it uses; routed by
``register_snippet_endpoints``. A listing reads the plans, their published commitments with
their milestones and their snapshots in a fixed number of queries, whatever their number.
``?slug=2023`` gives one plan's entry; ``?locale=en`` its text in English where a translation
is published (``cms_blocks.api.LocaleParameterMixin``).
"""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.utils import get_full_url
from wagtail.api.v2.views import BaseAPIViewSet

from . import progress as rollups
from . import queries
from .api import InstanceField, LocaleParameterMixin, StrictParametersMixin
from .models import ActionPlan, Commitment
from .public_urls import public_url

ENDPOINT = "progress"  # /api/v2/progress/ (DRF's ``as_view`` resets a viewset's ``name``)


def dashboard_url(plan, context):
    path = reverse("cms_blocks:plan_dashboard", kwargs={"plan": plan.slug})
    return public_url(path, request=context.get("request"))


def late_data(item):
    return {
        "commitment": {"id": item.commitment.pk, "slug": item.commitment.slug},
        "milestone": item.milestone.title,
        "end_date": item.milestone.end_date.isoformat(),
        "status": item.milestone.status,
        "is_illustrative": item.milestone.is_illustrative,
    }


class ProgressAPIViewSet(LocaleParameterMixin, StrictParametersMixin, BaseAPIViewSet):
    """One entry per published plan: ``progress`` (the whole plan), ``axes``,
    ``institutions`` (roll-ups), ``late_milestones`` and ``history`` (the plan's and each
    axis's step series). A roll-up gives its number of commitments, mean progress (each
    commitment counts equally), counts per status, status, commitments with a late milestone
    and ``includes_illustrative``."""

    name = ENDPOINT
    model = ActionPlan
    filter_backends = [FieldsFilter]
    body_fields = BaseAPIViewSet.body_fields + [
        "title",
        "slug",
        "period_start",
        "period_end",
        APIField("date", serializer=InstanceField(lambda o, c: c["view"].today.isoformat())),
        APIField(
            "progress",
            serializer=InstanceField(lambda o, c: c["view"].now(o).overall.as_dict()),
        ),
        APIField(
            "axes",
            serializer=InstanceField(lambda o, c: [g.as_dict() for g in c["view"].now(o).axes]),
        ),
        APIField(
            "institutions",
            serializer=InstanceField(
                lambda o, c: [g.as_dict() for g in c["view"].now(o).institutions]
            ),
        ),
        APIField(
            "late_milestones",
            serializer=InstanceField(lambda o, c: [late_data(i) for i in c["view"].now(o).late]),
        ),
        APIField(
            "history",
            serializer=InstanceField(
                lambda o, c: {
                    "plan": c["view"].history(o).plan.as_dict()["points"],
                    "axes": [s.as_dict() for s in c["view"].history(o).axes],
                }
            ),
        ),
    ]
    meta_fields = [
        "type",
        APIField("detail_url", serializer=InstanceField(lambda o, c: c["view"].detail_url(o))),
        APIField("html_url", serializer=InstanceField(dashboard_url)),
    ]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + [
        "html_url",
        "title",
        "slug",
        "date",
        "progress",
        "axes",
        "institutions",
        "late_milestones",
        "history",
    ]
    nested_default_fields = BaseAPIViewSet.nested_default_fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self._now = {}
        self._history = {}

    def get_queryset(self):
        commitments = queries.commitments(Commitment.objects.live())
        return (
            ActionPlan.objects.live()
            .prefetch_related(
                Prefetch("commitments", queryset=commitments, to_attr="live_commitments"),
                Prefetch(
                    "snapshots", queryset=rollups.snapshots_queryset(), to_attr="live_snapshots"
                ),
            )
            .order_by("-period_start", "-pk")
        )

    def now(self, plan):
        if plan.pk not in self._now:
            self._now[plan.pk] = rollups.plan_progress(plan, plan.live_commitments, self.today)
        return self._now[plan.pk]

    def history(self, plan):
        if plan.pk not in self._history:
            self._history[plan.pk] = rollups.history(plan, plan.live_snapshots)
        return self._history[plan.pk]

    def detail_url(self, plan):
        router = self.request.wagtailapi_router
        path = self.get_object_detail_urlpath(
            ActionPlan, plan.pk, namespace=f"{router.url_namespace}:{ENDPOINT}"
        )
        return get_full_url(self.request, path)

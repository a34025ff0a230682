"""Shared querysets: what public code reads, in a fixed number of queries.

This module sits just above the models (it imports nothing else of ``cms_blocks``). Blocks,
views, the QR sheet, the API, the open datasets and the CSV import read commitments through
``commitments()``, the one recipe of what a commitment brings along, so that none of them
drifts into its own prefetches (and into an N+1 the others do not have).
"""

from django.db.models import Prefetch

from .models import (
    ActionPlan,
    Axis,
    CoCreationFigure,
    Commitment,
    CommitmentTag,
    Committee,
    CommitteeMember,
    Consultation,
    Institution,
    Milestone,
    MonitorReport,
    ParticipantGroup,
)

# Supporting actors carry ``live``, so that ``commitment.public.supporting_actors``
# (``EditorialSnippet.public``, see ``LiveRelations``) filters the prefetched list without a
# query; ``name`` and ``slug`` are all any reader shows of them.
ACTOR_FIELDS = ("translation_key", "locale_id", "pk", "name", "slug", "live")


def milestones_prefetch():
    """A commitment's milestones in their order, with their evidence document."""
    return Prefetch(
        "milestones",
        queryset=Milestone.objects.select_related("evidence_document").order_by("sort_order", "pk"),
    )


def supporting_actors_prefetch():
    """A commitment's published supporting actors (an unpublished one is left out)."""
    return Prefetch("supporting_actors", queryset=Institution.objects.live().only(*ACTOR_FIELDS))


def tags_prefetch():
    """A commitment's tags (through their ``tagged_items``), by name: what cards and pages
    show, the API and the datasets list."""
    return Prefetch(
        "tagged_items",
        queryset=CommitmentTag.objects.select_related("tag").order_by("tag__name", "pk"),
    )


# -- Action plans ------------------------------------------------------------------------------
#
# Every plan-scoped object is public only while its plan is published too; ``plan`` (an
# ``ActionPlan``, or None for every published plan) narrows a list to one plan.


def live_plans():
    return ActionPlan.objects.live()


def current_plan():
    """The current published plan (``ActionPlanQuerySet.current``), or None."""
    return live_plans().current()


def in_plan(queryset, plan=None, lookup="plan"):
    """``queryset`` narrowed to ``plan``, or to the published plans when ``plan`` is None."""
    if plan is not None:
        return queryset.filter(**{lookup: plan})
    return queryset.filter(**{f"{lookup}__live": True})


def axes(plan=None):
    return in_plan(Axis.objects.all(), plan)


def cocreation_figures(plan=None):
    return in_plan(CoCreationFigure.objects.live(), plan)


def participant_groups(plan=None):
    return in_plan(ParticipantGroup.objects.live(), plan)


def committees(plan=None):
    return in_plan(Committee.objects.live(), plan)


def commitments(queryset=None, *, plan=None, milestones=True, tags=True):
    """Commitments with their plan, axis, lead institution, supporting actors, their tags
    (every card and page shows them) and, as asked, their milestones.

    ``queryset`` defaults to the published commitments of published plans (of ``plan`` only,
    when given); the import passes its own (drafts included). Each relation asked for costs one
    query, whatever the number of commitments.
    """
    if queryset is None:
        queryset = in_plan(Commitment.objects.live(), plan)
    elif plan is not None:
        queryset = queryset.filter(plan=plan)
    prefetches = [supporting_actors_prefetch()]
    if milestones:
        prefetches.insert(0, milestones_prefetch())
    if tags:
        prefetches.append(tags_prefetch())
    return queryset.select_related("plan", "axis", "lead_institution").prefetch_related(*prefetches)


def tagged_commitments(tag, plan=None):
    """The published commitments of published plans (of ``plan`` only, when given) that
    carry ``tag``, newest plan first, with what their cards show (the progress reads the
    milestones)."""
    return (
        commitments(plan=plan)
        .filter(tagged_items__tag=tag)
        .distinct()
        .order_by("-plan__period_start", "plan__pk", "code", "title", "pk")
    )


def commitment_tag_counts(plan=None):
    """{tag id: number of published commitments of published plans carrying it}, in one
    query (of ``plan`` only, when given)."""
    from django.db.models import Count

    rows = (
        CommitmentTag.objects.filter(content_object__in=in_plan(Commitment.objects.live(), plan))
        .values("tag_id")
        .annotate(n=Count("content_object_id", distinct=True))
        .order_by()
    )
    return {row["tag_id"]: row["n"] for row in rows}


def committee_members(committee):
    """The published members of a committee, in the roster's order (none before a first save)."""
    if committee is None or committee.pk is None:
        return CommitteeMember.objects.none()
    return CommitteeMember.objects.live().filter(committee=committee).order_by("sort_order", "name")


def monitor_reports(commitment=None, plan=None):
    """Published monitor reports with what their cards show (monitor, document, commitment);
    only a plan's, or a commitment's, when one is given (none before its first save)."""
    reports = in_plan(MonitorReport.objects.live(), plan).select_related(
        "plan", "monitor", "document", "commitment"
    )
    if commitment is not None:
        reports = reports.filter(commitment=commitment) if commitment.pk else reports.none()
    return reports


def consultations(plan=None):
    """Published consultations with their options (what the results need)."""
    return (
        in_plan(Consultation.objects.live(), plan)
        .select_related("plan")
        .prefetch_related("options")
    )

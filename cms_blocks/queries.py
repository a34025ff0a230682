"""Shared querysets: what public code reads, in a fixed number of queries.

This module sits just above the models (it imports nothing else of ``cms_blocks``). Blocks,
views, the QR sheet, the API, the open datasets and the CSV import read commitments through
``commitments()``, the one recipe of what a commitment brings along, so that none of them
drifts into its own prefetches (and into an N+1 the others do not have).
"""

from django.db.models import Prefetch

from .models import (
    Commitment,
    CommitmentTag,
    CommitteeMember,
    Consultation,
    Institution,
    Milestone,
    MonitorReport,
)

# Supporting actors carry ``live``, so that ``commitment.public.supporting_actors``
# (``EditorialSnippet.public``, see ``LiveRelations``) filters the prefetched list without a
# query; ``name`` and ``slug`` are all any reader shows of them.
ACTOR_FIELDS = ("pk", "name", "slug", "live")


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
    return Prefetch("tagged_items", queryset=CommitmentTag.objects.select_related("tag"))


def commitments(queryset=None, *, milestones=True, tags=False):
    """Commitments with their axis, lead institution, supporting actors and, as asked, their
    milestones and tags.

    ``queryset`` defaults to the published commitments (``Commitment.objects.live()``); the
    import passes its own (drafts included). Each relation asked for costs one query, whatever
    the number of commitments.
    """
    if queryset is None:
        queryset = Commitment.objects.live()
    prefetches = [supporting_actors_prefetch()]
    if milestones:
        prefetches.insert(0, milestones_prefetch())
    if tags:
        prefetches.append(tags_prefetch())
    return queryset.select_related("axis", "lead_institution").prefetch_related(*prefetches)


def committee_members(committee):
    """The published members of a committee, in the roster's order (none before a first save)."""
    if committee is None or committee.pk is None:
        return CommitteeMember.objects.none()
    return CommitteeMember.objects.live().filter(committee=committee).order_by("sort_order", "name")


def monitor_reports(commitment=None):
    """Published monitor reports with what their cards show (monitor, document, commitment);
    only a commitment's when one is given (none before its first save)."""
    reports = MonitorReport.objects.live().select_related("monitor", "document", "commitment")
    if commitment is not None:
        reports = reports.filter(commitment=commitment) if commitment.pk else reports.none()
    return reports


def consultations():
    """Published consultations with their options (what the results need)."""
    return Consultation.objects.live().prefetch_related("options")

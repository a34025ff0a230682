"""Progress rolled up: from each commitment to its axis, its lead institution and its plan,
now and over time.

Each commitment counts equally in a roll-up: a milestone's weight already acts inside its
commitment (``progress_from_milestones``), and a plan's commitments are its units of
accountability, so a commitment with many milestones does not weigh more than one with few
(docs/decisions.md). A roll-up's progress is the rounded mean of its commitments' progress and
reads 100 only when every one of them is complete, as a commitment's own figure does.

The functions here are pure over what was already read: commitments with their milestones
prefetched (``queries.commitments``) and a plan's snapshots (``plan_snapshots``, one query), so
a page's queries never grow with its content. This module sits above ``queries`` and below
the charts' users (views, blocks, API).
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from . import queries, validity
from .models import CommitmentSnapshot, CommitmentStatus

STATUSES = list(CommitmentStatus)


def mean_progress(values, all_complete):
    """The rounded mean of ``values`` (0 for none); 100 only when ``all_complete``."""
    values = list(values)
    if not values:
        return 0
    if all_complete:
        return 100
    return min(round(sum(values) / len(values)), 99)


def group_status(statuses):
    """Completed when every one is, in progress when any has started, else not started."""
    statuses = list(statuses)
    if statuses and all(s == CommitmentStatus.COMPLETED for s in statuses):
        return CommitmentStatus.COMPLETED
    if any(s != CommitmentStatus.NOT_STARTED for s in statuses):
        return CommitmentStatus.IN_PROGRESS
    return CommitmentStatus.NOT_STARTED


def late_milestones(commitment, today):
    return [m for m in commitment.milestones.all() if m.is_late_on(today)]


@dataclass(frozen=True)
class Rollup:
    """The progress of a group of commitments (a plan, an axis, a lead institution)."""

    label: str
    key: str  # a slug, or "" for the group of commitments without one
    obj: object  # the axis, institution or plan; None for «sin eje» and the like
    count: int
    progress: int
    status: str
    status_counts: dict  # {CommitmentStatus: n}, every status, in their order
    late: int  # commitments with an overdue milestone
    includes_illustrative: bool
    commitments: list = field(default_factory=list, compare=False, repr=False)

    @property
    def status_label(self):
        return CommitmentStatus(self.status).label

    @property
    def status_rows(self):
        """[(label, n)] for every status, in their order."""
        return [(s.label, self.status_counts.get(s, 0)) for s in STATUSES]

    def as_dict(self):
        return {
            "label": self.label,
            "key": self.key,
            "commitments": self.count,
            "progress": self.progress,
            "status": str(self.status),
            "status_counts": {str(s): self.status_counts.get(s, 0) for s in STATUSES},
            "late": self.late,
            "includes_illustrative": self.includes_illustrative,
        }


def rollup(commitments, today=None, *, label="", key="", obj=None):
    """The roll-up of ``commitments`` (their milestones prefetched) on ``today``."""
    today = today or validity.today()
    commitments = list(commitments)
    statuses = [c.status for c in commitments]
    counts = Counter(CommitmentStatus(s) for s in statuses)
    return Rollup(
        label=label,
        key=key,
        obj=obj,
        count=len(commitments),
        progress=mean_progress(
            (c.progress for c in commitments),
            all_complete=all(s == CommitmentStatus.COMPLETED for s in statuses),
        ),
        status=group_status(statuses),
        status_counts={s: counts.get(s, 0) for s in STATUSES},
        late=sum(1 for c in commitments if late_milestones(c, today)),
        includes_illustrative=any(c.progress_is_illustrative for c in commitments),
        commitments=commitments,
    )


def _grouped(commitments, today, key_of, sort_key, label_of, missing_label):
    groups = {}
    for commitment in commitments:
        obj = key_of(commitment)
        groups.setdefault(obj.pk if obj is not None else None, (obj, []))[1].append(commitment)
    rollups = []
    for obj, members in sorted(
        groups.values(), key=lambda group: (group[0] is None, sort_key(group[0]))
    ):
        rollups.append(
            rollup(
                members,
                today,
                label=label_of(obj) if obj is not None else missing_label,
                key=getattr(obj, "slug", "") if obj is not None else "",
                obj=obj,
            )
        )
    return rollups


def _axis_sort(axis):
    return (axis.sort_order, axis.name, axis.pk) if axis is not None else ()


def _institution_sort(institution):
    return (
        (institution.sort_order, institution.name, institution.pk)
        if institution is not None
        else ()
    )


def axis_of(commitment):
    """The commitment's axis when it is one of its plan's (an axis of another plan is none)."""
    axis = commitment.axis
    return axis if axis is not None and axis.plan_id == commitment.plan_id else None


def by_axis(commitments, today=None):
    """A roll-up per axis, in the axes' order; commitments without one last («Sin eje»)."""
    return _grouped(commitments, today, axis_of, _axis_sort, lambda a: a.name, _("Sin eje"))


def by_institution(commitments, today=None):
    """A roll-up per published lead institution, in their order; the rest last."""
    return _grouped(
        commitments,
        today,
        lambda c: c.public.lead_institution,
        _institution_sort,
        lambda i: i.name,
        _("Sin institución líder publicada"),
    )


@dataclass(frozen=True)
class LateMilestone:
    commitment: object
    milestone: object


def late_list(commitments, today=None):
    """Every overdue milestone of ``commitments``, the longest overdue first."""
    today = today or validity.today()
    late = [LateMilestone(c, m) for c in commitments for m in late_milestones(c, today)]
    return sorted(late, key=lambda item: (item.milestone.end_date, item.commitment.title))


@dataclass(frozen=True)
class PlanProgress:
    plan: object
    today: dt.date
    overall: Rollup
    axes: list
    institutions: list
    late: list  # [LateMilestone]

    @property
    def includes_illustrative(self):
        return self.overall.includes_illustrative


def plan_progress(plan, commitments, today=None):
    """The plan's roll-ups now, from its published commitments (milestones prefetched)."""
    today = today or validity.today()
    commitments = [c for c in commitments if c.plan_id == plan.pk]
    return PlanProgress(
        plan=plan,
        today=today,
        overall=rollup(commitments, today, label=plan.title, key=plan.slug, obj=plan),
        axes=by_axis(commitments, today),
        institutions=by_institution(commitments, today),
        late=late_list(commitments, today),
    )


def plan_commitments(plan):
    """The plan's published commitments, with what the roll-ups read (``queries``)."""
    return queries.commitments(plan=plan)


# -- over time --------------------------------------------------------------------------------

SNAPSHOT_FIELDS = (
    "plan_id",
    "commitment_id",
    "published_at",
    "progress",
    "status",
    "progress_is_illustrative",
    "commitment__plan_id",
    "commitment__axis__plan_id",
    "commitment__axis__name",
    "commitment__axis__slug",
    "commitment__axis__sort_order",
)


def snapshots_queryset():
    """Snapshots of published commitments, with their commitment's axis, oldest first."""
    return (
        CommitmentSnapshot.objects.filter(commitment__live=True)
        .select_related("commitment__axis")
        .only(*SNAPSHOT_FIELDS)
        .order_by("published_at", "pk")
    )


def plan_snapshots(plan):
    """A plan's snapshots (one query): what ``history`` reads."""
    return list(snapshots_queryset().filter(plan=plan))


@dataclass(frozen=True)
class Point:
    date: dt.date
    progress: int
    count: int  # commitments with a publication by then
    includes_illustrative: bool

    def as_dict(self):
        return {
            "date": self.date.isoformat(),
            "progress": self.progress,
            "commitments": self.count,
            "includes_illustrative": self.includes_illustrative,
        }


@dataclass(frozen=True)
class Series:
    label: str
    key: str
    points: list

    @property
    def includes_illustrative(self):
        return any(p.includes_illustrative for p in self.points)

    def at(self, date):
        """The point of ``date``, or None when the group had no publication yet."""
        return next((p for p in self.points if p.date == date), None)

    def as_dict(self):
        return {
            "label": self.label,
            "key": self.key,
            "points": [p.as_dict() for p in self.points],
        }


@dataclass(frozen=True)
class History:
    plan: Series
    axes: list  # [Series]
    dates: list

    @property
    def includes_illustrative(self):
        return self.plan.includes_illustrative

    def rows(self):
        """[(date, plan point, [axis point or None])]: a table with a column per axis."""
        return [(d, self.plan.at(d), [s.at(d) for s in self.axes]) for d in self.dates]


def _point(date, snapshots):
    statuses = [s.status for s in snapshots]
    return Point(
        date=date,
        progress=mean_progress(
            (s.progress for s in snapshots),
            all_complete=all(st == CommitmentStatus.COMPLETED for st in statuses),
        ),
        count=len(snapshots),
        includes_illustrative=any(s.progress_is_illustrative for s in snapshots),
    )


def _snapshot_axis(snapshot, plan):
    axis = snapshot.commitment.axis
    return axis if axis is not None and axis.plan_id == plan.pk else None


def history(plan, snapshots):
    """The plan's progress over time: for each date with a publication, the mean progress of
    its commitments, each at its latest publication up to that date (a step series); and the
    same per axis (the commitment's axis today).

    ``snapshots``: the plan's (``plan_snapshots``), in any order.
    """
    snapshots = sorted(
        (s for s in snapshots if s.plan_id == plan.pk), key=lambda s: (s.published_at, s.pk)
    )
    latest = {}  # commitment id -> its latest snapshot so far
    axes = {}  # axis pk -> axis
    plan_points = []
    axis_points = {}  # axis pk -> [Point]
    dates = []
    index = 0
    while index < len(snapshots):
        date = timezone.localtime(snapshots[index].published_at).date()
        while (
            index < len(snapshots)
            and timezone.localtime(snapshots[index].published_at).date() == date
        ):
            snapshot = snapshots[index]
            latest[snapshot.commitment_id] = snapshot
            axis = _snapshot_axis(snapshot, plan)
            if axis is not None:
                axes.setdefault(axis.pk, axis)
            index += 1
        dates.append(date)
        current = list(latest.values())
        plan_points.append(_point(date, current))
        per_axis = {}
        for snapshot in current:
            axis = _snapshot_axis(snapshot, plan)
            if axis is not None:
                per_axis.setdefault(axis.pk, []).append(snapshot)
        for pk, members in per_axis.items():
            axis_points.setdefault(pk, []).append(_point(date, members))
    ordered = sorted(axes.values(), key=_axis_sort)
    return History(
        plan=Series(label=plan.title, key=plan.slug, points=plan_points),
        axes=[Series(label=a.name, key=a.slug, points=axis_points[a.pk]) for a in ordered],
        dates=dates,
    )

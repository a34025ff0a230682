"""cms_blocks.progress: roll-ups to axis, lead institution and plan, and the history series."""

import datetime as dt

import pytest
from django.utils import timezone

from cms_blocks import progress as rollups
from cms_blocks.models import Commitment, CommitmentSnapshot, CommitmentStatus, Milestone
from tests import factories as f

pytestmark = pytest.mark.django_db

DONE, GOING, TODO = (
    Milestone.Status.COMPLETED,
    Milestone.Status.IN_PROGRESS,
    Milestone.Status.NOT_STARTED,
)
TODAY = dt.date(2023, 7, 1)


def ms(status, weight=1, end=dt.date(2023, 11, 30), illustrative=False):
    return f.MilestoneFactory.build(
        status=status, weight=weight, end_date=end, is_illustrative=illustrative
    )


@pytest.fixture
def plan():
    return f.ActionPlanFactory(slug="plan-rollups", period_start=dt.date(2023, 1, 1))


def fetched(plan):
    return list(rollups.plan_commitments(plan))


def by_title(groups):
    return {g.label: g for g in groups}


# -- arithmetic ----------------------------------------------------------------------------


def test_each_commitment_counts_equally_and_weights_act_inside_it(plan):
    axis = f.AxisFactory(plan=plan, name="Datos")
    # 3 of 4 weight done: 75 %; 1 of 2: 50 %; no milestone: 0 %.
    f.CommitmentFactory(plan=plan, axis=axis, milestones=[ms(DONE, 3), ms(TODO, 1)])
    f.CommitmentFactory(plan=plan, axis=axis, milestones=[ms(DONE), ms(GOING)])
    f.CommitmentFactory(plan=plan, axis=axis, milestones=[])
    progress = [c.progress for c in Commitment.objects.filter(plan=plan).order_by("pk")]
    assert progress == [75, 50, 0]
    group = rollups.plan_progress(plan, fetched(plan), TODAY).overall
    # (75 + 50 + 0) / 3 = 41.7, not the milestones' 4 of 6 weight (66.7).
    assert group.count == 3
    assert group.progress == 42
    assert group.status == CommitmentStatus.IN_PROGRESS
    assert group.status_counts == {
        CommitmentStatus.NOT_STARTED: 1,
        CommitmentStatus.IN_PROGRESS: 2,
        CommitmentStatus.COMPLETED: 0,
    }


def test_a_group_reads_100_only_when_every_commitment_is_complete(plan):
    # 100 of 101 weight done: 99 %; with a complete one the mean rounds to 100, shown as 99.
    f.CommitmentFactory(plan=plan, milestones=[ms(DONE, 100), ms(GOING, 1)])
    f.CommitmentFactory(plan=plan, milestones=[ms(DONE)])
    group = rollups.plan_progress(plan, fetched(plan), TODAY).overall
    assert sorted(c.progress for c in group.commitments) == [99, 100]
    assert group.progress == 99
    assert group.status == CommitmentStatus.IN_PROGRESS
    Commitment.objects.filter(plan=plan, progress=99).get().milestones.update(status=DONE)
    for commitment in Commitment.objects.filter(plan=plan):
        commitment.save()
    group = rollups.plan_progress(plan, fetched(plan), TODAY).overall
    assert (group.progress, group.status) == (100, CommitmentStatus.COMPLETED)


@pytest.mark.parametrize(
    "statuses, expected",
    [
        ([CommitmentStatus.COMPLETED, CommitmentStatus.COMPLETED], CommitmentStatus.COMPLETED),
        ([CommitmentStatus.COMPLETED, CommitmentStatus.NOT_STARTED], CommitmentStatus.IN_PROGRESS),
        ([CommitmentStatus.IN_PROGRESS], CommitmentStatus.IN_PROGRESS),
        (
            [CommitmentStatus.NOT_STARTED, CommitmentStatus.NOT_STARTED],
            CommitmentStatus.NOT_STARTED,
        ),
        ([], CommitmentStatus.NOT_STARTED),
    ],
)
def test_group_status(statuses, expected):
    assert rollups.group_status(statuses) == expected


def test_an_empty_group():
    assert rollups.mean_progress([], all_complete=True) == 0
    group = rollups.rollup([], TODAY)
    assert (group.count, group.progress, group.status, group.late) == (0, 0, "not_started", 0)
    assert group.includes_illustrative is False


# -- late milestones -------------------------------------------------------------------------


def test_late_milestones_on_a_fixed_day(plan):
    june = dt.date(2023, 6, 30)
    late = f.CommitmentFactory(
        plan=plan, title="Con retraso", milestones=[ms(GOING, end=june), ms(TODO, end=june)]
    )
    f.CommitmentFactory(plan=plan, title="Completo a tiempo", milestones=[ms(DONE, end=june)])
    f.CommitmentFactory(plan=plan, title="Sin fecha", milestones=[ms(TODO, end=None)])
    commitments = fetched(plan)
    on_the_day = rollups.plan_progress(plan, commitments, june)
    assert on_the_day.overall.late == 0 and on_the_day.late == []
    after = rollups.plan_progress(plan, commitments, TODAY)
    assert after.overall.late == 1  # commitments, not milestones
    assert [(i.commitment.pk, i.milestone.status) for i in after.late] == [
        (late.pk, GOING),
        (late.pk, TODO),
    ]


# -- illustrative ----------------------------------------------------------------------------


def test_includes_illustrative_when_any_commitment_progress_is(plan):
    axis_real = f.AxisFactory(plan=plan, name="Real")
    axis_mixed = f.AxisFactory(plan=plan, name="Mixto")
    f.CommitmentFactory(plan=plan, axis=axis_real, milestones=[ms(DONE), ms(TODO)])
    # Mixed milestones: the figure is not «only from illustrative milestones».
    f.CommitmentFactory(
        plan=plan, axis=axis_mixed, milestones=[ms(DONE, illustrative=True), ms(TODO)]
    )
    now = rollups.plan_progress(plan, fetched(plan), TODAY)
    assert now.overall.includes_illustrative is False
    f.CommitmentFactory(plan=plan, axis=axis_mixed, milestones=[ms(DONE, illustrative=True)])
    now = rollups.plan_progress(plan, fetched(plan), TODAY)
    assert now.overall.includes_illustrative is True
    axes = by_title(now.axes)
    assert axes["Real"].includes_illustrative is False
    assert axes["Mixto"].includes_illustrative is True
    f.CommitmentFactory(plan=plan, axis=axis_real, is_illustrative=True, milestones=[ms(TODO)])
    axes = by_title(rollups.plan_progress(plan, fetched(plan), TODAY).axes)
    assert axes["Real"].includes_illustrative is True  # an illustrative commitment


# -- groups ----------------------------------------------------------------------------------


def test_groups_by_axis_and_by_lead_institution_in_their_order(plan):
    second = f.AxisFactory(plan=plan, name="Segundo", sort_order=2)
    first = f.AxisFactory(plan=plan, name="Primero", sort_order=1)
    lead = f.InstitutionFactory(name="Líder", sort_order=1)
    hidden = f.InstitutionFactory(name="No publicada", unpublished=True)
    f.CommitmentFactory(plan=plan, axis=second, lead_institution=lead, milestones=[ms(DONE)])
    f.CommitmentFactory(plan=plan, axis=first, lead_institution=lead, milestones=[ms(TODO)])
    f.CommitmentFactory(plan=plan, axis=None, lead_institution=hidden, milestones=[ms(GOING)])
    now = rollups.plan_progress(plan, fetched(plan), TODAY)
    assert [(g.label, g.count, g.progress) for g in now.axes] == [
        ("Primero", 1, 0),
        ("Segundo", 1, 100),
        ("Sin eje", 1, 0),
    ]
    assert [g.status for g in now.axes] == ["not_started", "completed", "in_progress"]
    assert [(g.label, g.count, g.progress) for g in now.institutions] == [
        ("Líder", 2, 50),
        ("Sin institución líder publicada", 1, 0),
    ]
    assert "No publicada" not in str([g.as_dict() for g in now.institutions])


def test_plan_progress_leaves_out_another_plans_commitments(plan):
    other = f.ActionPlanFactory(slug="otro-plan")
    f.CommitmentFactory(plan=plan, milestones=[ms(DONE)])
    f.CommitmentFactory(plan=other, axis=f.AxisFactory(plan=other), milestones=[ms(TODO)])
    mixed = list(rollups.queries.commitments(plan=None).filter(plan__in=[plan, other]))
    assert len(mixed) == 2
    assert rollups.plan_progress(plan, mixed, TODAY).overall.progress == 100
    assert rollups.plan_progress(other, mixed, TODAY).overall.progress == 0


def test_the_roll_ups_make_no_query(plan, django_assert_num_queries):
    for _ in range(3):
        f.CommitmentFactory(plan=plan, milestones=[ms(DONE), ms(TODO, end=dt.date(2023, 1, 1))])
    commitments = fetched(plan)
    with django_assert_num_queries(0):
        now = rollups.plan_progress(plan, commitments, TODAY)
        [g.as_dict() for g in [now.overall, *now.axes, *now.institutions]]
    assert now.overall.late == 3


# -- over time -------------------------------------------------------------------------------


def at(day, hour=12):
    return timezone.make_aware(dt.datetime(2023, 3, day, hour))


def clear_snapshots(plan):
    """Publishing a commitment records a snapshot (cms_blocks.history): these tests write
    their own, on chosen dates."""
    CommitmentSnapshot.objects.filter(plan=plan).delete()


def snapshot(commitment, when, progress, status=CommitmentStatus.IN_PROGRESS, **kwargs):
    return CommitmentSnapshot.objects.create(
        commitment=commitment,
        plan=kwargs.pop("plan", commitment.plan),
        published_at=when,
        progress=progress,
        status=status,
        milestones_done=0,
        milestones_total=2,
        **kwargs,
    )


def test_history_is_a_step_series_of_each_commitments_latest_publication(plan):
    a = f.AxisFactory(plan=plan, name="A", sort_order=1)
    b = f.AxisFactory(plan=plan, name="B", sort_order=2)
    one = f.CommitmentFactory(plan=plan, axis=a)
    two = f.CommitmentFactory(plan=plan, axis=b)
    clear_snapshots(plan)
    snapshot(one, at(1), 10)
    snapshot(one, at(1, 18), 20)  # the same day: the later one counts
    snapshot(two, at(2), 60, progress_is_illustrative=True)
    snapshot(one, at(5), 40)
    history = rollups.history(plan, rollups.plan_snapshots(plan))
    days = [dt.date(2023, 3, d) for d in (1, 2, 5)]
    assert history.dates == days
    assert [(p.date, p.progress, p.count) for p in history.plan.points] == [
        (days[0], 20, 1),
        (days[1], 40, 2),
        (days[2], 50, 2),
    ]
    assert [p.includes_illustrative for p in history.plan.points] == [False, True, True]
    assert [s.label for s in history.axes] == ["A", "B"]
    assert [(p.date, p.progress) for p in history.axes[0].points] == [
        (days[0], 20),
        (days[1], 20),
        (days[2], 40),
    ]
    assert [(p.date, p.progress) for p in history.axes[1].points] == [(days[1], 60), (days[2], 60)]
    assert history.axes[1].at(days[0]) is None
    rows = history.rows()
    assert rows[0][0] == days[0] and rows[0][1].progress == 20 and rows[0][2][1] is None


def test_history_reads_100_only_when_every_commitment_was_complete(plan):
    one, two = f.CommitmentFactory(plan=plan), f.CommitmentFactory(plan=plan)
    clear_snapshots(plan)
    snapshot(one, at(1), 100, CommitmentStatus.COMPLETED)
    snapshot(two, at(2), 99)
    snapshot(two, at(3), 100, CommitmentStatus.COMPLETED)
    points = rollups.history(plan, rollups.plan_snapshots(plan)).plan.points
    assert [p.progress for p in points] == [100, 99, 100]


def test_history_is_the_plans_and_of_published_commitments_only(plan):
    other = f.ActionPlanFactory(slug="otro-plan-historia")
    mine = f.CommitmentFactory(plan=plan)
    theirs = f.CommitmentFactory(plan=other, axis=f.AxisFactory(plan=other))
    withdrawn = f.CommitmentFactory(plan=plan, unpublished=True)
    clear_snapshots(plan)
    clear_snapshots(other)
    snapshot(mine, at(1), 30)
    snapshot(theirs, at(1), 90)
    snapshot(withdrawn, at(2), 90)
    snapshots = rollups.plan_snapshots(plan)
    assert {s.commitment_id for s in snapshots} == {mine.pk}
    assert [p.progress for p in rollups.history(plan, snapshots).plan.points] == [30]
    # Given another plan's snapshots, history keeps to its plan.
    everything = list(rollups.snapshots_queryset())
    assert [p.progress for p in rollups.history(other, everything).plan.points] == [90]


def test_history_is_one_query_whatever_the_snapshots(plan, django_assert_num_queries):
    axis = f.AxisFactory(plan=plan)
    commitments = [f.CommitmentFactory(plan=plan, axis=axis) for _ in range(3)]
    clear_snapshots(plan)
    for day in range(1, 11):
        for commitment in commitments:
            snapshot(commitment, at(day), day * 5)
    with django_assert_num_queries(1):
        history = rollups.history(plan, rollups.plan_snapshots(plan))
        [s.as_dict() for s in [history.plan, *history.axes]]
    assert len(history.dates) == 10 and history.plan.points[-1].progress == 50

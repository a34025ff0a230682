"""Models and progress logic of the cms_blocks snippets."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms_blocks.charts import bar_chart
from cms_blocks.models import (
    CoCreationFigure,
    Commitment,
    CommitmentStatus,
    Consultation,
    ConsultationOption,
    Milestone,
    progress_from_milestones,
)
from tests.factories import CommitmentFactory, MilestoneFactory, default_plan

S = Milestone.Status


def milestones(*statuses):
    return [Milestone(title=f"Hito {i}", status=status) for i, status in enumerate(statuses)]


# -- progress_from_milestones ---------------------------------------------------------------


def test_progress_without_milestones_is_zero_not_started():
    assert progress_from_milestones([]) == (0, CommitmentStatus.NOT_STARTED)


def test_progress_all_done_is_complete():
    assert progress_from_milestones(milestones(S.COMPLETED, S.COMPLETED)) == (
        100,
        CommitmentStatus.COMPLETED,
    )


def test_progress_none_started():
    assert progress_from_milestones(milestones(S.NOT_STARTED, S.NOT_STARTED)) == (
        0,
        CommitmentStatus.NOT_STARTED,
    )


@pytest.mark.parametrize("started", [S.IN_PROGRESS, S.DELAYED])
def test_progress_some_started_is_in_progress(started):
    assert progress_from_milestones(milestones(started, S.NOT_STARTED)) == (
        0,
        CommitmentStatus.IN_PROGRESS,
    )


def test_progress_counts_completed_over_all():
    progress, status = progress_from_milestones(
        milestones(S.COMPLETED, S.COMPLETED, S.IN_PROGRESS, S.NOT_STARTED)
    )
    assert (progress, status) == (50, CommitmentStatus.IN_PROGRESS)


def test_progress_completed_and_not_started_is_in_progress():
    # A finished milestone means the commitment has started, even if nothing is "en curso".
    assert progress_from_milestones(milestones(S.COMPLETED, S.NOT_STARTED)) == (
        50,
        CommitmentStatus.IN_PROGRESS,
    )


@pytest.mark.parametrize(
    ("done", "total", "expected"),
    [(1, 3, 33), (2, 3, 67), (1, 6, 17), (5, 6, 83), (2, 7, 29), (199, 200, 99)],
)
def test_progress_rounds_to_whole_percent(done, total, expected):
    statuses = [S.COMPLETED] * done + [S.IN_PROGRESS] * (total - done)
    progress, _status = progress_from_milestones(milestones(*statuses))
    assert progress == expected
    assert isinstance(progress, int)


# -- Commitment -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_commitment_save_derives_status_and_progress_from_milestones():
    commitment = Commitment(
        plan=default_plan(), title="Compromiso de prueba", slug="compromiso-de-prueba-modelo"
    )
    commitment.milestones = milestones(S.COMPLETED, S.IN_PROGRESS, S.NOT_STARTED, S.NOT_STARTED)
    commitment.save()
    commitment.refresh_from_db()
    assert (commitment.progress, commitment.status) == (25, CommitmentStatus.IN_PROGRESS)

    edited = list(commitment.milestones.all())
    for milestone in edited:
        milestone.status = S.COMPLETED
    commitment.milestones = edited
    commitment.save()
    commitment.refresh_from_db()
    assert (commitment.progress, commitment.status) == (100, CommitmentStatus.COMPLETED)
    assert Commitment.objects.filter(pk=commitment.pk, status="completed", progress=100).exists()


@pytest.mark.django_db
def test_commitment_save_with_update_fields_still_stores_the_derived_status():
    commitment = Commitment(plan=default_plan(), title="Parcial", slug="parcial-modelo")
    commitment.milestones = milestones(S.NOT_STARTED)
    commitment.save()
    commitment.milestones = milestones(S.COMPLETED)  # in memory
    commitment.title = "Parcial editado"
    commitment.save(update_fields=["title"])
    stored = Commitment.objects.values("title", "status", "progress").get(pk=commitment.pk)
    assert stored == {"title": "Parcial editado", "status": "completed", "progress": 100}


@pytest.mark.django_db
def test_commitment_without_milestones_saves_as_not_started():
    commitment = Commitment.objects.create(
        plan=default_plan(), title="Sin hitos", slug="sin-hitos-modelo"
    )
    assert (commitment.progress, commitment.status) == (0, CommitmentStatus.NOT_STARTED)


def test_commitment_status_and_progress_are_not_editable():
    assert not Commitment._meta.get_field("status").editable
    assert not Commitment._meta.get_field("progress").editable


def test_commitment_end_before_start_is_rejected_in_spanish():
    commitment = Commitment(
        title="Fechas",
        slug="fechas",
        start_date=dt.date(2023, 6, 1),
        end_date=dt.date(2023, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        commitment.clean()
    assert error.value.message_dict["end_date"] == [
        "La fecha de finalización no puede ser anterior a la de inicio."
    ]


def test_commitment_same_day_or_open_dates_are_valid():
    Commitment(
        title="a", slug="a", start_date=dt.date(2023, 1, 1), end_date=dt.date(2023, 1, 1)
    ).clean()
    Commitment(title="a", slug="a", start_date=dt.date(2023, 1, 1)).clean()
    Commitment(title="a", slug="a", end_date=dt.date(2023, 1, 1)).clean()


def test_milestone_end_before_start_is_rejected_in_spanish():
    milestone = Milestone(title="h", start_date=dt.date(2023, 6, 1), end_date=dt.date(2023, 5, 1))
    with pytest.raises(ValidationError) as error:
        milestone.clean()
    assert "anterior a la de inicio" in error.value.message_dict["end_date"][0]


def test_ogp_values_lists_the_chosen_values_in_spanish():
    commitment = Commitment(value_civic_participation=True, value_public_accountability=True)
    assert [str(v) for v in commitment.ogp_values] == [
        "participación cívica",
        "rendición de cuentas",
    ]
    assert Commitment().ogp_values == []
    every = Commitment(
        value_access_to_information=True,
        value_civic_participation=True,
        value_public_accountability=True,
        value_technology_innovation=True,
    )
    assert len(every.ogp_values) == 4
    assert str(every.ogp_values[0]) == "acceso a la información"


def test_commitment_str_and_url():
    assert str(Commitment(code="COCDI0001", title="Juntas")) == "COCDI0001 · Juntas"
    assert str(Commitment(title="Juntas")) == "Juntas"
    assert Commitment(slug="juntas").get_absolute_url() == "/compromisos/juntas/"


@pytest.mark.django_db
def test_saved_commitments_progress_follows_their_milestones(content):
    done, some, none = (Commitment.objects.get(pk=c.pk) for c in content.commitments)
    assert (done.progress, done.status) == (100, CommitmentStatus.COMPLETED)
    assert (some.progress, some.status) == (33, CommitmentStatus.IN_PROGRESS)
    assert (none.progress, none.status) == (0, CommitmentStatus.NOT_STARTED)
    assert done.has_illustrative_milestones and not some.has_illustrative_milestones
    flagged = CommitmentFactory(
        milestones=[
            MilestoneFactory.build(status=Milestone.Status.COMPLETED, is_illustrative=True),
            MilestoneFactory.build(),
        ]
    )
    flagged = Commitment.objects.get(pk=flagged.pk)
    assert (flagged.progress, flagged.status) == (50, CommitmentStatus.IN_PROGRESS)
    assert flagged.has_illustrative_milestones


# -- Consultation ----------------------------------------------------------------------------

OPENS = timezone.make_aware(dt.datetime(2022, 11, 14, 0, 0))
CLOSES = timezone.make_aware(dt.datetime(2022, 11, 21, 23, 59))


def consultation(**kwargs):
    return Consultation(
        title="c", slug="c", question="¿?", opens_at=OPENS, closes_at=CLOSES, **kwargs
    )


@pytest.mark.parametrize(
    ("now", "is_open", "is_closed"),
    [
        (OPENS - dt.timedelta(seconds=1), False, False),
        (OPENS, True, False),
        (CLOSES - dt.timedelta(seconds=1), True, False),
        (CLOSES, False, True),
        (CLOSES + dt.timedelta(days=30), False, True),
    ],
)
def test_consultation_open_and_closed(now, is_open, is_closed):
    c = consultation()
    assert c.is_open(now) is is_open
    assert c.is_closed(now) is is_closed


def test_consultation_results_visibility():
    during = OPENS + dt.timedelta(days=1)
    after = CLOSES + dt.timedelta(days=1)
    after_close = consultation(results_visibility=Consultation.ResultsVisibility.AFTER_CLOSE)
    assert not after_close.results_visible(during)
    assert after_close.results_visible(after)
    live = consultation(results_visibility=Consultation.ResultsVisibility.LIVE)
    assert live.results_visible(during)
    assert live.results_visible(OPENS - dt.timedelta(days=1))
    assert live.results_visible(after)


def test_consultation_closing_before_opening_is_rejected_in_spanish():
    c = Consultation(title="c", slug="c", question="¿?", opens_at=CLOSES, closes_at=OPENS)
    with pytest.raises(ValidationError) as error:
        c.clean()
    assert error.value.message_dict["closes_at"] == ["El cierre debe ser posterior a la apertura."]
    same = Consultation(title="c", slug="c", question="¿?", opens_at=OPENS, closes_at=OPENS)
    with pytest.raises(ValidationError):
        same.clean()


def test_consultation_needs_at_least_one_choice():
    with pytest.raises(ValidationError) as error:
        consultation(max_choices=0).clean()
    assert error.value.message_dict["max_choices"] == ["Debe permitir al menos una opción."]


@pytest.mark.django_db
def test_consultation_results_in_option_order_with_reported_votes():
    c = consultation(plan=default_plan())
    c.slug = "resultados-modelo"
    c.options = [
        ConsultationOption(title="A", reported_votes=3),
        ConsultationOption(title="B", reported_votes=None),
        ConsultationOption(title="C", reported_votes=10),
    ]
    c.save()
    c = Consultation.objects.prefetch_related("options").get(pk=c.pk)
    assert [(option.title, votes) for option, votes in c.get_results()] == [
        ("A", 3),
        ("B", 0),
        ("C", 10),
    ]


# -- Co-creation figures ----------------------------------------------------------------------


def test_cocreation_figure_display_value():
    assert CoCreationFigure(label="personas", value=246).display_value == "246"
    figure = CoCreationFigure(label="propuestas ciudadanas", value=120, qualifier="más de")
    assert figure.display_value == "más de 120"
    assert str(figure) == "más de 120 propuestas ciudadanas"


# -- charts.bar_chart -------------------------------------------------------------------------


def test_bar_chart_scales_bars_to_the_largest_value():
    chart = bar_chart([("A", 50), ("B", 25), ("C", 0)], title="t", width=640)
    assert chart.bar_area == 560
    assert [bar.width for bar in chart.bars] == [560, 280, 0]
    assert chart.total == 75
    assert [bar.percent for bar in chart.bars] == [66.7, 33.3, 0]
    assert [bar.value for bar in chart.bars] == [50, 25, 0]


def test_bar_chart_rows_do_not_overlap():
    chart = bar_chart([("A", 1), ("B", 2), ("C", 3)], bar_height=28, gap=12)
    ys = [bar.y for bar in chart.bars]
    assert ys == sorted(ys)
    assert all(b - a >= chart.bar_height for a, b in zip(ys, ys[1:], strict=False))
    assert chart.height >= ys[-1] + chart.bar_height


def test_bar_chart_zero_total_has_empty_bars_and_no_division_error():
    chart = bar_chart([("A", 0), ("B", None)])
    assert chart.total == 0
    assert [(bar.width, bar.percent) for bar in chart.bars] == [(0, 0), (0, 0)]


def test_bar_chart_without_rows_still_has_a_height():
    chart = bar_chart([])
    assert chart.bars == []
    assert chart.height > 0


def test_bar_chart_negative_values_count_as_zero():
    chart = bar_chart([("A", -5), ("B", 5)])
    assert [bar.value for bar in chart.bars] == [0, 5]
    assert chart.bars[1].percent == 100

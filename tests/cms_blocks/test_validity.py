"""cms_blocks.validity: what changes with the clock alone notes when it changes."""

import datetime as dt

import pytest
from django.utils import timezone

from cms_blocks import validity
from cms_blocks.models import Consultation

pytestmark = pytest.mark.django_db


def test_outside_collect_nothing_is_noted_and_today_is_the_local_date():
    assert validity.today() == timezone.localdate()


def test_today_bounds_the_render_at_the_next_local_midnight():
    with validity.collect() as bound:
        validity.today()
    tomorrow = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time())
    )
    assert bound[0] == tomorrow
    assert 0 <= validity.seconds_left(bound) <= 24 * 3600


def test_the_earliest_future_moment_wins_and_past_ones_are_ignored():
    now = timezone.now()
    with validity.collect() as bound:
        validity.noting(now + dt.timedelta(hours=2))
        validity.noting(now - dt.timedelta(hours=1))
        validity.noting(now + dt.timedelta(minutes=5))
    assert bound[0] == now + dt.timedelta(minutes=5)
    with validity.collect() as nothing:
        validity.noting(None)
    assert validity.seconds_left(nothing) is None


def test_a_consultation_notes_when_it_opens_and_when_it_closes():
    now = timezone.now()
    upcoming = Consultation(
        opens_at=now + dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=1)
    )
    with validity.collect() as bound:
        assert not upcoming.is_open()
    assert bound[0] == upcoming.opens_at

    running = Consultation(
        opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(hours=3)
    )
    with validity.collect() as bound:
        assert running.is_open() and not running.is_closed()
    assert bound[0] == running.closes_at

    with validity.collect() as bound:  # an explicit time is a question about that time
        running.is_open(now=now)
    assert bound[0] is None

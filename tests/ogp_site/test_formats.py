"""A date typed in the English admin is read day first, as its picker writes it (issue 12)."""

import datetime

import pytest
from django import forms
from django.utils import translation


class DateForm(forms.Form):
    day = forms.DateField()
    moment = forms.DateTimeField()


@pytest.mark.parametrize("language", ["es-co", "en"])
def test_a_day_first_date_means_the_same_in_both_languages(language):
    with translation.override(language):
        form = DateForm({"day": "01/02/2023", "moment": "31/12/2023 10:30"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2023, 2, 1)
    assert form.cleaned_data["moment"].date() == datetime.date(2023, 12, 31)


def test_iso_dates_are_still_read_in_english():
    with translation.override("en"):
        form = DateForm({"day": "2023-02-01", "moment": "2023-12-31 10:30"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2023, 2, 1)

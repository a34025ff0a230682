"""cms_blocks stays reusable: participation plugs into it, never the other way round."""

import re
from pathlib import Path

import pytest

import cms_blocks
from cms_blocks import extensions
from participation.views import consultation_page_extension
from participation.voting import online_tally

from .helpers import make_consultation

CMS_BLOCKS_DIR = Path(cms_blocks.__file__).parent
FORBIDDEN_IMPORT = re.compile(r"^\s*(from|import)\s+(participation|home)\b", re.MULTILINE)


def test_cms_blocks_never_imports_participation_or_home():
    offenders = [
        str(path.relative_to(CMS_BLOCKS_DIR))
        for path in CMS_BLOCKS_DIR.rglob("*.py")
        if FORBIDDEN_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_participation_registers_its_extensions():
    assert online_tally in extensions._tally_providers
    assert consultation_page_extension in extensions._consultation_page_extensions


@pytest.mark.django_db
def test_tally_providers_add_up(monkeypatch):
    consultation = make_consultation(slug="proveedores", reported=[2, None, 1])
    first, second, _third = [o.pk for o in consultation.options.all()]

    def fake_provider(consultation, option_ids):
        return {first: 5, second: 1}

    monkeypatch.setattr(extensions, "_tally_providers", [online_tally, fake_provider])
    assert [v for _o, v in consultation.get_results()] == [7, 1, 1]
    monkeypatch.setattr(extensions, "_tally_providers", [])
    assert [v for _o, v in consultation.get_results()] == [2, 0, 1]


def consultation_form_data(consultation, delete_index=None):
    from django.utils import timezone
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    def when(moment):
        return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")

    options = [
        {
            "id": option.pk,
            "title": option.title,
            "description": option.description,
            "reported_votes": "",
            "ORDER": index,
            **({"DELETE": "on"} if index == delete_index else {}),
        }
        for index, option in enumerate(consultation.options.all())
    ]
    return nested_form_data(
        {
            "plan": consultation.plan_id,
            "title": consultation.title,
            "slug": consultation.slug,
            "question": consultation.question,
            "description": "",
            "opens_at": when(consultation.opens_at),
            "closes_at": when(consultation.closes_at),
            "max_choices": consultation.max_choices,
            "results_visibility": consultation.results_visibility,
            "reported_participants": "",
            "participants_qualifier": "",
            "results_summary": "",
            "source": "",
            "options": inline_formset(options, initial=len(options)),
        }
    )


@pytest.mark.django_db
def test_an_option_with_online_votes_cannot_be_removed(client):
    from wagtail.admin.panels import get_edit_handler

    from cms_blocks.models import Consultation
    from participation.models import Ballot, BallotChoice

    consultation = make_consultation(slug="opciones-protegidas")
    voted = list(consultation.options.all())[1]
    ballot = Ballot.objects.create(consultation=consultation)
    BallotChoice.objects.create(ballot=ballot, option=voted)
    form_class = get_edit_handler(Consultation).get_form_class()

    form = form_class(consultation_form_data(consultation, delete_index=1), instance=consultation)
    assert not form.is_valid()
    assert "No se puede quitar «Biblioteca barrial»: ya recibió votos en línea" in str(
        form.non_field_errors()
    )
    # An option without votes can go.
    form = form_class(consultation_form_data(consultation, delete_index=0), instance=consultation)
    assert form.is_valid(), (form.errors, [f.errors for f in form.formsets["options"].forms])

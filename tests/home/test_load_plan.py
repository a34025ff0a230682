"""The seed command: idempotent, shows progress, never overwrites what staff edited."""

import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from cms_blocks.models import ActionPlan, Commitment, CommitteeMember, Initiative
from home.models import EntitySettings

pytestmark = pytest.mark.django_db


def counts():
    models = list(apps.get_app_config("cms_blocks").get_models())
    models += list(apps.get_app_config("home").get_models())
    models += [Page, Revision, Site]
    return {model._meta.label: model.objects.count() for model in models}


def load_plan():
    out = io.StringIO()
    call_command("load_plan", stdout=out)
    return out.getvalue()


def test_seed_content_is_there(seeded):
    before = counts()
    assert before["cms_blocks.Commitment"] == 2
    assert before["cms_blocks.CommitteeMember"] == 12
    assert before["cms_blocks.Institution"] >= 7
    assert before["cms_blocks.CoCreationFigure"] >= 6
    assert before["cms_blocks.MonitorReport"] == 2
    assert before["home.ActionPlanPage"] == 1
    assert before["home.ContentPage"] >= 4


def test_second_run_changes_nothing(seeded):
    before = counts()
    first = load_plan()
    second = load_plan()
    assert counts() == before
    assert first == second
    assert "0 elementos creados" in second


def test_shows_progress(seeded):
    output = load_plan()
    lines = output.splitlines()
    steps = [re.match(r"^\[(\d+)/(\d+)\] \S", line) for line in lines[:-1]]
    assert all(steps), lines
    totals = {int(step.group(2)) for step in steps}
    assert len(totals) == 1 and totals.pop() == len(steps) >= 10
    assert [int(step.group(1)) for step in steps] == list(range(1, len(steps) + 1))
    assert lines[0].startswith("[1/") and "Plan de acción" in lines[0]
    assert "Ejes de trabajo" in output
    assert "Compromisos e hitos" in output
    assert lines[-1].startswith("Listo:")


def test_quiet_with_verbosity_zero(seeded):
    out = io.StringIO()
    call_command("load_plan", verbosity=0, stdout=out)
    assert out.getvalue() == ""


def test_never_overwrites_what_staff_edited(seeded):
    commitment = Commitment.objects.get(code="COCDI0001")
    commitment.title = "Título editado por la Oficina de Comunicaciones"
    commitment.save_revision().publish()
    member = CommitteeMember.objects.get(name="Eliana Salas")
    member.role = "Coordinadora"
    member.save_revision().publish()
    entity = EntitySettings.for_site(Site.objects.get(is_default_site=True))
    entity.opening_hours = "Lunes a jueves, 8:00 a 12:00"
    entity.save()
    plan = ActionPlan.objects.get(slug="2023")
    plan.motto = "Lema editado"
    plan.save_revision().publish()
    before = counts()

    load_plan()

    assert counts() == before
    assert Commitment.objects.get(pk=commitment.pk).title == (
        "Título editado por la Oficina de Comunicaciones"
    )
    assert CommitteeMember.objects.get(pk=member.pk).role == "Coordinadora"
    entity = EntitySettings.for_site(Site.objects.get(is_default_site=True))
    assert entity.opening_hours == "Lunes a jueves, 8:00 a 12:00"
    assert ActionPlan.objects.get(pk=plan.pk).motto == "Lema editado"


def test_restores_only_what_is_missing(seeded):
    Initiative.objects.get(slug="codigos-qr").delete()
    before = counts()
    output = load_plan()
    after = counts()
    assert after["cms_blocks.Initiative"] == before["cms_blocks.Initiative"] + 1
    restored = Initiative.objects.get(slug="codigos-qr")
    assert restored.live
    assert "1 elementos creados" in output

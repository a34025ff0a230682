"""The «Resumen del avance» block (plan_progress): a plan's progress summary on any page, with
a link to its dashboard; its plan is the chosen one, the page's, or the current one."""

import datetime as dt
import re

import pytest

from cms_blocks.blocks import CONTENT_BLOCKS, PlanProgressBlock
from cms_blocks.models import Milestone
from tests import factories as f
from tests.cms_blocks.testsite.factories import TestPageFactory

pytestmark = pytest.mark.django_db

BLOCK_NAMES = [name for name, _block in CONTENT_BLOCKS]


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def render(value, context=None):
    block = PlanProgressBlock()
    return block.render(block.to_python(value), context=context)


def other_plan():
    plan = f.ActionPlanFactory(
        slug="2025", title="Plan 2025", period_start=dt.date(2020, 1, 1)
    )  # earlier: the content's plan stays the current one
    axis = f.AxisFactory(plan=plan, name="Eje solo de 2025")
    f.CommitmentFactory(
        plan=plan,
        axis=axis,
        lead_institution=f.InstitutionFactory(name="Instituto solo de 2025"),
        title="Compromiso solo de 2025",
        milestones=[f.MilestoneFactory.build(status=Milestone.Status.COMPLETED)],
    )
    return plan


def test_block_sits_with_the_plans_blocks_after_the_commitments():
    assert BLOCK_NAMES.index("plan_progress") == BLOCK_NAMES.index("commitment_list") + 1
    assert str(PlanProgressBlock().meta.group) == "Plan de acción"


def test_summary_of_the_current_plan_with_a_link_to_its_dashboard(content):
    html = render({"heading": "Así vamos"})
    text = text_of(html)
    assert "<h2>Así vamos</h2>" in html
    assert content.plan.title in text
    assert "44 %" in text and "3 compromisos" in text
    assert "1 con hitos retrasados" in text
    assert "incluye avance ilustrativo" in text  # «Presupuesto abierto» is illustrative
    assert f'href="/planes/{content.plan.slug}/avance/"' in html
    assert "<svg" not in html.replace('<svg class="progress-track"', "")  # no breakdown chart


def test_breakdowns_per_axis_and_per_institution_are_charts_with_their_tables(content):
    html = render({"show_axes": True, "show_institutions": True})
    charts = html.count("<svg") - html.count('<svg class="progress-track"')  # the bar is SVG too
    assert charts == 2 and html.count("<table") == 2
    assert html.count("<caption") == 2
    text = text_of(html)
    for name in [a.name for a in content.axes] + [content.lead.name, content.coordinating.name]:
        assert name in text
    only_axes = render({"show_axes": True})
    assert "Avance por eje" in only_axes and "Avance por institución líder" not in only_axes


def test_two_blocks_on_one_page_have_distinct_chart_ids(client, content):
    body = f.stream(
        ("plan_progress", {"heading": "Uno", "plan": None, "show_axes": True}),
        ("plan_progress", {"heading": "Dos", "plan": None, "show_axes": True}),
    )
    page = TestPageFactory(parent=content.home, title="Dos resúmenes", body=body)
    html = client.get(page.url).content.decode()
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert html.count('class="chart progress-chart"') == 2


def test_two_plans_side_by_side(content):
    plan = other_plan()
    chosen = text_of(render({"plan": plan.pk, "show_axes": True, "show_institutions": True}))
    assert "Compromiso solo de 2025" not in chosen  # a summary: no commitment names
    assert "Eje solo de 2025" in chosen and "Instituto solo de 2025" in chosen
    assert "1 compromiso" in chosen and "100 %" in chosen
    for axis in content.axes:
        assert axis.name not in chosen
    assert content.lead.name not in chosen
    current = text_of(render({"show_axes": True, "show_institutions": True}))
    assert "Eje solo de 2025" not in current and "Instituto solo de 2025" not in current
    assert "3 compromisos" in current


def test_the_context_plan_is_used_when_none_is_chosen(content):
    plan = other_plan()
    text = text_of(render({"show_axes": True}, context={"plan": plan}))
    assert "Eje solo de 2025" in text


def test_an_unpublished_chosen_plan_falls_back_to_the_current_one(content):
    draft = f.ActionPlanFactory(slug="borrador", draft=True)
    text = text_of(render({"plan": draft.pk}))
    assert content.plan.title in text and draft.title not in text


def test_without_any_published_plan(content):
    from cms_blocks.models import ActionPlan

    ActionPlan.objects.update(live=False)
    assert "Aún no hay un plan de acción publicado." in text_of(render({"heading": "Avance"}))

"""A plan's public dashboard (/planes/<plan>/avance/, /avance/) and /api/v2/progress/: what
they show, that each keeps to its plan, and that their queries do not grow with content."""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms_blocks.models import Commitment, CommitmentSnapshot, CommitmentStatus, Milestone
from tests import factories as f
from tests.cms_blocks.testsite.factories import TestPageFactory

pytestmark = pytest.mark.django_db

FACTOR = 10
DONE, GOING, TODO = (
    Milestone.Status.COMPLETED,
    Milestone.Status.IN_PROGRESS,
    Milestone.Status.NOT_STARTED,
)


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def dashboard_url(plan):
    return f"/planes/{plan.slug}/avance/"


def second_plan():
    """A 2025 plan (the current one, since it started last) with its own axis, institution,
    commitments, late milestone, monitor level and history."""
    plan = f.ActionPlanFactory(
        slug="2025",
        title="Plan 2025",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    axis = f.AxisFactory(plan=plan, name="Eje exclusivo de 2025", slug="eje-2025")
    lead = f.InstitutionFactory(name="Instituto exclusivo de 2025")
    commitments = [
        f.CommitmentFactory(
            plan=plan,
            axis=axis,
            lead_institution=lead,
            title="Compromiso exclusivo de 2025",
            monitor_completion="substantial",
            milestones=[
                f.MilestoneFactory.build(
                    title="Hito exclusivo de 2025", status=GOING, end_date=dt.date(2025, 3, 1)
                )
            ],
        )
    ]
    return plan, commitments


# -- what the dashboard shows -------------------------------------------------------------


def test_dashboard_shows_the_plans_progress_now_and_over_time(client, content):
    html = get(client, dashboard_url(content.plan))
    text = text_of(html)
    assert "<h1>Avance" in html and content.plan.title in text
    assert 'aria-current="page"' in html  # the plan's nav marks «Avance»
    # The whole plan: (100 + 33 + 0) / 3 commitments = 44 %.
    progress = sorted(c.progress for c in content.commitments)
    assert progress == [0, 33, 100]
    assert "44 %" in text
    for axis in content.axes:
        assert axis.name in text
    for institution in (content.lead, content.coordinating):
        assert institution.name in text
    # The content's publications were recorded (cms_blocks.history): a series over time.
    assert "Avance del plan en el tiempo" in text
    for commitment in content.commitments:
        assert commitment.title in text  # the plan-and-monitor table
    assert content.draft_commitment.title not in text


def test_every_chart_is_an_accessible_svg_with_its_table(client, content):
    html = get(client, dashboard_url(content.plan))
    figures = re.findall(r'<figure class="chart[^"]*">(.*?)</figure>', html, re.S)
    assert len(figures) >= 3  # axes, institutions, over time (and one per axis)
    for figure in figures:
        svg = re.search(r"<svg (.*?)</svg>", figure, re.S).group(0)
        assert 'role="img"' in svg and "viewBox=" in svg and 'width="100%"' in svg
        ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        assert len(ids) == 2
        assert f'<title id="{ids[0]}">' in svg and f'<desc id="{ids[1]}">' in svg
        table = re.search(r"<table.*?</table>", figure, re.S).group(0)
        assert "<caption" in table and '<th scope="col">' in table
        # The numbers drawn are in the table too.
        for value in re.findall(r'class="chart-value">(\d+) %<', svg):
            assert f"{value} %" in table
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]


def test_illustrative_figures_say_so(client, content):
    # «Presupuesto abierto» has only illustrative milestones: every figure it enters says so.
    assert content.commitments[0].progress_is_illustrative
    html = get(client, dashboard_url(content.plan))
    text = text_of(html)
    assert "incluye avance ilustrativo" in text
    assert "Contenido ilustrativo:" in text
    assert "Transparencia (ilustrativo)" in text  # its axis, in the bar label
    assert "Prevención (ilustrativo)" not in text
    assert "Transparencia: 66 % (incluye avance ilustrativo)" in text  # the description
    assert "hatch)" in html  # hatched bars, not colour alone


def test_late_milestones_and_monitor_levels_side_by_side(client, content):
    commitment = content.commitments[1]  # milestones done, going, to do; end 2023-11-30
    Commitment.objects.filter(pk=commitment.pk).update(monitor_completion="limited")
    html = get(client, dashboard_url(content.plan))
    late = re.search(r'<table>\s*<caption id="tabla-retrasados">.*?</table>', html, re.S).group(0)
    late_text = text_of(late)
    assert "2 hitos retrasados" in late_text
    assert commitment.title in late_text and "30 Nov 2023" in late_text
    assert "En curso" in late_text and "Sin iniciar" in late_text
    assert content.commitments[0].title not in late_text  # all done
    monitor = re.search(r'<caption id="tabla-monitor">.*?</table>', html, re.S).group(0)
    row = next(r for r in re.findall(r"<tr>.*?</tr>", monitor, re.S) if commitment.title in r)
    assert text_of(row).endswith("En curso 33 % 2 Limitado")
    assert "Sin valoración publicada" in monitor


def test_unprefixed_dashboard_is_the_current_plans(client, content):
    assert get(client, "/avance/") == get(client, dashboard_url(content.plan))
    plan, commitments = second_plan()
    text = text_of(get(client, "/avance/"))
    assert commitments[0].title in text and content.commitments[0].title not in text


def test_unknown_or_unpublished_plan_is_a_404(client, content):
    get(client, "/planes/no-existe/avance/", status=404)
    draft = f.ActionPlanFactory(slug="borrador", draft=True)
    get(client, dashboard_url(draft), status=404)


def test_a_plan_without_commitments_or_history(client, content):
    plan = f.ActionPlanFactory(slug="vacio", period_start=dt.date(2020, 1, 1))
    text = text_of(get(client, dashboard_url(plan)))
    assert "Este plan aún no tiene compromisos publicados." in text
    assert "Aún no hay publicaciones aprobadas registradas" in text
    assert "Ningún hito de los compromisos publicados está retrasado." in text


def test_no_breakdown_when_no_commitment_has_an_axis_or_a_published_lead(client, content):
    plan = f.ActionPlanFactory(slug="sin-ejes", period_start=dt.date(2020, 1, 1))
    hidden = f.InstitutionFactory(name="Institución sin publicar", unpublished=True)
    f.CommitmentFactory(plan=plan, axis=None, lead_institution=hidden, title="Sin eje ni líder")
    html = get(client, dashboard_url(plan))
    text = text_of(html)
    assert "no tienen un eje asignado" in text
    assert "Ningún compromiso publicado de este plan tiene una institución líder publicada" in text
    assert "Sin eje:" not in text and "Institución sin publicar" not in text
    assert html.count('class="chart progress-chart"') == 1  # the plan's own bar


def test_the_dashboard_is_in_the_plans_navigation(client, content):
    html = get(client, f"/planes/{content.plan.slug}/")
    assert f'href="{dashboard_url(content.plan)}"' in html


# -- two plans side by side -----------------------------------------------------------------


def test_two_plans_dashboards_keep_to_their_plan(client, content):
    plan, commitments = second_plan()
    first = text_of(get(client, dashboard_url(content.plan)))
    second = text_of(get(client, dashboard_url(plan)))
    for name in ("Compromiso exclusivo de 2025", "Eje exclusivo de 2025", "Hito exclusivo"):
        assert name not in first
        assert name in second
    assert "Instituto exclusivo de 2025" not in first and "Instituto exclusivo de 2025" in second
    assert "Sustancial" in second and "Sustancial" not in first
    for commitment in content.commitments:
        assert commitment.title not in second
    for axis in content.axes:
        assert axis.name not in second
    assert content.lead.name not in second


def test_two_plans_in_the_api(client, content):
    plan, commitments = second_plan()
    data = json.loads(get(client, "/api/v2/progress/"))
    items = {item["slug"]: item for item in data["items"]}
    assert set(items) == {content.plan.slug, plan.slug}
    mine, theirs = items[content.plan.slug], items[plan.slug]
    assert mine["progress"]["commitments"] == 3 and theirs["progress"]["commitments"] == 1
    assert [a["label"] for a in theirs["axes"]] == ["Eje exclusivo de 2025"]
    assert "Eje exclusivo de 2025" not in json.dumps(mine)
    assert "Instituto exclusivo de 2025" not in json.dumps(mine)
    assert {a["label"] for a in mine["axes"]} == {a.name for a in content.axes}
    assert [m["milestone"] for m in theirs["late_milestones"]] == ["Hito exclusivo de 2025"]
    assert [m["commitment"]["slug"] for m in mine["late_milestones"]] == [
        content.commitments[1].slug
    ] * 2
    # The history: each plan's own publications.
    assert theirs["history"]["plan"][-1]["commitments"] == 1
    assert mine["history"]["plan"][-1]["commitments"] == 3
    one = json.loads(get(client, f"/api/v2/progress/?slug={plan.slug}"))
    assert [i["slug"] for i in one["items"]] == [plan.slug]


def test_api_entry_fields(client, content):
    data = json.loads(get(client, "/api/v2/progress/"))
    (item,) = data["items"]
    assert item["meta"]["html_url"].endswith(dashboard_url(content.plan))
    assert item["meta"]["detail_url"].endswith(f"/api/v2/progress/{item['id']}/")
    assert item["date"] == timezone.localdate().isoformat()
    overall = item["progress"]
    assert overall == {
        "label": content.plan.title,
        "key": content.plan.slug,
        "commitments": 3,
        "progress": 44,
        "status": "in_progress",
        "status_counts": {"not_started": 1, "in_progress": 1, "completed": 1},
        "late": 1,
        "includes_illustrative": True,
    }
    point = item["history"]["plan"][-1]
    assert set(point) == {"date", "progress", "commitments", "includes_illustrative"}
    assert point["progress"] == 44
    detail = json.loads(get(client, f"/api/v2/progress/{item['id']}/"))
    assert detail["progress"] == overall
    # The plans endpoint's links still go to /api/v2/plans/.
    plans = json.loads(get(client, "/api/v2/plans/"))
    assert plans["items"][0]["meta"]["detail_url"].endswith(f"/api/v2/plans/{item['id']}/")


@pytest.mark.parametrize("query", ["?id=abc", "?offset=99999999999999999999", "?nada=1"])
def test_api_refuses_bad_parameters_with_a_400(client, content, query):
    response = client.get(f"/api/v2/progress/{query}")
    assert response.status_code == 400


def test_api_leaves_out_unpublished_plans(client, content):
    draft = f.ActionPlanFactory(slug="plan-borrador", draft=True)
    data = json.loads(get(client, "/api/v2/progress/"))
    assert draft.slug not in {i["slug"] for i in data["items"]}
    get(client, f"/api/v2/progress/{draft.pk}/", status=404)


# -- queries --------------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries), [q["sql"] for q in context.captured_queries]


def add_snapshots(commitments, n_each, start):
    CommitmentSnapshot.objects.bulk_create(
        CommitmentSnapshot(
            commitment=c,
            plan_id=c.plan_id,
            published_at=start + dt.timedelta(days=day),
            progress=min(day * 3, 99),
            status=CommitmentStatus.IN_PROGRESS,
            milestones_done=1,
            milestones_total=4,
            progress_is_illustrative=bool(day % 2),
        )
        for c in commitments
        for day in range(n_each)
    )


def grow(content, factor=FACTOR):
    """(factor - 1) more plans (earlier ones: the current plan stays), each with commitments
    and snapshots; factor times the measured plan's commitments (with late and illustrative
    milestones, new axes and institutions) and snapshots."""
    start = timezone.make_aware(dt.datetime(2023, 2, 1, 12))
    for i in range(factor - 1):
        plan = f.ActionPlanFactory(slug=f"anterior-{i}", period_start=dt.date(2019, 1, 1))
        axis = f.AxisFactory(plan=plan)
        add_snapshots([f.CommitmentFactory(plan=plan, axis=axis) for _ in range(2)], 3, start)
    plan = content.plan
    axes = [*content.axes, *(f.AxisFactory(plan=plan) for _ in range(factor))]
    leads = [*content.institutions, *(f.InstitutionFactory() for _ in range(factor))]
    existing = Commitment.objects.live().filter(plan=plan).count()
    new = [
        f.CommitmentFactory(
            plan=plan,
            axis=axes[i % len(axes)],
            lead_institution=leads[i % len(leads)],
            monitor_completion="limited" if i % 2 else "",
            milestones=[
                f.MilestoneFactory.build(
                    status=[DONE, GOING, TODO][(i + j) % 3],
                    weight=1 + j,
                    is_illustrative=bool(i % 3 == 0),
                    end_date=dt.date(2023, 3, 1 + j),
                )
                for j in range(4)
            ],
        )
        for i in range(existing * (factor - 1))
    ]
    live = list(Commitment.objects.live().filter(plan=plan))
    add_snapshots(live, factor, start)
    return new


def block_page(content):
    body = f.stream(
        (
            "plan_progress",
            {"heading": "Avance", "plan": None, "show_axes": True, "show_institutions": True},
        ),
        (
            "plan_progress",
            {
                "heading": "Otra vez",
                "plan": content.plan.pk,
                "show_axes": True,
                "show_institutions": False,
            },
        ),
    )
    return TestPageFactory(parent=content.home, title="Página con avance", body=body).url


def test_query_counts_do_not_grow_with_plans_commitments_and_snapshots(client, content):
    urls = {
        "tablero del plan": dashboard_url(content.plan),
        "tablero vigente": "/avance/",
        "api de avance": "/api/v2/progress/",
        "página con el bloque": block_page(content),
    }
    before = {name: count_queries(client, url)[0] for name, url in urls.items()}
    snapshots_before = CommitmentSnapshot.objects.filter(plan=content.plan).count()
    grow(content)
    assert Commitment.objects.live().filter(plan=content.plan).count() == FACTOR * 3
    assert CommitmentSnapshot.objects.filter(plan=content.plan).count() >= FACTOR * max(
        snapshots_before, 3
    )
    assert content.plan.__class__.objects.live().count() == FACTOR
    after, queries = {}, {}
    for name, url in urls.items():
        after[name], queries[name] = count_queries(client, url)
    report = "\n".join(f"{name:22} {before[name]:3} -> {after[name]:3}" for name in urls)
    print("\nQueries (content -> 10x plans, commitments and snapshots):\n" + report)
    assert after == before, report + "\n\n" + "\n".join(queries["tablero del plan"])
    # Still the content's own figures: the grown plan's dashboard lists 10x.
    text = text_of(get(client, dashboard_url(content.plan)))
    assert "30 compromisos" in text

"""Action plans side by side: each plan's pages, blocks, API, feeds and sitemap show its own
content only; the current plan is the default; earlier plans are in the archive, closed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms_blocks.models import ActionPlan, Axis, Commitment
from tests import factories as f
from tests.cms_blocks.testsite.factories import TestPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_plan(content):
    """A 2024–2025 plan (current: it started last) with its own axis, commitments,
    committee, report, figures, group and consultation."""
    plan = f.ActionPlanFactory(
        title="Plan de Acción 2024-2025",
        slug="2024-2025",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )
    axis = f.AxisFactory(plan=plan, name="Transparencia", slug=content.axes[0].slug)
    commitments = [
        f.CommitmentFactory(plan=plan, axis=axis, title="Gasto público en datos abiertos"),
        f.CommitmentFactory(plan=plan, axis=axis, title="Rendición de cuentas barrial"),
    ]
    committee = f.CommitteeFactory(plan=plan, name="Comité de seguimiento 2024")
    members = [f.CommitteeMemberFactory(committee=committee, name="Integrante nueva")]
    report = f.MonitorReportFactory(
        plan=plan, title="Informe de arranque 2024", commitment=commitments[0]
    )
    figure = f.CoCreationFigureFactory(plan=plan, label="mesas del plan 2024", value=77)
    group = f.ParticipantGroupFactory(plan=plan, name="Grupo del plan 2024")
    consultation = f.ConsultationFactory(plan=plan, title="Consulta del plan 2024")
    return {
        "plan": plan,
        "axis": axis,
        "commitments": commitments,
        "committee": committee,
        "members": members,
        "report": report,
        "figure": figure,
        "group": group,
        "consultation": consultation,
    }


def text(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def first_plan_titles(content):
    return [c.title for c in content.commitments]


def test_the_current_plan_is_the_one_that_started_last(content, second_plan):
    assert ActionPlan.objects.live().current() == second_plan["plan"]
    assert ActionPlan.objects.live().current(today=dt.date(2023, 6, 1)) == content.plan
    # Before any plan has started, the first to start.
    assert ActionPlan.objects.live().current(today=dt.date(2020, 1, 1)) == content.plan


def test_each_plans_commitment_list_shows_its_own_commitments(client, content, second_plan):
    mine = text(client, f"/planes/{second_plan['plan'].slug}/compromisos/")
    theirs = text(client, f"/planes/{content.plan.slug}/compromisos/")
    for commitment in second_plan["commitments"]:
        assert commitment.title in mine
        assert commitment.title not in theirs
    for title in first_plan_titles(content):
        assert title in theirs
        assert title not in mine


def test_unprefixed_lists_are_the_current_plans(client, content, second_plan):
    page = text(client, "/compromisos/")
    assert second_plan["commitments"][0].title in page
    assert content.commitments[0].title not in page
    reports = text(client, "/informes/")
    assert second_plan["report"].title in reports
    assert content.reports[0].title not in reports


def test_axis_filter_stays_within_the_plan(client, content, second_plan):
    slug = second_plan["axis"].slug  # the same slug as the first plan's first axis
    page = text(client, f"/planes/{second_plan['plan'].slug}/compromisos/?eje={slug}")
    assert second_plan["commitments"][0].title in page
    assert content.commitments[0].title not in page


def test_plan_sections_show_only_their_plan(client, content, second_plan):
    slug = second_plan["plan"].slug
    committee = text(client, f"/planes/{slug}/comite/")
    assert "Integrante nueva" in committee
    assert content.members[0].name not in committee
    cocreation = text(client, f"/planes/{slug}/cocreacion/")
    assert "mesas del plan 2024" in cocreation and "Grupo del plan 2024" in cocreation
    assert content.figures[0].label not in cocreation
    assert content.groups[0].name not in cocreation
    consultations = text(client, f"/planes/{slug}/consultas/")
    assert "Consulta del plan 2024" in consultations
    assert content.consultation.title not in consultations
    reports = text(client, f"/planes/{slug}/informes/")
    assert second_plan["report"].title in reports
    assert content.reports[0].title not in reports
    # And the reverse.
    old = text(client, f"/planes/{content.plan.slug}/comite/")
    assert "Integrante nueva" not in old and content.members[0].name in old


def test_archive_lists_the_current_plan_and_earlier_ones_closed(client, content, second_plan):
    page = text(client, "/planes/")
    current, earlier = page.split("Planes anteriores", 1)
    assert second_plan["plan"].title in current
    assert content.plan.title in earlier
    assert "Cerrado" in earlier
    closed = text(client, f"/planes/{content.plan.slug}/")
    assert "Plan cerrado" in closed
    assert f"/planes/{second_plan['plan'].slug}/" in closed  # a link to the current plan
    assert "Plan cerrado" not in text(client, f"/planes/{second_plan['plan'].slug}/")
    # An earlier plan's commitment says its plan is closed too.
    assert "Plan cerrado" in text(client, content.commitments[0].get_absolute_url())


def test_an_unpublished_plan_and_its_content_are_not_public(client, content, second_plan):
    plan = second_plan["plan"]
    plan.unpublish()
    text(client, f"/planes/{plan.slug}/", status=404)
    text(client, f"/planes/{plan.slug}/compromisos/", status=404)
    text(client, second_plan["commitments"][0].get_absolute_url(), status=404)
    text(client, second_plan["report"].get_absolute_url(), status=404)
    assert second_plan["commitments"][0].title not in text(client, "/compromisos/")
    assert plan.title not in text(client, "/planes/")
    api = client.get("/api/v2/commitments/").json()
    assert second_plan["commitments"][0].title not in {i["title"] for i in api["items"]}
    assert second_plan["commitments"][0].slug not in text(client, "/sitemap.xml")


def test_a_draft_plan_is_not_public(client, content):
    plan = f.ActionPlanFactory(draft=True, slug="borrador", title="Plan en borrador")
    f.CommitmentFactory(plan=plan, title="Compromiso de un plan en borrador")
    text(client, "/planes/borrador/", status=404)
    assert "Compromiso de un plan en borrador" not in text(client, "/compromisos/")
    assert "Plan en borrador" not in text(client, "/planes/")


def page_with_list_blocks(home, plan=None, chosen=None):
    chosen_pk = chosen.pk if chosen else None
    body = f.stream(
        ("commitment_list", {"heading": "Lista", "plan": chosen_pk, "axis": "", "status": ""}),
        ("monitor_reports", {"heading": "Informes", "plan": chosen_pk, "moment": ""}),
        ("cocreation_figures", {"heading": "Cifras", "plan": chosen_pk, "show_groups": True}),
        ("committee_roster", {"heading": "Comité", "plan": chosen_pk, "committee": None}),
        ("institutions", {"heading": "Instituciones", "plan": chosen_pk, "role": ""}),
    )
    return TestPageFactory(parent=home, title="Bloques del plan", body=body, plan=plan).url


@pytest.mark.parametrize("how", ["page", "chosen"])
def test_list_blocks_take_the_plan_of_the_page_or_the_chosen_one(client, content, second_plan, how):
    old = content.plan
    if how == "page":
        url = page_with_list_blocks(content.home, plan=old)
    else:
        url = page_with_list_blocks(content.home, chosen=old)
    page = text(client, url)
    assert content.commitments[0].title in page
    assert content.reports[0].title in page
    assert content.figures[0].label in page
    assert content.members[0].name in page
    for title in (c.title for c in second_plan["commitments"]):
        assert title not in page
    assert second_plan["report"].title not in page
    assert "mesas del plan 2024" not in page
    assert "Integrante nueva" not in page


def test_list_blocks_default_to_the_current_plan(client, content, second_plan):
    page = text(client, page_with_list_blocks(content.home))
    assert second_plan["commitments"][0].title in page
    assert "mesas del plan 2024" in page and "Integrante nueva" in page
    assert content.commitments[0].title not in page
    assert content.figures[0].label not in page


def test_institutions_block_on_a_plan_lists_the_plans_institutions(client, content, second_plan):
    other = f.InstitutionFactory(name="Secretaría solo del plan 2024")
    f.CommitmentFactory(plan=second_plan["plan"], axis=second_plan["axis"], lead_institution=other)
    page = text(client, page_with_list_blocks(content.home, plan=content.plan))
    assert content.lead.name in page
    assert "Secretaría solo del plan 2024" not in page


def test_api_filters_by_plan_and_names_each_objects_plan(client, content, second_plan):
    slug = second_plan["plan"].slug
    for endpoint, expected in [
        ("commitments", {c.slug for c in second_plan["commitments"]}),
        ("reports", {second_plan["report"].slug}),
        ("consultations", {second_plan["consultation"].slug}),
    ]:
        data = client.get(f"/api/v2/{endpoint}/?plan={slug}&fields=slug,plan").json()
        assert {item["slug"] for item in data["items"]} == expected, endpoint
        assert {item["plan"]["slug"] for item in data["items"]} == {slug}
    members = client.get(f"/api/v2/committee-members/?plan={slug}").json()
    assert [m["name"] for m in members["items"]] == ["Integrante nueva"]
    old = client.get(f"/api/v2/commitments/?plan={content.plan.slug}").json()
    assert {i["slug"] for i in old["items"]} == {c.slug for c in content.commitments}


def test_api_refuses_an_unknown_plan_in_spanish(client, content):
    response = client.get("/api/v2/commitments/?plan=no-existe")
    assert response.status_code == 400
    assert "plan desconocido" in response.json()["message"]


def test_api_lists_plans_with_the_current_one(client, content, second_plan):
    data = client.get("/api/v2/plans/").json()
    current = {item["slug"]: item["is_current"] for item in data["items"]}
    assert current == {content.plan.slug: False, second_plan["plan"].slug: True}


def test_report_feed_per_plan(client, content, second_plan):
    feed = text(client, f"/planes/{second_plan['plan'].slug}/informes/feed/")
    assert second_plan["report"].title in feed
    assert content.reports[0].title not in feed
    everything = text(client, "/informes/feed/")
    assert second_plan["report"].title in everything and content.reports[0].title in everything


def test_sitemap_lists_each_plans_pages(client, content, second_plan):
    sitemap = text(client, "/sitemap.xml")
    for plan in (content.plan, second_plan["plan"]):
        assert f"/planes/{plan.slug}/</loc>" in sitemap
        assert f"/planes/{plan.slug}/compromisos/</loc>" in sitemap


def test_a_commitments_axis_must_be_of_its_plan(content, second_plan):
    commitment = Commitment(
        plan=content.plan, axis=second_plan["axis"], title="Mezcla", slug="mezcla"
    )
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert "otro plan" in str(error.value)


def test_axis_slugs_are_unique_within_a_plan_only(content, second_plan):
    assert Axis.objects.filter(slug=content.axes[0].slug).count() == 2
    duplicate = Axis(plan=content.plan, name="Otro", slug=content.axes[0].slug)
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_an_old_revision_keeps_the_plan_it_lacks(content):
    """A revision from before plans existed has no ``plan``: publishing it keeps the plan."""
    commitment = content.commitments[0]
    revision = commitment.save_revision()
    revision.content.pop("plan")
    revision.content.pop("plan_id", None)
    revision.save(update_fields=["content"])
    revision.publish()
    commitment.refresh_from_db()
    assert commitment.plan == content.plan


def plan_urls(plan):
    return [
        f"/planes/{plan.slug}/",
        f"/planes/{plan.slug}/compromisos/",
        f"/planes/{plan.slug}/comite/",
        f"/planes/{plan.slug}/cocreacion/",
        f"/planes/{plan.slug}/consultas/",
        f"/planes/{plan.slug}/informes/",
        "/planes/",
    ]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_plan_pages_query_counts_do_not_grow_with_plans_or_content(client, content, second_plan):
    plan = second_plan["plan"]
    urls = plan_urls(plan)
    for url in urls:  # warm up (site, settings, content types)
        client.get(url)
    before = {url: count_queries(client, url) for url in urls}
    for n in range(9):
        other = f.ActionPlanFactory(
            period_start=dt.date(2022, 1, 1), period_end=dt.date(2022, 12, 31)
        )
        f.CommitmentFactory(plan=other, axis=f.AxisFactory(plan=other))
        axis = f.AxisFactory(plan=plan)
        f.CommitmentFactory(plan=plan, axis=axis, tags=[f"etiqueta {n}"])
        committee = second_plan["committee"]
        f.CommitteeMemberFactory(committee=committee, sector=f"Sector {n}")
        f.MonitorReportFactory(plan=plan)
        f.CoCreationFigureFactory(plan=plan)
        f.ParticipantGroupFactory(plan=plan)
        f.ConsultationFactory(plan=plan)
    after = {url: count_queries(client, url) for url in urls}
    assert after == before

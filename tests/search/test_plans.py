"""Two action plans side by side in the search (issue 10): the seed's plan («2023») and a
second one made here («2021», with its own axis, commitment, committee and member, report
and page). ``?plan=`` keeps one plan's documents, the facets count that plan's, an axis slug
both plans use filters within the chosen plan (or the current one), and the objects of an
unpublished plan are not in the index."""

import datetime as dt
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms_blocks.models import ActionPlan, Axis
from home.models import ActionPlanPage, ContentPage
from search import indexing
from search.models import SearchDocument
from tests import factories as f

pytestmark = pytest.mark.django_db

OTHER = "2021"
MARKER = "tortuga"  # a word only the second plan's objects hold
PLAN_KINDS = {"plan", "eje", "compromiso", "informe", "comite", "integrante", "pagina"}
_numbers = itertools.count()


def make_plan_content(plan, axis, n=1):
    """n commitments (each with a report) and n committee members in ``plan``, all holding
    the marker and the word «transparencia», which the seed's plan holds too."""
    batch = next(_numbers)
    committee = f.CommitteeFactory(
        plan=plan, name=f"Comité {MARKER} de transparencia", slug=f"comite-{plan.slug}-{batch}"
    )
    for i in (f"{batch}-{i}" for i in range(n)):
        commitment = f.CommitmentFactory(
            plan=plan,
            axis=axis,
            title=f"Transparencia en las playas de la {MARKER} {i}",
            slug=f"playas-{plan.slug}-{i}",
        )
        f.MonitorReportFactory(
            plan=plan,
            commitment=commitment,
            title=f"Informe de transparencia {MARKER} {i}",
            slug=f"informe-{plan.slug}-{i}",
        )
        f.CommitteeMemberFactory(
            committee=committee, name=f"Persona {MARKER} {i}", sector="Transparencia"
        )
    return committee


@pytest.fixture
def plans(seeded):
    first = ActionPlan.objects.get(slug="2023")
    # An older plan: the seed's stays the current one.
    other = f.ActionPlanFactory(
        slug=OTHER,
        title=f"Plan de Acción {MARKER} 2021",
        period_start=dt.date(2021, 1, 1),
        period_end=dt.date(2022, 6, 30),
        intro="Un plan anterior, de transparencia.",
    )
    # The same slug as an axis of the seed's plan.
    assert Axis.objects.filter(plan=first, slug="transparencia").exists()
    axis = f.AxisFactory(plan=other, name=f"Transparencia y {MARKER}", slug="transparencia")
    make_plan_content(other, axis)
    page = ActionPlanPage(title=f"Página del plan {MARKER}", slug="plan-tortuga", plan=other)
    seeded.add_child(instance=page)
    page.add_child(instance=ContentPage(title=f"Subpágina {MARKER}", slug="subpagina-tortuga"))
    return first, other


def plan_slugs(data):
    return {r["plan"]["slug"] if r["plan"] else None for r in data["results"]}


def every_result(search, q, **params):
    """Every result over every page (the JSON gives ten per page)."""
    first = search(q, **params)
    results, page = list(first["results"]), 1
    while len(results) < first["count"]:
        page += 1
        results += search(q, page=page, **params)["results"]
    return results


def facets(html):
    """{kind: count} from the type select's options («Compromisos (3)»)."""
    select = html[html.index('id="search-tipo"') : html.index("</select>")]
    return {k: int(n) for k, n in re.findall(r'<option value="(\w+)"[^>]*>[^<]*\((\d+)\)', select)}


def get(client, **params):
    response = client.get("/buscar/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_documents_carry_their_plan(plans):
    first, other = plans
    kinds = set(SearchDocument.objects.filter(plan=other).values_list("kind", flat=True))
    assert kinds == PLAN_KINDS
    # The pages that present the seed's plan or sit under its page carry it too.
    plan_page = ActionPlanPage.objects.get(plan=first)
    under = plan_page.get_descendants(inclusive=True).values_list("pk", flat=True)
    pages = SearchDocument.objects.filter(kind="pagina", object_id__in=under)
    assert pages.exists() and set(pages.values_list("plan_id", flat=True)) == {first.pk}
    # Shared kinds and the pages outside any plan have none.
    for kind in ("institucion", "iniciativa"):
        assert not SearchDocument.objects.filter(kind=kind, plan__isnull=False).exists()
    assert SearchDocument.objects.filter(kind="pagina", plan__isnull=True).exists()
    # The plan's own document links to its page.
    document = SearchDocument.objects.get(kind="plan", plan=other)
    assert document.url == "/planes/2021/" and document.object_id == other.pk
    # Spanish, and standing in for its English version (none).
    assert document.filter_terms == f"kplan a0 p{other.pk} lesco fen"


def test_the_incremental_index_is_the_rebuilt_one(plans):
    columns = ("kind", "object_id", "url", "axis_id", "plan_id", "filter_terms", "lead_terms")
    incremental = sorted(SearchDocument.objects.values_list(*columns))
    indexing.rebuild()
    assert sorted(SearchDocument.objects.values_list(*columns)) == incremental


def test_a_plan_filter_never_returns_the_other_plans_objects(plans, search):
    first, other = plans
    everything = every_result(search, "transparencia")
    of_first = every_result(search, "transparencia", plan="2023")
    of_other = every_result(search, "transparencia", plan=OTHER)
    assert of_first and of_other
    assert {r["plan"]["slug"] for r in of_first} == {"2023"}
    assert {r["plan"]["slug"] for r in of_other} == {OTHER}
    assert not {r["url"] for r in of_first} & {r["url"] for r in of_other}
    assert not any(MARKER in r["title"].lower() for r in of_first)
    assert {r["type"] for r in of_other} >= {
        "Plan de acción",
        "Eje de trabajo",
        "Compromiso",
        "Informe del monitor",
        "Comité",
        "Integrante del comité",
    }
    # Without the filter, both plans' and the shared documents.
    assert {r["plan"]["slug"] if r["plan"] else None for r in everything} == {"2023", OTHER, None}
    assert len(everything) > len(of_first) + len(of_other)  # institutions, initiatives...
    # The marker is the other plan's only.
    assert search(MARKER, plan="2023")["count"] == 0
    assert search(MARKER, plan=OTHER)["count"] == search(MARKER)["count"] > 0
    assert all(r["plan"] == {"slug": OTHER, "title": other.title} for r in of_other)


def test_facets_count_per_plan(plans, client):
    everything = facets(get(client, q="transparencia"))
    of_first = facets(get(client, q="transparencia", plan="2023"))
    of_other = facets(get(client, q="transparencia", plan=OTHER))
    for kind in PLAN_KINDS - {"pagina"}:
        assert everything[kind] == of_first[kind] + of_other[kind], kind
    assert of_other["compromiso"] == of_other["informe"] == of_other["integrante"] == 1
    assert of_other["institucion"] == of_other["iniciativa"] == 0  # no plan's
    assert everything["institucion"] > 0
    # The summary counts the plan's results only.
    html = get(client, q="transparencia", plan=OTHER)
    assert f"{sum(of_other.values())} resultados" in html


def test_a_shared_axis_slug_filters_within_the_chosen_plan(plans, search, client):
    first, other = plans
    theirs = Axis.objects.get(plan=other, slug="transparencia")
    ours = Axis.objects.get(plan=first, slug="transparencia")
    found = every_result(search, "transparencia", plan=OTHER, eje="transparencia")
    assert found and plan_slugs({"results": found}) == {OTHER}
    assert {r["type"] for r in found} == {"Eje de trabajo", "Compromiso", "Informe del monitor"}
    urls = [r["url"].removeprefix("http://testserver") for r in found]
    ids = set(SearchDocument.objects.filter(url__in=urls).values_list("axis_id", flat=True))
    assert ids == {theirs.pk}
    # The seed's plan: its own axis «transparencia», never the other's.
    found = every_result(search, "transparencia", plan="2023", eje="transparencia")
    assert found and plan_slugs({"results": found}) == {"2023"}
    # No plan chosen: the axis is the current plan's (the seed's).
    assert every_result(search, "transparencia", eje="transparencia") == found
    assert SearchDocument.objects.filter(axis=ours).exists()
    # The axis select lists the chosen plan's axes, and names the plan.
    html = get(client, q="transparencia", plan=OTHER)
    select = html[
        html.index('id="search-eje"') : html.index("</select>", html.index('id="search-eje"'))
    ]
    assert re.findall(r'<option value="([^"]+)"', select) == ["transparencia"]
    assert f"Los ejes del plan «{other.title}»" in html
    html = get(client, q="transparencia")
    select = html[
        html.index('id="search-eje"') : html.index("</select>", html.index('id="search-eje"'))
    ]
    assert set(re.findall(r'<option value="([^"]+)"', select)) == set(
        Axis.objects.filter(plan=first).values_list("slug", flat=True)
    )
    # An axis of the seed's plan, asked within the other: explained, not applied.
    html = get(client, q="transparencia", plan=OTHER, eje="cultura-ciudadana")
    assert "No existe el eje de trabajo que pidió en el plan" in html
    assert facets(html) == facets(get(client, q="transparencia", plan=OTHER))


def test_the_plan_select_and_links_keep_the_plan(plans, client):
    first, other = plans
    make_plan_content(other, Axis.objects.get(plan=other), n=4)  # more than one page
    html = get(client, q=MARKER, plan=OTHER)
    select = html[
        html.index('id="search-plan"') : html.index("</select>", html.index('id="search-plan"'))
    ]
    assert f'<option value="{OTHER}" selected>{other.title}</option>' in select
    assert f'<option value="2023">{first.title} (plan vigente)</option>' in select
    assert 'rel="next"' in html
    assert f"?q={MARKER}&amp;plan={OTHER}&amp;page=2" in html
    assert f"plan={OTHER}&amp;page=1&amp;format=json" in html


def test_an_unknown_plan_is_explained_and_not_applied(plans, client, search):
    html = get(client, q="transparencia", plan="no-existe")
    assert "No existe el plan de acción que pidió; mostramos todos los planes." in html
    assert facets(html) == facets(get(client, q="transparencia"))
    assert search("transparencia", plan="<script>")["count"] == search("transparencia")["count"]


def test_an_unpublished_plans_objects_leave_the_index(plans, search, client):
    first, other = plans
    found = search(MARKER)["count"]
    other.unpublish()
    # Its snippets leave; its pages stay public, with no plan (they no longer show it).
    assert not SearchDocument.objects.filter(plan=other).exists()
    remaining = {r["type"] for r in every_result(search, MARKER)}
    assert remaining == {"Página"}
    assert "No existe el plan de acción que pidió" in get(client, q=MARKER, plan=OTHER)
    assert OTHER not in get(client, q=MARKER).split('id="search-plan"')[1].split("</select>")[0]
    # The seed's plan is untouched.
    assert search("transparencia", plan="2023")["count"] > 0
    other.refresh_from_db()
    other.get_latest_revision().publish()
    assert search(MARKER)["count"] == found
    assert set(SearchDocument.objects.filter(plan=other).values_list("kind", flat=True)) == (
        PLAN_KINDS
    )


def test_a_new_draft_of_a_plan_does_not_reindex_its_objects(plans):
    """A plan's objects follow its publication, not every save of a draft."""
    first, other = plans
    other.intro = "Un borrador."
    with CaptureQueriesContext(connection) as context:
        other.save_revision()
    assert not any("cms_blocks_commitment" in q["sql"] for q in context.captured_queries)


def test_query_count_does_not_grow_with_a_plans_content(plans, client):
    first, other = plans
    axis = Axis.objects.get(plan=other)

    def count():
        params = {"q": MARKER, "plan": OTHER, "eje": "transparencia"}
        counts = []
        for extra in ({}, {"format": "json"}):
            get(client, **params, **extra)  # warm the caches (site root paths...)
            with CaptureQueriesContext(connection) as context:
                get(client, **params, **extra)
            counts.append(len(context.captured_queries))
        return counts

    one = count()
    f.ActionPlanFactory(slug="2019", period_start=dt.date(2019, 1, 1))
    for plan in ActionPlan.objects.filter(slug="2019"):
        make_plan_content(plan, f.AxisFactory(plan=plan, slug="transparencia"), n=3)
    make_plan_content(other, axis, n=9)
    ten = count()
    assert SearchDocument.objects.filter(plan=other, kind="compromiso").count() == 10
    assert one == ten
    assert ten[0] <= 10

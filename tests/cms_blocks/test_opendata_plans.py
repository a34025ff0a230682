"""Open data of several action plans: per-plan files and catalogues, the plan column, the
unpublished plan's rows nowhere, the progress history, and constant query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms_blocks.models import CommitmentSnapshot
from cms_blocks.opendata.datasets import DATASETS, plan_datasets
from tests import factories as f
from tests.cms_blocks.test_opendata import FORMATS, rows

pytestmark = pytest.mark.django_db

PLAN_SCOPED = [d.slug for d in plan_datasets()]


def at(day, hour=12):
    return timezone.make_aware(dt.datetime(2024, 1, day, hour))


def snapshot(commitment, plan=None, day=1, progress=50, **extra):
    return CommitmentSnapshot.objects.create(
        commitment=commitment,
        plan=plan or commitment.plan,
        published_at=at(day),
        progress=progress,
        status=extra.pop("status", "in_progress"),
        milestones_done=extra.pop("milestones_done", 1),
        milestones_total=extra.pop("milestones_total", 2),
        **extra,
    )


def plan_content(plan, tag):
    """One object of every plan-scoped kind in ``plan``, each with ``tag`` in its name."""
    axis = f.AxisFactory(plan=plan, name=f"Eje {tag}", slug=f"eje-{tag}")
    commitment = f.CommitmentFactory(
        plan=plan, axis=axis, title=f"Compromiso {tag}", slug=f"compromiso-{tag}", code=tag
    )
    committee = f.CommitteeFactory(plan=plan, name=f"Comité {tag}", slug=f"comite-{tag}")
    f.CommitteeMemberFactory(committee=committee, name=f"Integrante {tag}")
    f.CoCreationFigureFactory(plan=plan, label=f"cifra {tag}")
    f.ParticipantGroupFactory(plan=plan, name=f"Grupo {tag}")
    f.ConsultationFactory(plan=plan, title=f"Consulta {tag}", slug=f"consulta-{tag}")
    f.MonitorReportFactory(
        plan=plan, title=f"Informe {tag}", slug=f"informe-{tag}", commitment=commitment
    )
    snapshot(commitment, day=5)
    return commitment


@pytest.fixture
def plans(content):
    """Plan A (the content's, plus «alfa» objects), plan B («beta», a later period) and an
    unpublished plan («oculto») with published objects of every kind."""
    a = content.plan
    b = f.ActionPlanFactory(
        slug="2025",
        title="Plan 2025",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    hidden = f.ActionPlanFactory(slug="oculto", title="Plan oculto", draft=True)
    plan_content(a, "alfa")
    plan_content(b, "beta")
    plan_content(hidden, "oculto")
    return a, b, hidden


def texts(records):
    return " ".join(" ".join(r.values()) for r in records)


# -- per-plan files ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_plans_files_hold_only_its_rows_and_the_reverse(client, plans, fmt):
    a, b, hidden = plans
    for plan, other_tag in ((b, "alfa"), (a, "beta")):
        for slug in PLAN_SCOPED:
            header, records = rows(client, slug, fmt, prefix=f"/planes/{plan.slug}")
            assert header[0] == "plan"
            assert records, (plan.slug, slug)
            assert {r["plan"] for r in records} == {plan.slug}, (plan.slug, slug)
            assert other_tag not in texts(records), (plan.slug, slug)
            assert "oculto" not in texts(records), (plan.slug, slug)
    _h, b_commitments = rows(client, "compromisos", fmt, prefix="/planes/2025")
    assert [r["slug"] for r in b_commitments] == ["compromiso-beta"]


def test_a_plans_file_is_named_after_the_plan(client, plans):
    response = client.get("/planes/2025/datos/compromisos.csv")
    assert response["Content-Disposition"] == 'attachment; filename="compromisos-2025.csv"'
    response = client.get("/planes/2025/datos/hitos.json")
    assert response["Content-Disposition"] == 'inline; filename="hitos-2025.json"'
    response = client.get("/datos/compromisos.csv")
    assert response["Content-Disposition"] == 'attachment; filename="compromisos.csv"'


@pytest.mark.parametrize("fmt", FORMATS)
def test_datos_has_every_published_plan_with_the_right_plan_column(client, plans, fmt):
    a, b, _hidden = plans
    for slug in PLAN_SCOPED:
        _header, records = rows(client, slug, fmt)
        assert {r["plan"] for r in records} == {a.slug, b.slug}, slug
        for record in records:
            text = " ".join(record.values())
            if "beta" in text:
                assert record["plan"] == b.slug, (slug, record)
            if "alfa" in text:
                assert record["plan"] == a.slug, (slug, record)
        assert "oculto" not in texts(records), slug
        # The older plan's rows first.
        plan_column = [r["plan"] for r in records]
        assert plan_column == sorted(plan_column, key=lambda s: s != a.slug), slug
    _h, institutions = rows(client, "instituciones", fmt)
    assert "plan" not in _h  # shared by the plans


def test_an_unpublished_plans_rows_appear_nowhere(client, plans):
    for url in (
        "/planes/oculto/datos/",
        "/planes/oculto/datos/compromisos.csv",
        "/planes/no-existe/datos/compromisos.csv",
    ):
        assert client.get(url).status_code == 404, url
    for slug in DATASETS:
        body = client.get(f"/datos/{slug}.json").content.decode()
        assert "oculto" not in body, slug
    html = client.get("/datos/").content.decode()
    assert "/planes/oculto/" not in html
    assert 'href="/planes/2025/datos/"' in html
    assert 'href="/planes/plan-de-prueba/datos/"' in html


def test_shared_datasets_have_no_per_plan_file(client, plans):
    assert client.get("/planes/2025/datos/instituciones.csv").status_code == 404
    assert client.get("/planes/2025/datos/nada.csv").status_code == 404
    assert client.get("/planes/2025/datos/compromisos.xml").status_code == 404
    assert client.post("/planes/2025/datos/compromisos.csv").status_code == 405


def test_etags_differ_per_plan_and_revalidate(client, plans):
    empty_1 = f.ActionPlanFactory(slug="vacio-1")
    empty_2 = f.ActionPlanFactory(slug="vacio-2")
    urls = [
        "/datos/hitos.csv",
        "/planes/2025/datos/hitos.csv",
        "/planes/plan-de-prueba/datos/hitos.csv",
        f"/planes/{empty_1.slug}/datos/hitos.csv",
        f"/planes/{empty_2.slug}/datos/hitos.csv",
    ]
    etags = [client.get(url)["ETag"] for url in urls]
    assert len(set(etags)) == len(urls), etags  # even two empty files of two plans
    response = client.get("/planes/2025/datos/hitos.csv", HTTP_IF_NONE_MATCH=etags[1])
    assert response.status_code == 304
    response = client.get("/planes/plan-de-prueba/datos/hitos.csv", HTTP_IF_NONE_MATCH=etags[1])
    assert response.status_code == 200


# -- the per-plan catalogue ----------------------------------------------------------------------


def test_a_plans_catalogue(client, plans):
    response = client.get("/planes/2025/datos/")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["plan"].slug == "2025"
    assert '<nav class="plan-nav"' in html
    assert 'href="/planes/2025/datos/" aria-current="page">Datos abiertos</a>' in html
    for slug in PLAN_SCOPED:
        assert f'id="{slug}"' in html
        for fmt in FORMATS:
            assert f'href="/planes/2025/datos/{slug}.{fmt}"' in html
        for column in DATASETS[slug].columns:
            assert f"<code>{column.name}</code>" in html
    assert 'id="instituciones"' not in html
    assert 'href="/datos/#instituciones"' in html  # the shared datasets are at /datos/
    assert "1 registro publicado." in html  # B's single commitment, member, figure…
    # Another plan's nav links to its own catalogue.
    html = client.get("/planes/plan-de-prueba/compromisos/").content.decode()
    assert 'href="/planes/plan-de-prueba/datos/"' in html


# -- progress history ----------------------------------------------------------------------------


def test_progress_history_lists_the_published_commitments_snapshots(client, content):
    a = content.plan
    b = f.ActionPlanFactory(
        slug="2025", period_start=dt.date(2025, 1, 1), period_end=dt.date(2026, 12, 31)
    )
    hidden = f.ActionPlanFactory(slug="oculto", draft=True)
    first, second = content.commitments[0], content.commitments[1]
    in_b = f.CommitmentFactory(plan=b, code="B1", slug="compromiso-b")
    in_hidden = f.CommitmentFactory(plan=hidden)
    CommitmentSnapshot.objects.all().delete()  # those the publications wrote
    snapshot(second, day=3, progress=67, milestones_done=2, milestones_total=3)
    snapshot(first, day=3, progress=100, status="completed", progress_is_illustrative=True)
    snapshot(second, day=1, progress=33, milestones_late=1)
    snapshot(in_b, day=2, progress=10)
    # Left out: a commitment not published now, a plan not published, a snapshot taken in an
    # unpublished plan.
    snapshot(content.draft_commitment, day=2)
    snapshot(in_hidden, day=2)
    snapshot(first, plan=hidden, day=4)

    header, records = rows(client, "avance-historico", "csv")
    assert header == [
        "plan",
        "compromiso",
        "codigo",
        "titulo",
        "fecha",
        "avance",
        "estado",
        "hitos_completados",
        "hitos_total",
        "hitos_retrasados",
        "avance_ilustrativo",
    ]
    by_code = sorted([first, second], key=lambda c: c.code)
    assert [(r["plan"], r["compromiso"], r["fecha"][:10], r["avance"]) for r in records] == [
        (a.slug, second.slug, "2024-01-01", "33"),
        *[
            (a.slug, c.slug, "2024-01-03", "100" if c == first else "67")
            for c in by_code  # same day: by code
        ],
        ("2025", "compromiso-b", "2024-01-02", "10"),
    ]
    late = records[0]
    assert (late["hitos_completados"], late["hitos_total"], late["hitos_retrasados"]) == (
        "1",
        "2",
        "1",
    )
    assert late["titulo"] == second.title and late["codigo"] == second.code
    assert late["fecha"] == "2024-01-01T12:00:00-06:00"
    done = next(r for r in records if r["avance"] == "100")
    assert (done["estado"], done["avance_ilustrativo"]) == ("completed", "true")

    _h, only_b = rows(client, "avance-historico", "json", prefix="/planes/2025")
    assert [r["compromiso"] for r in only_b] == ["compromiso-b"]
    response = client.get("/planes/2025/datos/avance-historico.json")
    record = response.json()["registros"][0]
    assert record["avance"] == 10 and record["avance_ilustrativo"] is False
    assert response["Last-Modified"] == "Tue, 02 Jan 2024 18:00:00 GMT"


# -- query counts ----------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_a_plans_content(client, plans):
    _a, b, _hidden = plans
    urls = [f"/planes/2025/datos/{slug}.csv" for slug in PLAN_SCOPED]
    urls += ["/planes/2025/datos/", "/datos/"]
    before = {url: _queries(client, url) for url in urls}
    for n in range(9):  # ten times plan B's content
        plan_content(b, f"beta-{n}")
    after = {url: _queries(client, url) for url in urls}
    print("queries:", before)
    assert after == before
    assert max(before[url] for url in urls if url.endswith(".csv")) <= 7, before
    assert len(rows(client, "compromisos", "csv", prefix="/planes/2025")[1]) == 10

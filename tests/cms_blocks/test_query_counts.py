"""Every public page type runs the same number of queries with 10x the content.

The content that grows is what lists and rosters show: commitments (each with milestones,
supporting actors, tags and an axis), committee members and monitor reports.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms_blocks.models import (
    Commitment,
    Committee,
    CommitteeMember,
    Consultation,
    Milestone,
    MonitorReport,
)
from tests import factories as f
from tests.cms_blocks.testsite.factories import TestPageFactory

pytestmark = pytest.mark.django_db

FACTOR = 10


def page_with_domain_blocks(home, commitment):
    """A page placing one commitment, the commitment list, the roster and the reports."""
    committee = Committee.objects.live().get()
    body = f.stream(
        ("commitment", {"commitment": commitment.pk, "show_milestones": True}),
        ("commitment_list", {"heading": "Todos", "axis": "", "status": "", "institution": None}),
        ("committee_roster", {"heading": "Comité", "committee": committee.pk}),
        ("monitor_reports", {"heading": "Informes", "moment": "", "limit": None}),
    )
    return TestPageFactory(parent=home, title="Página con bloques", body=body).url


def page_with_other_blocks(home):
    """A page with the co-creation figures, the consultation, institutions and initiatives."""
    consultation = Consultation.objects.live().get()
    body = f.stream(
        ("cocreation_figures", {"heading": "Cifras", "show_groups": True}),
        ("consultation_results", {"heading": "", "consultation": consultation.pk}),
        ("institutions", {"heading": "Instituciones", "role": ""}),
        ("initiatives", {"heading": "Iniciativas", "kind": ""}),
    )
    return TestPageFactory(parent=home, title="Página de cocreación", body=body).url


def public_urls(home):
    commitment = Commitment.objects.live().order_by("pk").first()
    report = MonitorReport.objects.live().order_by("pk").first()
    return {
        "inicio": "/",
        "página con bloques": page_with_domain_blocks(home, commitment),
        "página de cocreación": page_with_other_blocks(home),
        "lista de compromisos": "/compromisos/",
        "compromiso": commitment.get_absolute_url(),
        "lista de informes": "/informes/",
        "informe": report.get_absolute_url(),
        "consulta": Consultation.objects.live().get().get_absolute_url(),
        "comité": Committee.objects.live().get().get_absolute_url(),
        "instituciones": "/instituciones/",
        "iniciativas": "/iniciativas/",
        "sitemap.xml": "/sitemap.xml",
    }


def count_queries(client, url):
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    queries = [query["sql"] for query in context.captured_queries]  # copy: reset per request
    return len(queries), queries


def grow_content(content, factor=FACTOR):
    """Publish (factor - 1) times more commitments, members and reports than the content has."""
    axes, institutions = content.axes, content.institutions
    n_commitments = Commitment.objects.count() * (factor - 1)
    n_members = CommitteeMember.objects.count() * (factor - 1)
    n_reports = MonitorReport.objects.count() * (factor - 1)
    statuses = list(Milestone.Status)
    evidence = f.DocumentFactory(title="Evidencia")
    commitments = [
        f.CommitmentFactory(
            axis=axes[i % len(axes)],
            lead_institution=institutions[i % len(institutions)],
            value_civic_participation=True,
            monitor_completion="limited",
            is_illustrative=True,
            supporting_actors=institutions[:3],
            tags=["prueba", f"etiqueta {i}"],
            milestones=[
                f.MilestoneFactory.build(
                    status=statuses[(i + j) % len(statuses)],
                    evidence_document=evidence if j % 2 else None,
                )
                for j in range(4)
            ],
        )
        for i in range(n_commitments)
    ]
    sectors = ["Academia", "Sociedad civil", "Sector nuevo"]
    for i in range(n_members):
        f.CommitteeMemberFactory(
            committee=content.committee, sector=sectors[i % len(sectors)], sort_order=100 + i
        )
    moments = list(MonitorReport.Moment)
    # The commitment whose page is measured gets 10x its milestones, half with evidence,
    # and half of the new reports assess it.
    measured = Commitment.objects.live().order_by("pk").first()
    n_milestones = measured.milestones.count() * (factor - 1)
    Milestone.objects.bulk_create(
        f.MilestoneFactory.build(
            commitment=measured,
            sort_order=100 + j,
            evidence_document=evidence if j % 2 else None,
            evidence_url="" if j % 2 else "https://example.org/evidencia",
        )
        for j in range(n_milestones)
    )
    for i in range(n_reports):
        f.MonitorReportFactory(
            monitor=content.monitor,
            moment=moments[i % len(moments)],
            commitment=measured if i % 2 else commitments[i % len(commitments)],
        )


def test_query_counts_do_not_grow_with_content(client, content):
    urls = public_urls(content.home)
    before = {name: count_queries(client, url)[0] for name, url in urls.items()}
    grow_content(content)
    assert Commitment.objects.live().count() >= FACTOR * len(content.commitments)
    assert CommitteeMember.objects.live().count() >= FACTOR * len(content.members)
    assert MonitorReport.objects.live().count() >= FACTOR * len(content.reports)
    measured = Commitment.objects.live().order_by("pk").first()
    assert measured.monitor_reports.count() >= 9
    assert measured.milestones.filter(evidence_document__isnull=False).count() >= 9
    after = {}
    queries = {}
    for name, url in urls.items():
        after[name], queries[name] = count_queries(client, url)
    report = "\n".join(f"{name:24} {before[name]:3} -> {after[name]:3}" for name in urls)
    print("\nQueries per public page (content -> 10x):\n" + report)
    grown = {name for name in urls if after[name] != before[name]}
    details = "\n\n".join(
        f"== {name}\n" + "\n".join(sql[:200] for sql in queries[name]) for name in sorted(grown)
    )
    assert not grown, f"{report}\n\n{details}"

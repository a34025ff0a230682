"""Every public page type runs the same number of queries with 10x the content.

The content that grows is what lists and rosters show: commitments (each with milestones,
supporting actors, tags and an axis), committee members and monitor reports.
"""

import datetime as dt
import json
import uuid

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents.models import Document

from cms_blocks.models import (
    Axis,
    Commitment,
    Committee,
    CommitteeMember,
    Consultation,
    Institution,
    Milestone,
    MonitorReport,
)
from home.models import ContentPage, HomePage

pytestmark = pytest.mark.django_db

FACTOR = 10


def page_with_domain_blocks(commitment):
    """A content page placing one commitment, the commitment list, the roster and the reports."""
    committee = Committee.objects.live().get()
    body = [
        ("commitment", {"commitment": commitment.pk, "show_milestones": True}),
        ("commitment_list", {"heading": "Todos", "axis": "", "status": "", "institution": None}),
        ("committee_roster", {"heading": "Comité", "committee": committee.pk}),
        ("monitor_reports", {"heading": "Informes", "moment": "", "limit": None}),
    ]
    page = ContentPage(
        title="Página con bloques",
        slug="pagina-con-bloques",
        body=json.dumps([{"type": t, "value": v, "id": str(uuid.uuid4())} for t, v in body]),
    )
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page.url


def public_urls():
    commitment = Commitment.objects.live().order_by("pk").first()
    report = MonitorReport.objects.live().order_by("pk").first()
    return {
        "inicio": "/",
        "plan de acción": "/plan-de-accion-2023/",
        "página con el comité": "/comite-ciudadano/",
        "página de cocreación": "/cocreacion/",
        "página de monitoreo": "/monitoreo/",
        "página con bloques": page_with_domain_blocks(commitment),
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


def grow_content(factor=FACTOR):
    """Publish (factor - 1) times more commitments, members and reports than the seed has."""
    axes = list(Axis.objects.all())
    institutions = list(Institution.objects.live())
    committee = Committee.objects.live().get()
    n_commitments = Commitment.objects.count() * (factor - 1)
    n_members = CommitteeMember.objects.count() * (factor - 1)
    n_reports = MonitorReport.objects.count() * (factor - 1)
    statuses = list(Milestone.Status)
    evidence = Document.objects.create(
        title="Evidencia", file=ContentFile(b"%PDF-1.4", name="e.pdf")
    )
    commitments = []
    for i in range(n_commitments):
        commitment = Commitment(
            code=f"TEST{i:04d}",
            title=f"Compromiso de prueba {i}",
            slug=f"compromiso-de-prueba-{i}",
            summary="Resumen de prueba.",
            axis=axes[i % len(axes)],
            lead_institution=institutions[i % len(institutions)],
            start_date=dt.date(2023, 1, 1),
            end_date=dt.date(2023, 12, 31),
            problem="<p>Problema.</p>",
            value_civic_participation=True,
            monitor_completion="limited",
            is_illustrative=True,
            live=True,
        )
        commitment.supporting_actors = institutions[:3]
        commitment.tags.add("prueba", f"etiqueta {i}")
        commitment.milestones = [
            Milestone(
                title=f"Hito {i}.{j}",
                status=statuses[(i + j) % len(statuses)],
                evidence_document=evidence if j % 2 else None,
            )
            for j in range(4)
        ]
        commitment.save()
        commitments.append(commitment)
    sectors = ["Academia", "Sociedad civil", "Sector nuevo"]
    CommitteeMember.objects.bulk_create(
        CommitteeMember(
            committee=committee,
            name=f"Integrante de prueba {i}",
            sector=sectors[i % len(sectors)],
            live=True,
            sort_order=100 + i,
        )
        for i in range(n_members)
    )
    moments = list(MonitorReport.Moment)
    monitor = Institution.objects.get(slug="universidad-de-los-andes")
    # The commitment whose page is measured gets 10x its milestones, half with evidence,
    # and half of the new reports assess it.
    measured = Commitment.objects.live().order_by("pk").first()
    n_milestones = measured.milestones.count() * (factor - 1)
    Milestone.objects.bulk_create(
        Milestone(
            commitment=measured,
            title=f"Hito adicional {j}",
            sort_order=100 + j,
            evidence_document=evidence if j % 2 else None,
            evidence_url="" if j % 2 else "https://example.org/evidencia",
        )
        for j in range(n_milestones)
    )
    for i in range(n_reports):
        MonitorReport.objects.create(
            title=f"Informe de prueba {i}",
            slug=f"informe-de-prueba-{i}",
            monitor=monitor,
            moment=moments[i % len(moments)],
            date=dt.date(2023, 6, 1),
            commitment=measured if i % 2 else commitments[i % len(commitments)],
            summary="<p>Resumen.</p>",
            live=True,
        )


def test_query_counts_do_not_grow_with_content(client, seeded):
    urls = public_urls()
    before = {name: count_queries(client, url)[0] for name, url in urls.items()}
    grow_content()
    assert Commitment.objects.live().count() >= 20
    assert CommitteeMember.objects.live().count() >= 120
    assert MonitorReport.objects.live().count() >= 20
    measured = Commitment.objects.live().order_by("pk").first()
    assert measured.monitor_reports.count() >= 9
    assert measured.milestones.filter(evidence_document__isnull=False).count() >= 9
    after = {}
    queries = {}
    for name, url in urls.items():
        after[name], queries[name] = count_queries(client, url)
    report = "\n".join(f"{name:24} {before[name]:3} -> {after[name]:3}" for name in urls)
    print("\nQueries per public page (seed -> 10x):\n" + report)
    grown = {name for name in urls if after[name] != before[name]}
    details = "\n\n".join(
        f"== {name}\n" + "\n".join(sql[:200] for sql in queries[name]) for name in sorted(grown)
    )
    assert not grown, f"{report}\n\n{details}"

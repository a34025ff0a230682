"""A snippet's unpublished draft never reaches a live page; an unpublished snippet disappears."""

import json
import uuid

import pytest

from cms_blocks.models import Commitment, CommitteeMember, Milestone, MonitorReport
from home.models import ContentPage, HomePage

pytestmark = pytest.mark.django_db

DRAFT = "BORRADOR X"


def block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


@pytest.fixture
def page_with_blocks(seeded):
    """A live page that places one commitment, the roster and the reports."""
    commitment = Commitment.objects.get(code="COCDI0001")
    committee = CommitteeMember.objects.first().committee
    page = ContentPage(
        title="Página con fragmentos",
        slug="pagina-con-fragmentos",
        body=json.dumps(
            [
                block("commitment", {"commitment": commitment.pk, "show_milestones": True}),
                block("committee_roster", {"heading": "Comité", "committee": committee.pk}),
                block("monitor_reports", {"heading": "Informes", "moment": "", "limit": None}),
            ]
        ),
    )
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page.url


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def commitment_urls(commitment, page_url):
    return [commitment.get_absolute_url(), "/compromisos/", "/", page_url]


def test_commitment_draft_never_shows(client, page_with_blocks):
    commitment = Commitment.objects.get(code="COCDI0001")
    published = commitment.title
    commitment.title = DRAFT
    commitment.summary = f"{DRAFT} resumen"
    commitment.save_revision()
    commitment.refresh_from_db()
    assert commitment.has_unpublished_changes
    assert commitment.title == published  # the row keeps the published version

    for url in commitment_urls(commitment, page_with_blocks):
        page = html(client, url)
        assert published in page, url
        assert DRAFT not in page, url


def test_commitment_draft_milestones_do_not_change_the_live_progress(client, page_with_blocks):
    commitment = Commitment.objects.get(code="COCDI0001")
    live_progress = (commitment.progress, commitment.status)
    milestones = list(commitment.milestones.all())
    for milestone in milestones:
        milestone.status = Milestone.Status.COMPLETED
    milestones.append(Milestone(title=f"{DRAFT} hito", status=Milestone.Status.COMPLETED))
    commitment.milestones = milestones
    commitment.save_revision()

    stored = Commitment.objects.get(pk=commitment.pk)
    assert (stored.progress, stored.status) == live_progress
    assert stored.milestones.count() == len(milestones) - 1
    for url in commitment_urls(commitment, page_with_blocks):
        page = html(client, url)
        assert f"{live_progress[0]} %" in page, url
        assert DRAFT not in page, url

    # Once approved, the new milestones and progress are public.
    stored.get_latest_revision().publish()
    assert html(client, commitment.get_absolute_url()).count(f"{DRAFT} hito") == 1
    assert "100 %" in html(client, commitment.get_absolute_url())


def test_committee_member_draft_never_shows(client, page_with_blocks):
    member = CommitteeMember.objects.get(name="Eliana Salas")
    member.name = DRAFT
    member.save_revision()
    committee_url = member.committee.get_absolute_url()
    for url in [committee_url, "/comite-ciudadano/", page_with_blocks]:
        page = html(client, url)
        assert "Eliana Salas" in page, url
        assert DRAFT not in page, url


def test_monitor_report_draft_never_shows(client, page_with_blocks):
    report = MonitorReport.objects.get(slug="informe-inicial-cocreacion")
    published = report.title
    report.title = DRAFT
    report.save_revision()
    urls = [report.get_absolute_url(), "/informes/", "/", "/monitoreo/", page_with_blocks]
    urls.append(report.commitment.get_absolute_url())
    for url in urls:
        page = html(client, url)
        assert published in page, url
        assert DRAFT not in page, url


def test_unpublished_commitment_is_gone_everywhere(client, page_with_blocks):
    commitment = Commitment.objects.get(code="COCDI0001")
    url = commitment.get_absolute_url()
    assert client.get(url).status_code == 200
    commitment.unpublish()

    assert client.get(url).status_code == 404
    for list_url in [
        "/compromisos/",
        "/",
        "/plan-de-accion-2023/",
        page_with_blocks,
        "/sitemap.xml",
    ]:
        page = html(client, list_url)
        assert commitment.title not in page, list_url
        assert url not in page, list_url
    # Its report stays public but no longer links to it.
    report = MonitorReport.objects.get(commitment=commitment)
    assert url not in html(client, report.get_absolute_url())


def test_unpublished_committee_member_is_gone(client, page_with_blocks):
    member = CommitteeMember.objects.get(name="Eliana Salas")
    member.unpublish()
    for url in [member.committee.get_absolute_url(), "/comite-ciudadano/", page_with_blocks]:
        page = html(client, url)
        assert "Eliana Salas" not in page, url
        assert "11 integrantes" in page, url


def test_unpublished_monitor_report_is_gone(client, page_with_blocks):
    report = MonitorReport.objects.get(slug="informe-inicial-cocreacion")
    url = report.get_absolute_url()
    report.unpublish()
    assert client.get(url).status_code == 404
    for list_url in ["/informes/", "/", "/monitoreo/", page_with_blocks, "/sitemap.xml"]:
        page = html(client, list_url)
        assert report.title not in page, list_url
        assert url not in page, list_url
    assert report.title not in html(client, report.commitment.get_absolute_url())

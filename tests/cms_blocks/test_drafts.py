"""A snippet's unpublished draft never reaches a live page; an unpublished snippet disappears."""

import pytest

from cms_blocks.models import Commitment, CommitteeMember, Milestone, MonitorReport
from tests import factories as f
from tests.cms_blocks.testsite.factories import TestPageFactory

pytestmark = pytest.mark.django_db

DRAFT = "BORRADOR X"


@pytest.fixture
def page_with_blocks(content):
    """A live page that places one commitment, the commitment list, the roster and the
    reports."""
    page = TestPageFactory(
        parent=content.home,
        title="Página con fragmentos",
        body=f.stream(
            ("commitment", {"commitment": content.commitments[0].pk, "show_milestones": True}),
            ("commitment_list", {"heading": "Todos", "axis": "", "status": ""}),
            ("committee_roster", {"heading": "Comité", "committee": content.committee.pk}),
            ("monitor_reports", {"heading": "Informes", "moment": "", "limit": None}),
        ),
    )
    return page.url


@pytest.fixture
def commitment(content):
    """The commitment the page places, assessed by a report."""
    return Commitment.objects.get(pk=content.commitments[0].pk)


@pytest.fixture
def member(content):
    return CommitteeMember.objects.get(pk=content.members[0].pk)


@pytest.fixture
def report(content):
    """A report that assesses a commitment."""
    return MonitorReport.objects.get(pk=content.reports[1].pk)


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def commitment_urls(commitment, page_url):
    return [commitment.get_absolute_url(), "/compromisos/", page_url]


def test_commitment_draft_never_shows(client, page_with_blocks, commitment):
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


def test_commitment_draft_milestones_do_not_change_the_live_progress(
    client, page_with_blocks, content
):
    commitment = Commitment.objects.get(pk=content.commitments[1].pk)  # some milestones done
    live_progress = (commitment.progress, commitment.status)
    assert live_progress[0] < 100
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
    # Once in the milestones (the «Historial de cambios» after them names it as new too).
    before_history = html(client, commitment.get_absolute_url()).split('id="historial"')[0]
    assert before_history.count(f"{DRAFT} hito") == 1
    assert "100 %" in html(client, commitment.get_absolute_url())


def test_committee_member_draft_never_shows(client, page_with_blocks, member):
    published = member.name
    member.name = DRAFT
    member.save_revision()
    for url in [member.committee.get_absolute_url(), page_with_blocks]:
        page = html(client, url)
        assert published in page, url
        assert DRAFT not in page, url


def test_monitor_report_draft_never_shows(client, page_with_blocks, report):
    published = report.title
    report.title = DRAFT
    report.save_revision()
    urls = [report.get_absolute_url(), "/informes/", page_with_blocks]
    urls.append(report.commitment.get_absolute_url())
    for url in urls:
        page = html(client, url)
        assert published in page, url
        assert DRAFT not in page, url


def test_unpublished_commitment_is_gone_everywhere(client, page_with_blocks, commitment):
    url = commitment.get_absolute_url()
    assert client.get(url).status_code == 200
    assert commitment.title in html(client, page_with_blocks)
    commitment.unpublish()

    assert client.get(url).status_code == 404
    for list_url in ["/compromisos/", page_with_blocks, "/sitemap.xml"]:
        page = html(client, list_url)
        assert commitment.title not in page, list_url
        assert url not in page, list_url
    # Its report stays public but no longer links to it.
    report = MonitorReport.objects.get(commitment=commitment)
    assert url not in html(client, report.get_absolute_url())


def test_unpublished_committee_member_is_gone(client, page_with_blocks, member, content):
    name = member.name
    member.unpublish()
    remaining = len(content.members) - 1
    for url in [member.committee.get_absolute_url(), page_with_blocks]:
        page = html(client, url)
        assert name not in page, url
        assert f"{remaining} integrantes" in page, url


def test_unpublished_monitor_report_is_gone(client, page_with_blocks, report):
    url = report.get_absolute_url()
    assert report.title in html(client, report.commitment.get_absolute_url())
    report.unpublish()
    assert client.get(url).status_code == 404
    for list_url in ["/informes/", page_with_blocks, "/sitemap.xml"]:
        page = html(client, list_url)
        assert report.title not in page, list_url
        assert url not in page, list_url
    assert report.title not in html(client, report.commitment.get_absolute_url())

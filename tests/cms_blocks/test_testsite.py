"""The extension's test site itself: the factories' states and the ``content`` plan."""

import pytest

from cms_blocks.models import Commitment, MonitorReport
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_factory_snippet_is_published_with_a_revision():
    report = f.MonitorReportFactory()
    assert report.live and not report.has_unpublished_changes
    assert report.latest_revision is not None
    assert MonitorReport.objects.live().filter(pk=report.pk).exists()


def test_the_draft_and_unpublished_traits_keep_the_snippet_off_the_public():
    draft = f.MonitorReportFactory(draft=True)
    unpublished = f.MonitorReportFactory(unpublished=True)
    assert not draft.live and draft.first_published_at is None
    assert not unpublished.live and unpublished.first_published_at is not None
    assert not MonitorReport.objects.live().filter(pk__in=[draft.pk, unpublished.pk]).exists()


def test_a_commitment_progress_follows_the_milestones_it_was_built_with(content):
    stored = Commitment.objects.get(pk=content.commitments[0].pk)
    assert stored.milestones.count() == 2 and stored.progress == 100
    assert list(stored.supporting_actors.all()) == [content.coordinating]
    assert Commitment.objects.get(pk=content.commitments[1].pk).progress == 33


def test_the_home_page_is_the_default_site_root(client, content):
    response = client.get("/")
    assert response.status_code == 200
    assert "<h1>Inicio</h1>" in response.content.decode()

"""The accessor ``snippet.public``: a relation to another editorial snippet is given only while
that snippet is published, and from the prefetch cache.

The walk of every relation through every public URL (pages, API, datasets, feeds, QR sheets
and the site's search) runs in the site's suite:
tests/integration/cms_blocks/test_live_relations.py.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms_blocks.models import Commitment, Institution, MonitorReport

pytestmark = pytest.mark.django_db


# -- the accessor ----------------------------------------------------------------------------


def test_public_accessor_hides_unpublished_targets(content):
    commitment = Commitment.objects.live().order_by("pk").first()
    lead = Institution.objects.live().order_by("pk").last()
    Commitment.objects.filter(pk=commitment.pk).update(lead_institution=lead)
    commitment = Commitment.objects.get(pk=commitment.pk)
    assert commitment.public.lead_institution == lead
    actors = list(commitment.supporting_actors.all())
    assert actors and commitment.public.supporting_actors == actors
    report_ = MonitorReport.objects.live().exclude(commitment=None).first()

    Institution.objects.filter(pk__in=[lead.pk, actors[0].pk]).update(live=False)
    Commitment.objects.filter(pk=report_.commitment_id).update(live=False)
    commitment = Commitment.objects.get(pk=commitment.pk)
    assert commitment.public.lead_institution is None
    assert actors[0] not in commitment.public.supporting_actors
    assert commitment.lead_institution == lead  # the stored relation is untouched
    report_ = MonitorReport.objects.get(pk=report_.pk)
    assert report_.public.commitment is None
    assert report_.commitment_id is not None
    # A relation to a model that is not an editorial snippet is returned as it is.
    assert commitment.public.axis == commitment.axis
    with pytest.raises(AttributeError):
        commitment.public.title  # noqa: B018  (not a relation)


def test_public_accessor_reads_the_prefetch_cache(content):
    commitment = (
        Commitment.objects.live()
        .select_related("lead_institution")
        .prefetch_related("supporting_actors")
        .first()
    )
    with CaptureQueriesContext(connection) as queries:
        lead = commitment.public.lead_institution
        actors = commitment.public.supporting_actors
    assert len(queries) == 0
    assert lead is None or lead.live
    assert all(actor.live for actor in actors)

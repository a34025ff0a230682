"""The seed's plan content as the extension's models read it (progress from milestones,
illustrative results, co-creation figures): checks of the micrositio's seed (home.seed), so
they run in the site's suite. The models' behaviour is tested in tests/cms_blocks/test_models.py.
"""

import pytest

from cms_blocks.models import CoCreationFigure, Commitment, CommitmentStatus, Consultation


@pytest.mark.django_db
def test_seeded_commitments_progress_follows_their_milestones(seeded):
    cocdi = Commitment.objects.get(code="COCDI0001")
    assert (cocdi.progress, cocdi.status) == (50, CommitmentStatus.IN_PROGRESS)
    assert cocdi.has_illustrative_milestones
    cuenta = Commitment.objects.get(slug="cartagenacuenta-2023")
    assert (cuenta.progress, cuenta.status) == (100, CommitmentStatus.COMPLETED)


@pytest.mark.django_db
def test_seeded_consultation_results_are_illustrative(seeded):
    c = Consultation.objects.prefetch_related("options").get(slug="consulta-virtual-2022")
    results = c.get_results()
    assert len(results) == 12
    assert c.results_are_illustrative
    assert c.is_closed()
    assert c.results_visible()


@pytest.mark.django_db
def test_seeded_cocreation_figures_match_the_plan(seeded):
    figures = {f.label: f.display_value for f in CoCreationFigure.objects.live()}
    assert figures["grupos participantes"] == "7"
    assert figures["personas en la cocreación"] == "246"
    assert figures["reuniones presenciales"] == "7"
    assert figures["mesas de cocreación"] == "23"
    assert figures["propuestas ciudadanas"] == "más de 120"
    assert figures["iniciativas en la consulta virtual"] == "12"

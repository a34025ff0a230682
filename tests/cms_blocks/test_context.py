"""Public context builders: shared by views, blocks and previews, reached by models through
the registry (models never import cms_blocks.context)."""

from types import SimpleNamespace

import pytest

from cms_blocks import context
from cms_blocks.models import Commitment, Committee, Consultation, Institution, MonitorReport
from cms_blocks.models.base import PUBLIC_CONTEXT_BUILDERS


def test_sectors_are_grouped_in_the_order_they_first_appear():
    members = [SimpleNamespace(sector=s, n=i) for i, s in enumerate("BABC")]
    grouped = context.group_by_sector(members)
    assert [(sector, [m.n for m in ms]) for sector, ms in grouped] == [
        ("B", [0, 2]),
        ("A", [1]),
        ("C", [3]),
    ]


def test_every_kind_with_a_public_page_has_its_builder_registered():
    assert PUBLIC_CONTEXT_BUILDERS[Commitment] is context.commitment_context
    assert PUBLIC_CONTEXT_BUILDERS[MonitorReport] is context.report_context
    assert PUBLIC_CONTEXT_BUILDERS[Consultation] is context.consultation_context
    assert PUBLIC_CONTEXT_BUILDERS[Committee] is context.committee_context
    assert Institution not in PUBLIC_CONTEXT_BUILDERS  # the generic preview context


@pytest.mark.django_db
def test_an_unsaved_snippet_gets_its_public_context_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        commitment_ctx = Commitment(title="Nuevo", slug="nuevo").get_public_context()
        committee_ctx = Committee(name="Comité nuevo", slug="comite-nuevo").get_public_context()
        generic = Institution(name="Secretaría", slug="secretaria").get_public_context()
    assert commitment_ctx["reports"] == [] and commitment_ctx["page_title"] == "Nuevo"
    assert committee_ctx["sectors"] == [] and committee_ctx["member_count"] == 0
    assert generic["page_title"] == "Secretaría" and "breadcrumbs" not in generic


@pytest.mark.django_db
def test_consultation_results_total_and_chart_agree(content):
    consultation = Consultation.objects.live().prefetch_related("options").get()
    results = context.consultation_results(consultation)
    assert results["total_votes"] == sum(votes for _option, votes in results["results"])
    assert [bar.value for bar in results["chart"].bars] == [v for _o, v in results["results"]]
    assert results["chart"].title == consultation.question

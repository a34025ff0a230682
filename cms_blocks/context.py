"""Public context builders: what the public template of a snippet, or a block, is given.

The public views, the blocks and the admin previews build the same context here, once.
This module depends on the models, ``queries`` and ``charts``, never the other way round:
the models reach their builder through the registry in ``cms_blocks.models.base``
(``public_context_builder``), which this module fills when the app is ready.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from .charts import bar_chart
from .models import Commitment, Committee, Consultation, MonitorReport
from .models.base import public_context_builder
from .queries import committee_members, monitor_reports


def home_crumb():
    return (_("Inicio"), "/")


def group_by_sector(members):
    """[(sector, [members])], sectors in the order they first appear."""
    sectors = {}
    for member in members:
        sectors.setdefault(member.sector, []).append(member)
    return list(sectors.items())


def consultation_results(consultation):
    """The results of a consultation, their total and the bar chart that draws them."""
    results = consultation.get_results()
    return {
        "results": results,
        "total_votes": sum(votes for _option, votes in results),
        "chart": bar_chart(
            [(option.title, votes) for option, votes in results], title=consultation.question
        ),
    }


@public_context_builder(Commitment)
def commitment_context(commitment):
    return {
        "commitment": commitment,
        "object": commitment,
        "page_title": commitment.title,
        # A new commitment previewed before its first save has no reports yet.
        "reports": list(monitor_reports(commitment)),
        "breadcrumbs": [
            home_crumb(),
            (_("Compromisos"), reverse("cms_blocks:commitment_list")),
            (commitment.title, None),
        ],
    }


@public_context_builder(MonitorReport)
def report_context(report):
    return {
        "report": report,
        "object": report,
        "page_title": report.title,
        "breadcrumbs": [
            home_crumb(),
            (_("Informes del monitor"), reverse("cms_blocks:report_list")),
            (report.title, None),
        ],
    }


@public_context_builder(Consultation)
def consultation_context(consultation):
    return {
        "consultation": consultation,
        "object": consultation,
        "page_title": consultation.title,
        **consultation_results(consultation),
        "breadcrumbs": [home_crumb(), (consultation.title, None)],
    }


@public_context_builder(Committee)
def committee_context(committee, members=None):
    """``members``: the published members already read; by default, read them."""
    if members is None:
        members = list(committee_members(committee))
    return {
        "committee": committee,
        "object": committee,
        "page_title": committee.name,
        "sectors": group_by_sector(members),
        "member_count": len(members),
        "breadcrumbs": [home_crumb(), (committee.name, None)],
    }

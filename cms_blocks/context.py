"""Public context builders: what the public template of a snippet, or a block, is given.

The public views, the blocks and the admin previews build the same context here, once.
This module depends on the models, ``queries`` and ``charts``, never the other way round:
the models reach their builder through the registry in ``cms_blocks.models.base``
(``public_context_builder``), which this module fills when the app is ready.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from .charts import bar_chart
from .models import ActionPlan, Commitment, Committee, Consultation, MonitorReport
from .models.base import public_context_builder
from .queries import axes, commitments, committee_members, monitor_reports
from .templatetags.cms_blocks_i18n import lang_span


def home_crumb():
    """«Inicio» and the home page's address in the active language (``/``, ``/en/``)."""
    try:
        url = reverse("wagtail_serve", args=[""])
    except NoReverseMatch:  # a site that serves Wagtail's pages under another name
        url = "/"
    return (_("Inicio"), url)


def plan_trail(plan, list_name=None, list_label=None):
    """Inicio › <plan> › <list>: the start of an object's breadcrumbs (the list of its kind
    within its plan, when it has one)."""
    crumbs = [home_crumb()]
    if plan is None or plan.pk is None:
        return crumbs
    crumbs.append(
        (lang_span(plan.title, plan), reverse("cms_blocks:plan_detail", kwargs={"plan": plan.slug}))
    )
    if list_name:
        crumbs.append((list_label, reverse(f"cms_blocks:{list_name}", kwargs={"plan": plan.slug})))
    return crumbs


def plan_of(obj):
    """The object's plan, without a query when it was not selected and no plan is set."""
    return obj.plan if getattr(obj, "plan_id", None) else None


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
        "plan": plan_of(commitment),
        "breadcrumbs": [
            *plan_trail(plan_of(commitment), "plan_commitments", _("Compromisos")),
            (lang_span(commitment.title, commitment), None),
        ],
    }


@public_context_builder(ActionPlan)
def plan_preview_context(plan):
    """The plan's page as the admin previews it: its metadata, axes and published
    commitments (none before its first save)."""
    saved = plan.pk is not None
    return {
        "plan": plan,
        "object": plan,
        "page_title": plan.title,
        "axes": list(axes(plan)) if saved else [],
        "commitments": list(commitments(plan=plan, milestones=False)) if saved else [],
        "breadcrumbs": [home_crumb(), (lang_span(plan.title, plan), None)],
    }


@public_context_builder(MonitorReport)
def report_context(report):
    return {
        "report": report,
        "object": report,
        "page_title": report.title,
        "plan": plan_of(report),
        "breadcrumbs": [
            *plan_trail(plan_of(report), "plan_reports", _("Informes del monitor")),
            (lang_span(report.title, report), None),
        ],
    }


@public_context_builder(Consultation)
def consultation_context(consultation):
    return {
        "consultation": consultation,
        "object": consultation,
        "page_title": consultation.title,
        **consultation_results(consultation),
        "plan": plan_of(consultation),
        "breadcrumbs": [
            *plan_trail(plan_of(consultation), "plan_consultations", _("Consultas")),
            (lang_span(consultation.title, consultation), None),
        ],
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
        "plan": plan_of(committee),
        "breadcrumbs": [
            *plan_trail(plan_of(committee)),
            (lang_span(committee.name, committee), None),
        ],
    }

"""Public pages of the snippets: every commitment and report has its own URL.

The views read through ``cms_blocks.queries`` and build their context with
``cms_blocks.context`` (the builders the admin previews use too).
"""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from . import queries
from .context import (
    commitment_context,
    committee_context,
    consultation_context,
    home_crumb,
    report_context,
)
from .extensions import extend_commitment_page, extend_consultation_page
from .history import history_context
from .models import (
    CommitmentStatus,
    CommitteeMember,
    Consultation,
    Initiative,
    Institution,
)
from .plans import current_plan, live_plan_or_404, plan_context, plan_crumb, plan_status
from .templatetags.cms_blocks_i18n import lang_span


def plan_or_current(request, slug):
    """The plan named in the URL (404 unless published), or the current one without a slug."""
    return live_plan_or_404(slug) if slug is not None else current_plan(request)


def plan_breadcrumbs(plan, *trail):
    crumbs = [home_crumb()]
    if plan is not None:
        crumbs.append(plan_crumb(plan))
    crumbs.extend(trail)
    return crumbs


@require_safe
def plan_archive(request):
    """Every published plan: the current one first, then «Planes anteriores», closed."""
    plans = list(queries.live_plans().order_by("-period_start", "-pk"))
    current = current_plan(request)
    earlier = [p for p in plans if current is None or p.pk != current.pk]
    return render(
        request,
        "cms_blocks/pages/plan_archive.html",
        {
            "current_plan": current,
            "earlier_plans": [
                p for p in earlier if current is None or p.period_start < current.period_start
            ],
            "upcoming_plans": [
                p for p in earlier if current is not None and p.period_start >= current.period_start
            ],
            "page_title": _("Planes de acción"),
            "breadcrumbs": [home_crumb(), (_("Planes de acción"), None)],
        },
    )


@require_safe
def plan_detail(request, plan):
    plan = live_plan_or_404(plan)
    commitments = list(queries.commitments(plan=plan, milestones=False))
    return render(
        request,
        "cms_blocks/pages/plan_detail.html",
        {
            **plan_context(request, plan, "plan_detail"),
            "axes": list(queries.axes(plan)),
            "commitments": commitments,
            "page_title": plan.title,
            "breadcrumbs": [
                home_crumb(),
                (_("Planes de acción"), reverse("cms_blocks:plan_archive")),
                (lang_span(plan.title, plan), None),
            ],
        },
    )


def commitment_tags(commitments):
    """The tags the commitments carry (read from their prefetched ``tagged_items``), by name."""
    tags = {}
    for commitment in commitments:
        for item in commitment.tagged_items.all():
            tags.setdefault(item.tag_id, item.tag)
    return sorted(tags.values(), key=lambda tag: (tag.name.casefold(), tag.pk))


def has_tag(commitment, tag):
    return any(item.tag_id == tag.pk for item in commitment.tagged_items.all())


@require_safe
def commitment_list(request, plan=None):
    plan = plan_or_current(request, plan)
    if plan is None:
        commitments, axes = [], []
    else:
        commitments = list(queries.commitments(plan=plan))
        axes = list(queries.axes(plan))
    # The tags the filter offers are those of the plan's published commitments, read with them.
    tags = commitment_tags(commitments)
    axis = request.GET.get("eje", "")
    status = request.GET.get("estado", "")
    tag = request.GET.get("etiqueta", "")
    # The raw values never reach the database (a NUL byte in one is an error on PostgreSQL):
    # they are compared with the axes and tags already read, and an unknown one matches
    # nothing. The plan's commitments are few: the filters run on the list already read.
    if axis:
        chosen = next((a for a in axes if a.slug == axis), None)
        commitments = [c for c in commitments if chosen and c.axis_id == chosen.pk]
    if status in CommitmentStatus.values:
        commitments = [c for c in commitments if c.status == status]
    else:
        status = ""
    selected_tag = None
    if tag:
        selected_tag = next((t for t in tags if t.slug == tag), None)
        commitments = [c for c in commitments if selected_tag and has_tag(c, selected_tag)]
    return render(
        request,
        "cms_blocks/pages/commitment_list.html",
        {
            "commitments": commitments,
            "axes": axes,
            "statuses": CommitmentStatus.choices,
            "tags": tags,
            "selected_axis": axis,
            "selected_status": status,
            "selected_tag": tag,
            "selected_tag_object": selected_tag,
            "page_title": _("Compromisos"),
            "breadcrumbs": plan_breadcrumbs(plan, (_("Compromisos"), None)),
            **(plan_context(request, plan, "plan_commitments") if plan else {}),
        },
    )


@require_safe
def commitment_detail(request, slug):
    commitment = get_object_or_404(queries.commitments(), slug=slug)
    context = commitment_context(commitment)
    context.update(plan_status(request, commitment.plan))
    context.update(history_context(commitment))
    template_name = extend_commitment_page(request, commitment, context)
    return render(request, template_name, context)


@require_safe
def report_list(request, plan=None):
    plan = plan_or_current(request, plan)
    reports = queries.monitor_reports(plan=plan) if plan else queries.monitor_reports().none()
    return render(
        request,
        "cms_blocks/pages/report_list.html",
        {
            "reports": reports,
            "page_title": _("Informes del monitor"),
            "breadcrumbs": plan_breadcrumbs(plan, (_("Informes del monitor"), None)),
            **(plan_context(request, plan, "plan_reports") if plan else {}),
        },
    )


@require_safe
def plan_committee(request, plan):
    plan = live_plan_or_404(plan)
    committees = list(queries.committees(plan))
    members = list(
        queries.in_plan(CommitteeMember.objects.live(), plan, "committee__plan")
        .filter(committee__live=True)
        .order_by("sort_order", "name")
    )
    return render(
        request,
        "cms_blocks/pages/plan_committee.html",
        {
            **plan_context(request, plan, "plan_committee"),
            "committees": [
                committee_context(c, [m for m in members if m.committee_id == c.pk])
                for c in committees
            ],
            "page_title": _("Comité de seguimiento"),
            "breadcrumbs": plan_breadcrumbs(plan, (_("Comité de seguimiento"), None)),
        },
    )


@require_safe
def plan_cocreation(request, plan):
    plan = live_plan_or_404(plan)
    figures = list(queries.cocreation_figures(plan))
    return render(
        request,
        "cms_blocks/pages/plan_cocreation.html",
        {
            **plan_context(request, plan, "plan_cocreation"),
            "figures": figures,
            "main_source": figures[0].source if figures else "",
            "groups": list(queries.participant_groups(plan)),
            "page_title": _("Cocreación"),
            "breadcrumbs": plan_breadcrumbs(plan, (_("Cocreación"), None)),
        },
    )


@require_safe
def plan_consultations(request, plan):
    plan = live_plan_or_404(plan)
    return render(
        request,
        "cms_blocks/pages/plan_consultations.html",
        {
            **plan_context(request, plan, "plan_consultations"),
            "consultations": list(queries.in_plan(Consultation.objects.live(), plan)),
            "page_title": _("Consultas ciudadanas"),
            "breadcrumbs": plan_breadcrumbs(plan, (_("Consultas ciudadanas"), None)),
        },
    )


@require_safe
def report_detail(request, slug):
    report = get_object_or_404(queries.monitor_reports(), slug=slug)
    context = report_context(report)
    context.update(plan_status(request, report.plan))
    return render(request, "cms_blocks/pages/report_detail.html", context)


@require_safe
def committee_detail(request, slug):
    committee = get_object_or_404(queries.committees().select_related("plan"), slug=slug)
    context = committee_context(committee)
    context.update(plan_status(request, committee.plan))
    return render(request, "cms_blocks/pages/committee_detail.html", context)


@require_safe
def consultation_detail(request, slug):
    consultation = get_object_or_404(queries.consultations(), slug=slug)
    context = consultation_context(consultation)
    context.update(plan_status(request, consultation.plan))
    template_name = extend_consultation_page(request, consultation, context)
    return render(request, template_name, context)


@require_safe
def institution_list(request):
    return render(
        request,
        "cms_blocks/pages/institution_list.html",
        {
            "institutions": Institution.objects.live(),
            "page_title": _("Instituciones"),
            "breadcrumbs": [home_crumb(), (_("Instituciones"), None)],
        },
    )


INITIATIVE_GROUP_HEADINGS = {
    Initiative.Kind.INITIATIVE: gettext_lazy("Iniciativas de gobierno abierto"),
    Initiative.Kind.CHANNEL: gettext_lazy("Canales virtuales de denuncia"),
    Initiative.Kind.PLATFORM: gettext_lazy("Plataformas de gobierno abierto"),
}


@require_safe
def initiative_list(request):
    initiatives = list(Initiative.objects.live())
    # In the plan's order (initiatives, channels, platforms), with plural headings.
    groups = []
    for kind, label in Initiative.Kind.choices:
        items = [i for i in initiatives if i.kind == kind]
        if items:
            groups.append((INITIATIVE_GROUP_HEADINGS.get(kind, label), items))
    return render(
        request,
        "cms_blocks/pages/initiative_list.html",
        {
            "initiatives": initiatives,
            "groups": groups,
            "kinds": Initiative.Kind.choices,
            "page_title": _("Iniciativas, canales y plataformas"),
            "breadcrumbs": [home_crumb(), (_("Iniciativas"), None)],
        },
    )

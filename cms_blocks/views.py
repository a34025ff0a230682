"""Public pages of the snippets: every commitment and report has its own URL.

The views read through ``cms_blocks.queries`` and build their context with
``cms_blocks.context`` (the builders the admin previews use too).
"""

from django.shortcuts import get_object_or_404, render
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
from .extensions import extend_consultation_page
from .models import Axis, CommitmentStatus, Committee, Initiative, Institution


@require_safe
def commitment_list(request):
    commitments = queries.commitments()
    axes = list(Axis.objects.all())
    axis = request.GET.get("eje", "")
    status = request.GET.get("estado", "")
    # The raw value never reaches the database (a NUL byte in it is an error on PostgreSQL):
    # it is compared with the axes already read, and an unknown one matches nothing.
    if axis:
        chosen = next((a for a in axes if a.slug == axis), None)
        commitments = commitments.filter(axis=chosen) if chosen else commitments.none()
    if status in CommitmentStatus.values:
        commitments = commitments.filter(status=status)
    else:
        status = ""
    return render(
        request,
        "cms_blocks/pages/commitment_list.html",
        {
            "commitments": commitments,
            "axes": axes,
            "statuses": CommitmentStatus.choices,
            "selected_axis": axis,
            "selected_status": status,
            "page_title": _("Compromisos"),
            "breadcrumbs": [home_crumb(), (_("Compromisos"), None)],
        },
    )


@require_safe
def commitment_detail(request, slug):
    commitment = get_object_or_404(queries.commitments(), slug=slug)
    return render(
        request, "cms_blocks/pages/commitment_detail.html", commitment_context(commitment)
    )


@require_safe
def report_list(request):
    reports = queries.monitor_reports()
    return render(
        request,
        "cms_blocks/pages/report_list.html",
        {
            "reports": reports,
            "page_title": _("Informes del monitor"),
            "breadcrumbs": [home_crumb(), (_("Informes del monitor"), None)],
        },
    )


@require_safe
def report_detail(request, slug):
    report = get_object_or_404(queries.monitor_reports(), slug=slug)
    return render(request, "cms_blocks/pages/report_detail.html", report_context(report))


@require_safe
def committee_detail(request, slug):
    committee = get_object_or_404(Committee.objects.live(), slug=slug)
    return render(request, "cms_blocks/pages/committee_detail.html", committee_context(committee))


@require_safe
def consultation_detail(request, slug):
    consultation = get_object_or_404(queries.consultations(), slug=slug)
    context = consultation_context(consultation)
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

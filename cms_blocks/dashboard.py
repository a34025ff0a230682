"""A plan's public dashboard (``/planes/<plan>/avance/``; ``/avance/`` is the current plan's):
its progress as a whole, per axis and per lead institution, now and over time; its late
milestones; and the monitor's completion levels beside the plan's own figures.

The figures come from ``cms_blocks.progress`` (pure functions over what is read here: the
plan's published commitments with their milestones, and its snapshots, one query), and the
charts from ``cms_blocks.charts``, each with its table.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import progress as rollups
from . import validity
from .charts import chart_table, label_lang, percent_said, progress_bars, step_chart
from .plans import current_plan, live_plan_or_404, plan_context
from .views import plan_breadcrumbs


def yes_no(value):
    return _("Sí") if value else _("No")


progress_cell = percent_said


def rollup_row(group):
    return [
        group.label,
        group.count,
        progress_cell(group.progress, group.includes_illustrative),
        group.status_label,
        *(n for _label, n in group.status_rows),
        group.late,
    ]


def rollup_columns(first):
    return [
        first,
        _("Compromisos"),
        _("Avance"),
        _("Estado"),
        *(status.label for status in rollups.STATUSES),
        _("Con hitos retrasados"),
    ]


def rollup_chart(groups, title, first_column, description=""):
    return progress_bars(
        [(g.label, g.progress, g.includes_illustrative, g.obj) for g in groups],
        title=title,
        description=description,
        table=chart_table(
            title,
            rollup_columns(first_column),
            [rollup_row(g) for g in groups],
            row_langs=[label_lang(g.obj) for g in groups],
        ),
    )


def history_chart(series, title, end=None):
    return step_chart(
        [(p.date, p.progress, p.includes_illustrative) for p in series.points],
        title=title,
        end=end,
        table=chart_table(
            title,
            [_("Fecha"), _("Avance"), _("Compromisos publicados hasta entonces")],
            [
                [
                    chart_point_label(p),
                    progress_cell(p.progress, p.includes_illustrative),
                    p.count,
                ]
                for p in series.points
            ],
        ),
    )


def chart_point_label(point):
    return date_format(point.date, "j M Y")


def dashboard_context(plan, commitments, snapshots, today=None):
    """What the dashboard shows of ``plan``: its roll-ups, history and charts."""
    today = today or validity.today()
    now = rollups.plan_progress(plan, commitments, today)
    history = rollups.history(plan, snapshots)
    end = today if history.dates and today > history.dates[-1] else None
    # A breakdown only when some commitment has an axis (an institution): else it would be
    # one «Sin eje» group repeating the plan's figure.
    axes = now.axes if any(g.obj is not None for g in now.axes) else []
    institutions = now.institutions if any(g.obj is not None for g in now.institutions) else []
    return {
        "progress": now,
        "history": history,
        "plan_chart": rollup_chart(
            [now.overall, *axes],
            _("Avance del plan y de cada eje"),
            _("Plan o eje"),
            description=_("Avance medio de los compromisos, de 0 a 100 %."),
        ),
        "has_axes": bool(axes),
        "institution_chart": (
            rollup_chart(
                institutions,
                _("Avance por institución líder"),
                _("Institución líder"),
                description=_("Avance medio de los compromisos que lidera cada institución."),
            )
            if institutions
            else None
        ),
        "history_chart": history_chart(history.plan, _("Avance del plan en el tiempo"), end),
        "axis_history_charts": [
            (
                series,
                history_chart(series, _("Avance del eje «%s» en el tiempo") % series.label, end),
            )
            for series in history.axes
        ],
        "commitments": sorted(now.overall.commitments, key=lambda c: (c.code or "", c.title, c.pk)),
    }


@require_safe
def plan_dashboard(request, plan=None):
    plan = live_plan_or_404(plan) if plan is not None else current_plan(request)
    if plan is None:
        raise Http404(_("Aún no hay un plan de acción publicado."))
    context = dashboard_context(
        plan,
        list(rollups.plan_commitments(plan)),
        rollups.plan_snapshots(plan),
    )
    return render(
        request,
        "cms_blocks/pages/plan_dashboard.html",
        {
            **plan_context(request, plan, "plan_dashboard"),
            **context,
            "page_title": _("Avance del %(plan)s") % {"plan": plan.title},
            "breadcrumbs": plan_breadcrumbs(plan, (_("Avance"), None)),
        },
    )

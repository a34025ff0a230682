"""Server-side SVG charts. The template draws the geometry computed here."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .templatetags.cms_blocks_i18n import content_lang


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: float
    percent: float


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list
    width: int
    height: int
    label_width: int
    bar_area: int
    bar_height: int
    total: int


def bar_chart(rows, title="", width=640, bar_height=28, gap=12, label_width=0):
    """Horizontal bars for [(label, value)], scaled to the largest value.

    Labels go above each bar so long Spanish titles never overflow on a phone.
    """
    rows = [(str(label), max(int(value or 0), 0)) for label, value in rows]
    total = sum(value for _, value in rows)
    top = max((value for _, value in rows), default=0)
    bar_area = width - 80  # room for the value after the bar
    step = bar_height + gap + 18  # 18px for the label line
    bars = []
    for index, (label, value) in enumerate(rows):
        bars.append(
            Bar(
                label=label,
                value=value,
                y=index * step + 18,
                width=round(bar_area * value / top, 1) if top else 0,
                percent=round(100 * value / total, 1) if total else 0,
            )
        )
    height = max(len(rows) * step, step)
    return BarChart(
        title=title,
        bars=bars,
        width=width,
        height=height,
        label_width=label_width,
        bar_area=bar_area,
        bar_height=bar_height,
        total=total,
    )


# -- progress (0-100 %) and progress over time ------------------------------------------------
#
# Each chart carries its table (``ChartTable``): the template draws the SVG and, right after
# it, the same numbers as a table, so neither is ever shown without the other.


@dataclass(frozen=True)
class ChartTable:
    caption: str
    columns: list  # header cells
    rows: list  # [[cell, ...]]: the first cell of a row is its header
    # The ``lang`` attribute of each row's header (`` lang="…"`` or ""), when the rows name
    # objects whose text may be in another language than the page (None: not known).
    row_langs: list | None = None

    @property
    def rows_with_lang(self):
        return list(zip(self.rows, self.row_langs or [None] * len(self.rows), strict=True))


def label_lang(source):
    """The ``lang`` attribute of a label naming ``source`` (an axis, an institution): its
    content's language when that is not the page's; "" for None, a label of the interface
    («Sin eje»)."""
    return content_lang(source) if source is not None else ""


def source_lang():
    """The ``lang`` attribute of a label written in the source language (an object's name)."""
    return content_lang()


def chart_table(caption, columns, rows, row_langs=None):
    return ChartTable(
        caption=str(caption),
        columns=[str(c) for c in columns],
        rows=[[str(cell) for cell in row] for row in rows],
        row_langs=row_langs,
    )


@dataclass(frozen=True)
class ProgressBar:
    label: str
    value: int
    y: int
    width: float
    illustrative: bool
    lang: str = ""  # the label's ``lang`` attribute (`` lang="…"``), "" in the page's


@dataclass(frozen=True)
class ProgressChart:
    title: str
    description: str
    bars: list
    width: int
    height: int
    bar_area: int
    bar_height: int
    ticks: list  # [(x, "50 %")]
    axis_y: int
    table: ChartTable


PERCENT_TICKS = (0, 25, 50, 75, 100)


def percent(value):
    return f"{value} %"


def percent_said(value, illustrative):
    """A progress figure as a table says it: with «ilustrativo» in words when it is."""
    if illustrative:
        return _("%(value)s (incluye avance ilustrativo)") % {"value": percent(value)}
    return percent(value)


def progress_bars(rows, title="", description="", table=None, width=400, bar_height=22, gap=14):
    """Horizontal bars on a fixed 0-100 % scale for ``[(label, value, illustrative)]``, or
    ``[(label, value, illustrative, source)]`` where ``source`` is the object the label names
    (its language marks the label; None: a label of the interface).

    The label goes above each bar and the value after the scale, in words as well as drawn;
    an illustrative figure gets a hatched bar and says so in its label (never colour alone).
    ``table``: the ``ChartTable`` shown with the chart (default: label and value).
    """
    langs = [label_lang(row[3]) if len(row) > 3 else source_lang() for row in rows]
    rows = [(str(row[0]), min(max(int(row[1] or 0), 0), 100), bool(row[2])) for row in rows]
    bar_area = width - 72  # room for «100 %» after the scale
    step = bar_height + gap + 18  # 18px for the label line
    bars = [
        ProgressBar(
            label=label,
            value=value,
            y=index * step + 18,
            width=round(bar_area * value / 100, 1),
            illustrative=illustrative,
            lang=lang,
        )
        for index, ((label, value, illustrative), lang) in enumerate(zip(rows, langs, strict=True))
    ]
    axis_y = max(len(rows), 1) * step
    if table is None:
        table = chart_table(
            title,
            [_("Grupo"), _("Avance")],
            [[label, percent_said(value, ill)] for label, value, ill in rows],
            row_langs=langs,
        )
    return ProgressChart(
        title=str(title),
        description=str(description),
        bars=bars,
        width=width,
        height=axis_y + 22,
        bar_area=bar_area,
        bar_height=bar_height,
        ticks=[(round(bar_area * t / 100, 1), percent(t)) for t in PERCENT_TICKS],
        axis_y=axis_y,
        table=table,
    )


@dataclass(frozen=True)
class StepPoint:
    x: float
    y: float
    value: int
    label: str  # the date, as the table shows it
    illustrative: bool


@dataclass(frozen=True)
class StepChart:
    title: str
    description: str
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    path: str
    points: list
    x_ticks: list  # [(x, label)]
    y_ticks: list  # [(y, label)]
    table: ChartTable


def step_chart(
    points, title="", description="", table=None, start=None, end=None, width=400, height=220
):
    """A step line of progress (0-100 %) over time for ``[(date, value, illustrative)]``.

    A value holds until the next date (the figure changes only when a publication changes
    it); the line runs on to ``end`` when given (e.g. today). Each point is a marker too, and
    an illustrative one is hollow (its table row says so in words).
    """
    from django.utils.formats import date_format

    points = sorted(((d, min(max(int(v or 0), 0), 100), bool(i)) for d, v, i in points))
    left, top, right, bottom = 48, 12, width - 16, height - 40
    first = start or (points[0][0] if points else None)
    last = max(filter(None, [end, points[-1][0] if points else None]), default=first)
    span = max((last - first).days, 1) if first else 1

    def x_of(date):
        return round(left + (right - left) * (date - first).days / span, 1)

    def y_of(value):
        return round(bottom - (bottom - top) * value / 100, 1)

    marks = [StepPoint(x_of(d), y_of(v), v, date_format(d, "j M Y"), i) for d, v, i in points]
    path = ""
    if marks:
        path = f"M{marks[0].x},{marks[0].y}"
        for mark in marks[1:]:
            path += f" H{mark.x} V{mark.y}"
        if last and x_of(last) > marks[-1].x:
            path += f" H{x_of(last)}"
    x_ticks = []
    if first:
        x_ticks.append((x_of(first), date_format(first, "j M Y")))
        if last != first:
            x_ticks.append((x_of(last), date_format(last, "j M Y")))
    if table is None:
        table = chart_table(
            title, [_("Fecha"), _("Avance")], [[m.label, percent(m.value)] for m in marks]
        )
    return StepChart(
        title=str(title),
        description=str(description),
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        path=path,
        points=marks,
        x_ticks=x_ticks,
        y_ticks=[(y_of(t), percent(t)) for t in (0, 50, 100)],
        table=table,
    )

"""Server-side SVG charts. The template draws the geometry computed here."""

from dataclasses import dataclass


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

"""cms_blocks.charts: progress bars (0-100 %) and the step chart over time, and their tables."""

import datetime as dt

from django.template.loader import render_to_string

from cms_blocks.charts import chart_table, progress_bars, step_chart


def test_progress_bars_are_on_a_fixed_0_to_100_scale():
    chart = progress_bars([("A", 50, False), ("B", 100, True), ("C", 0, False)], width=640)
    assert chart.bar_area == 568
    assert [b.width for b in chart.bars] == [284.0, 568.0, 0.0]  # not scaled to the largest
    assert [b.illustrative for b in chart.bars] == [False, True, False]
    assert [label for _x, label in chart.ticks] == ["0 %", "25 %", "50 %", "75 %", "100 %"]


def test_progress_bars_clamp_values_and_do_not_overlap():
    chart = progress_bars([("A", 140, False), ("B", -5, False), ("C", None, False)])
    assert [b.value for b in chart.bars] == [100, 0, 0]
    for upper, lower in zip(chart.bars, chart.bars[1:], strict=False):
        assert upper.y + chart.bar_height < lower.y - 14  # room for the label line
    assert chart.height > chart.bars[-1].y + chart.bar_height


def test_progress_bars_default_table_has_the_same_numbers():
    chart = progress_bars([("A", 50, False), ("B", 7, True)], title="Avance")
    assert chart.table.caption == "Avance"
    assert chart.table.rows == [["A", "50 %"], ["B", "7 % (incluye avance ilustrativo)"]]


def test_step_chart_holds_each_value_until_the_next_date():
    d = dt.date
    chart = step_chart(
        [(d(2023, 1, 11), 50, False), (d(2023, 1, 1), 10, False), (d(2023, 1, 21), 100, True)],
        width=640,
        height=240,
    )
    left, right, top, bottom = chart.left, chart.right, chart.top, chart.bottom
    xs = [p.x for p in chart.points]
    assert xs == [left, round((left + right) / 2, 1), right]  # sorted, on a time scale
    ys = [p.y for p in chart.points]
    assert ys[2] == top and ys[0] == round(bottom - (bottom - top) * 0.1, 1)
    # Horizontal first, then vertical: a step, not a slope.
    assert chart.path == f"M{xs[0]},{ys[0]} H{xs[1]} V{ys[1]} H{xs[2]} V{ys[2]}"
    assert [p.illustrative for p in chart.points] == [False, False, True]
    assert chart.table.rows[0] == ["1 Ene 2023", "10 %"]


def test_step_chart_runs_on_to_the_end_date():
    d = dt.date
    chart = step_chart([(d(2023, 1, 1), 20, False)], end=d(2023, 3, 1))
    assert chart.path.endswith(f" H{float(chart.right)}")
    assert [label for _x, label in chart.x_ticks] == ["1 Ene 2023", "1 Mar 2023"]
    assert step_chart([]).path == ""


def test_templates_draw_an_accessible_svg_followed_by_its_table():
    table = chart_table("Avance por eje", ["Eje", "Avance"], [["Datos", "40 %"]])
    chart = progress_bars([("Datos", 40, True)], title="Avance por eje", table=table)
    html = render_to_string(
        "cms_blocks/includes/progress_chart.html", {"chart": chart, "chart_id": "x"}
    )
    assert 'role="img"' in html and 'aria-labelledby="x-title x-desc"' in html
    assert '<title id="x-title">Avance por eje</title>' in html
    assert "Datos: 40 % (incluye avance ilustrativo)." in html  # in the description
    assert 'fill="url(#x-hatch)"' in html
    assert html.index("</svg>") < html.index("<table")
    assert '<caption id="x-tabla-caption">Avance por eje</caption>' in html
    assert '<th scope="row">Datos</th><td>40 %</td>' in html
    step = step_chart([(dt.date(2023, 1, 1), 30, True)], title="En el tiempo")
    html = render_to_string("cms_blocks/includes/step_chart.html", {"chart": step, "chart_id": "y"})
    assert '<desc id="y-desc">1 Ene 2023: 30 % (ilustrativo).' in html
    assert "chart-point-illustrative" in html and "<table" in html

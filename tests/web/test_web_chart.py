"""The pure period-chart layout, the quad classes, and citation-link helpers."""

from __future__ import annotations

import re

from concord.model import Citation
from concord.web.chart import MAX_SHAPES, QUAD_NAMES, Column, period_chart, quad_class, quad_counts
from concord.web.markup import cite_links


def test_quad_classes_follow_plover() -> None:
    assert [quad_class(t) for t in ("consult", "AID", "THREATEN", "ASSAULT", "RETREAT", None, "DANCE")] == [
        "verbal-coop", "material-coop", "verbal-conflict", "material-conflict", "material-coop", "other", "other"]
    assert quad_counts({"AGREE": 2, "CONSULT": 1, "ASSAULT": 4}) == {
        "verbal-coop": 3, "material-coop": 0, "verbal-conflict": 0, "material-conflict": 4, "other": 0}


def _columns(n: int, busy: bool = True) -> list[Column]:
    counts = dict.fromkeys(QUAD_NAMES, 1_000_000) if busy else {"verbal-coop": 0}
    return [Column(f"p{i}", f"period {i}", f"{i}", f"/x?period=p{i}", counts, ("fact: a", "fact: b"), -3.0 + i % 7, i == 3)
            for i in range(n)]


def test_the_busiest_chart_stays_under_the_shape_budget() -> None:
    chart = period_chart(_columns(60), tuple(QUAD_NAMES), QUAD_NAMES, 10.0)
    assert chart.shapes() <= MAX_SHAPES
    assert len(chart.series) == len(QUAD_NAMES)  # one path per series, however many periods
    assert len(chart.hits) == 60 and sum(1 for h in chart.hits if h.selected) == 1
    assert len(chart.ticks) <= 12 and chart.line and len(chart.line_grid) == 3


def test_bars_stack_from_the_baseline_in_series_order_and_scale_to_a_round_maximum() -> None:
    columns = [Column("a", "A", "A", "/a", {"verbal-coop": 3, "material-conflict": 1}),
               Column("b", "B", "B", "/b", {"verbal-coop": 0}), Column("c", "C", "C", "/c", {"material-conflict": 2})]
    chart = period_chart(columns, ("verbal-coop", "material-conflict"))
    paths = dict(chart.series)
    assert set(paths) == {"verbal-coop", "material-conflict"}
    coop = [tuple(map(float, m)) for m in re.findall(r"M([\d.]+) ([\d.]+)h[\d.]+v([\d.]+)", paths["verbal-coop"])]
    conflict = [tuple(map(float, m)) for m in re.findall(r"M([\d.]+) ([\d.]+)h[\d.]+v([\d.]+)", paths["material-conflict"])]
    assert len(coop) == 1 and len(conflict) == 2
    (x, y, height) = coop[0]
    assert abs(y + height - chart.baseline) < 0.2  # stands on the baseline
    assert abs(conflict[0][1] + conflict[0][2] - y) < 0.2  # stacked on top of it
    assert [t.label for t in chart.grid] == ["0", "2", "5"]  # the maximum 4 rounds up to 5
    assert abs(height / conflict[1][2] - 3 / 2) < 0.01  # heights are proportional to counts
    assert not chart.line and chart.hits[0].marker is None


def test_the_value_line_breaks_where_a_period_has_no_value() -> None:
    columns = [Column(k, k, k, "/", {"x": 1}, value=v) for k, v in (("a", 5.0), ("b", 2.0), ("c", None), ("d", -20.0))]
    chart = period_chart(columns, ("x",), line_limit=10.0)
    assert chart.line.count("M") == 2 and chart.line.count("L") == 1  # a-b joined, d alone (a dot)
    bottom = max(t.at for t in chart.line_grid)
    assert chart.line.endswith(f"{bottom}l0 0")  # -20 is clipped to the -10 line
    assert period_chart(columns[2:3], ("x",), line_limit=10.0).line == ""


def test_cite_links_escape_and_link_markers() -> None:
    cited = [Citation("abc", 3, 0, 4, "p", "text")]
    out = str(cite_links("<b>said</b> so [1] and [2]", cited, lambda c: f"/articles/{c.article_id}#s{c.sentence}"))
    assert out.startswith("&lt;b&gt;said&lt;/b&gt; so <a class=\"cite\" href=\"/articles/abc#s3\"")
    assert out.endswith("[1]</a> and [2]")


def test_the_axis_labels_major_periods_when_there_are_a_few() -> None:
    months = [Column(f"m{i}", f"month {i}", "Jan" if i % 12 == 0 else f"m{i}", "/", {}, major=i % 12 == 0) for i in range(60)]
    assert [t.label for t in period_chart(months, ("x",)).ticks] == ["Jan"] * 5
    few = months[:15]  # one or two majors: labelled evenly instead
    assert len(period_chart(few, ("x",)).ticks) == 8

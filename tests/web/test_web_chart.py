"""The pure timeline layout and citation-link helpers."""

from __future__ import annotations

import pytest

from concord.errors import ConcordError
from concord.model import Citation
from concord.web.chart import date_position, quad_class, timeline_chart
from concord.web.markup import cite_links


def test_quad_classes_follow_plover() -> None:
    assert [quad_class(t) for t in ("consult", "AID", "THREATEN", "ASSAULT", "RETREAT", None, "DANCE")] == [
        "verbal-coop", "material-coop", "verbal-conflict", "material-conflict", "material-coop", "other", "other"]


def test_dates_of_any_precision() -> None:
    assert date_position("2016") == 2016
    assert date_position("2025-02-06") > date_position("2025-02") > date_position("2025")
    with pytest.raises(ConcordError):
        date_position("soon")


def test_close_marks_take_separate_lanes_facts_below() -> None:
    chart = timeline_chart([
        ("2016", None, "fact", "/a", "one"), ("2025-02-06", None, "verbal-coop", "/b", "two"),
        ("2025-02-07", None, "verbal-coop", "/c", "three"), (None, None, "fact", "/d", "undated"),
        ("2025", None, "fact", "/e", "five"),
    ])
    marks = {m.number: m for m in chart.marks}
    assert sorted(marks) == [1, 2, 3, 5]
    assert marks[1].x < marks[2].x and marks[2].y < chart.axis_y and marks[1].y > chart.axis_y
    assert marks[3].y < marks[2].y  # bumped up a lane, not drawn on top
    assert all(0 <= m.x <= chart.width and 0 <= m.y <= chart.height for m in chart.marks)
    assert [t.label for t in chart.ticks] == [str(y) for y in range(2016, 2027)]  # every year of a short span
    assert [t.label for t in timeline_chart([("2005", None, "fact", "/a", ""), ("2025", "2035", "fact", "/b", "")]).ticks] == [
        "2005", "2010", "2015", "2020", "2025", "2030", "2035"]
    assert timeline_chart([(None, None, "fact", "/x", "t")]).marks == []


def test_a_range_is_a_bar_to_its_end() -> None:
    chart = timeline_chart([("2015", None, "fact", "/a", ""), ("2025", "2035", "fact", "/b", "plan")])
    plan = chart.marks[1]
    assert plan.end_x is not None and plan.x < plan.end_x <= chart.width - 30
    assert chart.marks[0].end_x is None


def test_cite_links_escape_and_link_markers() -> None:
    cited = [Citation("abc", 3, 0, 4, "p", "text")]
    out = str(cite_links("<b>said</b> so [1] and [2]", cited, lambda c: f"/articles/{c.article_id}#s{c.sentence}"))
    assert out.startswith("&lt;b&gt;said&lt;/b&gt; so <a class=\"cite\" href=\"/articles/abc#s3\"")
    assert out.endswith("[1]</a> and [2]")

"""Periods of a relation view: keys, grains, and counts summed into a fixed number of columns."""

from __future__ import annotations

import datetime as dt

import pytest

from concord.compare.periods import (
    MAX_PERIODS,
    Span,
    build_relation,
    check_range,
    choose_grain,
    parse_period,
    period_at,
    relation_span,
)
from concord.compare.records import TimelineItem
from concord.errors import ConcordError
from concord.store.base import PeriodCount


def test_every_kind_of_period_key_parses_to_its_days() -> None:
    cases = {
        "2025-02-06": ("day", "2025-02-06", "2025-02-06", "6 Feb 2025"),
        "2025-W06": ("week", "2025-02-03", "2025-02-09", "week 6 of 2025 (3 Feb)"),
        "2024-02": ("month", "2024-02", "2024-02-29", "Feb 2024"),
        "2025": ("year", "2025", "2025-12-31", "2025"),
        "2010/2014": ("years", "2010", "2014-12-31", "2010–2014"),
    }
    for key, (grain, since, until, label) in cases.items():
        period = parse_period(key)
        assert (period.key, period.grain, period.since, period.until, period.label) == (key, grain, since, until, label)
    assert parse_period("2024-02").first_day == "2024-02-01" and parse_period("2010/2014").first_day == "2010-01-01"
    for bad in ("2025-13", "2025-02-30", "2025-W60", "2014/2010", "soon", "2025-2"):
        with pytest.raises(ConcordError):
            parse_period(bad)


def test_a_date_finds_its_period_unless_it_is_less_precise_than_the_grain() -> None:
    assert period_at("2025-02-06", "week").key == "2025-W06"  # type: ignore[union-attr]
    assert period_at("2024-12-30", "week").key == "2025-W01"  # ISO weeks cross years  # type: ignore[union-attr]
    assert period_at("2025-02-06", "years", 5).key == "2025/2029"  # type: ignore[union-attr]
    assert period_at("2023", "years", 10).key == "2020/2029"  # type: ignore[union-attr]
    assert period_at("2025-02", "month").key == "2025-02"  # type: ignore[union-attr]
    assert period_at("2025-02", "week") is None and period_at("2025", "month") is None


def test_the_grain_is_the_finest_that_keeps_at_most_sixty_periods() -> None:
    def grain(first: str, last: str) -> tuple[str, int]:
        span = choose_grain(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
        return span.grain, span.years

    assert grain("2025-02-01", "2025-03-31") == ("day", 1)
    assert grain("2025-01-01", "2025-12-31") == ("week", 1)
    assert grain("2021-01-01", "2025-12-31") == ("month", 1)
    assert grain("2005-01-01", "2025-12-31") == ("year", 1)
    assert grain("1900-01-01", "2025-12-31") == ("years", 5)


def _count(period: str | None, kind: str, n: int, intensity: float | None = None) -> PeriodCount:
    return PeriodCount(period, kind, n, intensity, n if intensity is not None else 0)


def _fact(date: str | None, title: str) -> TimelineItem:
    return TimelineItem(kind="agreement", date=date, title=title)


def test_counts_sum_into_columns_with_weighted_intensity_and_facts() -> None:
    counts = [
        _count("2025-01", "CONSULT", 3, 2.0), _count("2025-01", "ASSAULT", 1, -9.0),
        _count("2025-03", "AGREE", 2, 2.5), _count("2025", "AID", 4, 10.0), _count(None, "AGREE", 5),
    ]
    facts = [_fact("2016", "LEMOA"), _fact("2025-02-14", "framework"), _fact(None, "undated"), _fact("2025", "plan")]
    span = relation_span(counts, facts, None, None)
    assert span is not None and (span.first, span.last) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert span.grain == "week"  # the events' year, not the facts' decade
    relation = build_relation(["IND", "USA"], Span(dt.date(2025, 1, 1), dt.date(2025, 12, 31), "month"), counts, facts)
    assert [b.period.key for b in relation.periods] == [f"2025-{m:02d}" for m in range(1, 13)]
    january, march = relation.periods[0], relation.periods[2]
    assert january.counts == {"CONSULT": 3, "ASSAULT": 1} and january.total == 4
    assert january.intensity == round((3 * 2.0 - 9.0) / 4, 2) and march.intensity == 2.5
    assert relation.total == 15 and relation.off_axis == 9  # the year-dated AID and the undated AGREE
    assert [f.title for f in relation.periods[1].facts] == ["framework"]
    assert [f.title for f in january.facts] == ["plan"]  # a year fact sits in its January
    assert {f.title for f in relation.off_axis_facts} == {"LEMOA", "undated"}
    assert (relation.events_since, relation.events_until) == ("2025-01-01", "2025-12-31")
    assert (relation.history_since, relation.history_until) == ("2016-01-01", "2025-12-31")


def test_any_range_gives_at_most_the_maximum_of_periods() -> None:
    for first, last in (("2025-02-06", "2025-02-06"), ("1800-01-01", "2025-12-31"), ("2020-03-15", "2021-06-01")):
        span = choose_grain(dt.date.fromisoformat(first), dt.date.fromisoformat(last))
        relation = build_relation(["USA"], span, [_count(first, "AID", 1)], [])
        assert 1 <= len(relation.periods) <= MAX_PERIODS
        assert relation.periods[0].period.since <= first <= relation.periods[0].period.until
        assert sum(b.total for b in relation.periods) + relation.off_axis == 1


def test_nothing_dated_is_no_span_and_an_asked_range_is_kept() -> None:
    assert relation_span([_count(None, "AID", 2)], [_fact(None, "x")], None, None) is None
    span = relation_span([], [], "2025-02-01", "2025-02-28")
    assert span is not None and span.grain == "day" and (span.first, span.last) == (dt.date(2025, 2, 1), dt.date(2025, 2, 28))


def test_a_range_must_be_dates_in_order() -> None:
    check_range("2025", "2025-02-28")
    check_range(None, "2025-02")
    for since, until in (("2025-03", "2025-02-28"), ("soon", None), (None, "2025-02-30")):
        with pytest.raises(ConcordError):
            check_range(since, until)

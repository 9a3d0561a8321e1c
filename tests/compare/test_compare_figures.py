"""Figures read as ranges at analysis time, and what counts as a conflict, an update or neither."""

from __future__ import annotations

import datetime as dt

import pytest

from concord.compare.claims import ParsedClaim, split_claims
from concord.compare.labels import ReportValues, label_group
from concord.model import Analysis, Article, ClaimParts, Quantity


@pytest.fixture(scope="module")
def read():
    """Figures of one invented sentence, as the analysis stores them."""
    from concord.analyze import analyze

    def figures(sentence: str) -> list[Quantity]:
        analysis = analyze(Article("t", sentence, date=dt.date(2025, 3, 3)))
        return [q for claim in analysis.claims or [] for q in claim.quantities]

    return figures


def test_hedges_bound_the_figure(read) -> None:
    (q,) = read("The flood killed at least 41 people in the valley towns.")
    assert (q.form, q.low, q.high, q.hedge, q.counted) == ("41", 41.0, None, "at least", "people")
    (q,) = read("The new clinic will treat as many as 300,000 patients a year.")
    assert q.low is None and q.high == 300000 and q.counted == "patient"
    (q,) = read("The blaze burned about 90 kilometers of forest near the coast.")
    assert q.unit == "km" and q.low == pytest.approx(81) and q.high == pytest.approx(99)


def test_ranges_units_and_names(read) -> None:
    (q,) = read("Firefighters said between 80 and 100 houses burned along the shore.")
    assert (q.low, q.high, q.form) == (80.0, 100.0, "80-100")
    (q,) = read("The magnitude-5.8 tremor shook the old harbour district.")
    assert (q.value, q.unit) == (5.8, "magnitude")
    assert read("Channel 4 aired the interview with the harbour master again.") == []
    assert read("The 1998 treaty set the border along the river valley.") == []


def test_a_short_toll_is_a_claim_but_two_bare_words_are_not() -> None:
    from concord.analyze import analyze

    def claims(sentence: str) -> int:
        return len(analyze(Article("t", sentence, date=dt.date(2025, 3, 3))).claims or [])

    assert claims("At least 12 miners are missing.") == 1
    assert claims("Several miners are missing.") == 0


def _item(article: str, quantities: list[Quantity], words: list[str], **parts) -> ParsedClaim:
    text = " ".join(words)
    analysis = Analysis(article, claims=[ClaimParts(0, 0, len(text), words, quantities=quantities, **parts)])
    (item,) = split_claims(Article(article, text), analysis, article)
    return item


def _q(value: float, counted: str | None = "robbery", unit: str | None = None, at_least: bool = False) -> Quantity:
    """An exact figure, or with ``at_least`` one bounded below only."""
    return Quantity(str(int(value)), value, 0, 1, value, None if at_least else value, counted=counted, unit=unit)


def _values(date: dt.date | None = None) -> ReportValues:
    return ReportValues(set(), set(), set(), " ", date)


WORDS = ["gang", "rob", "bank", "robbery"]


def test_different_counts_conflict_and_hedges_do_not() -> None:
    whole = {"a": _values(), "b": _values()}
    label, reason, _ = label_group([_item("a", [_q(23)], WORDS), _item("b", [_q(24)], WORDS)], whole, _close())
    assert label == "conflicting" and "23 vs 24" in reason
    hedged = _q(20, at_least=True)
    label, _, _ = label_group([_item("a", [_q(23)], WORDS), _item("b", [hedged], WORDS)], whole, _close())
    assert label != "conflicting"


def test_distant_claims_of_one_group_do_not_conflict() -> None:
    whole = {"a": _values(), "b": _values()}
    label, _, _ = label_group([_item("a", [_q(23)], WORDS), _item("b", [_q(24)], WORDS)], whole, close=())
    assert label != "conflicting"


def test_units_convert_before_comparing() -> None:
    whole = {"a": _values(), "b": _values()}
    km, miles = _q(55, counted=None, unit="km"), _q(34, counted=None, unit="mile")
    label, _, _ = label_group([_item("a", [km], WORDS), _item("b", [miles], WORDS)], whole, _close())
    assert label != "conflicting"
    label, _, _ = label_group([_item("a", [_q(90, counted=None, unit="km")], WORDS), _item("b", [miles], WORDS)],
                              whole, _close())
    assert label == "conflicting"


def test_a_rising_toll_between_dated_reports_is_an_update() -> None:
    whole = {"a": _values(dt.date(2025, 1, 2)), "b": _values(dt.date(2025, 1, 3))}
    label, reason, _ = label_group([_item("a", [_q(120, counted="people")], WORDS),
                                    _item("b", [_q(241, counted="people")], WORDS)], whole, _close())
    assert label == "updated" and "2025-01-02" in reason and "2025-01-03" in reason


def _close():
    return {frozenset(("a:0.0", "b:0.0"))}


def test_running_counts_given_as_lower_bounds_differ_beyond_rounding() -> None:
    """"At least 73 dead" and "at least 241 dead" are two states of a toll; "at least 240" is the same one."""
    whole = {"a": _values(), "b": _values()}

    def toll(value: float) -> Quantity:
        return Quantity(str(int(value)), value, 0, 1, value, None, "at least", None, "people", False, "deaths")

    label, reason, _ = label_group([_item("a", [toll(73)], WORDS), _item("b", [toll(241)], WORDS)], whole, _close())
    assert label == "conflicting" and "73 vs 241" in reason
    label, _, _ = label_group([_item("a", [toll(240)], WORDS), _item("b", [toll(241)], WORDS)], whole, _close())
    assert label != "conflicting"
    unnamed = _q(73, at_least=True)  # no named measure: a lower bound stays a range
    label, _, _ = label_group([_item("a", [unnamed], WORDS), _item("b", [_q(241, at_least=True)], WORDS)], whole, _close())
    assert label != "conflicting"

"""Time expressions resolved against the article's reference date, with their precision."""

from __future__ import annotations

import datetime as dt

import pytest

FRIDAY = dt.date(2025, 2, 7)


@pytest.mark.parametrize(
    ("sentence", "span", "value", "precision", "end"),
    [
        ("On Thursday, the two leaders spoke.", "Thursday", "2025-02-06", "day", None),
        ("They last met in November 2023 in Paris.", "November 2023", "2023-11", "month", None),
        ("The plan covers the period 2025-2035.", "2025-2035", "2025", "range", "2035"),
        ("A deal is expected this year.", "this year", "2025", "year", None),
        ("The treaty was signed in 2016.", "2016", "2016", "year", None),
        ("It took effect on 30 July 2018.", "30 July 2018", "2018-07-30", "day", None),
        ("It took effect on March 3, 2021.", "March 3, 2021", "2021-03-03", "day", None),
        ("Talks resumed yesterday.", "yesterday", "2025-02-06", "day", None),
        ("Troops withdrew two years ago.", "two years ago", "2023", "year", None),
        ("Envoys met last week.", "last week", "2025-01-27", "relative", None),
        ("The budget for 2024-25 was cut.", "2024-25", "2024", "range", "2025"),
        ("Voters go to the polls next Monday.", "next Monday", "2025-02-10", "day", None),
        ("The accord was signed on February 2 in Doha.", "February 2", "2025-02-02", "day", None),
    ],
)
def test_resolution(analyse, sentence: str, span: str, value: str, precision: str,  # type: ignore[no-untyped-def]
                    end: str | None) -> None:
    times = analyse(sentence, FRIDAY).times
    assert [(t.text, t.value, t.precision, t.end_value) for t in times] == [(span, value, precision, end)]
    assert times[0].citation.text == span and times[0].citation.sentence == 0


@pytest.mark.parametrize(
    "sentence",
    [
        "We met at the 2+2 meeting.",
        "The framework was renewed for ten years.",
        "Some 2000 soldiers crossed the border.",
        "We may march on the capital.",
        "Officials filed it as report 58 of the annex (Report 46).",
        "The envoy landed at dawn and flew home the next day.",
        "Prices rose sharply over the past year.",
    ],
)
def test_no_date_invented(analyse, sentence: str) -> None:  # type: ignore[no-untyped-def]
    assert analyse(sentence, FRIDAY).times == []


def test_relative_needs_a_reference_date(analyse) -> None:  # type: ignore[no-untyped-def]
    times = analyse("On Thursday the accord of 2019 was cited.", None).times
    assert [(t.text, t.value) for t in times] == [("2019", "2019")]


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        # Friday 2025-02-07: a clause about the future looks forward, a past one back.
        ("The navy chiefs were due to talk again on Tuesday.", "Tuesday", "2025-02-11"),
        ("The two envoys will meet in Oslo on Monday.", "Monday", "2025-02-10"),
        ("The vote is set to take place on Wednesday.", "Wednesday", "2025-02-12"),
        ("A second round of talks is scheduled for Thursday.", "Thursday", "2025-02-13"),
        ("The premier plans to visit the border on Sunday.", "Sunday", "2025-02-09"),
        ("The envoys met in Oslo on Monday.", "Monday", "2025-02-03"),
        ("Police said on Tuesday that they will reopen the road.", "Tuesday", "2025-02-04"),
        ("The king would probably travel to Rome in March, aides said.", "in March", "2025-03"),
        ("The king travelled to Rome in March.", "in March", "2024-03"),
    ],
)
def test_future_clauses_resolve_forward(analyse, sentence: str,  # type: ignore[no-untyped-def]
                                        span: str, value: str) -> None:
    assert [(t.text, t.value) for t in analyse(sentence, FRIDAY).times] == [(span, value)]

from __future__ import annotations

import datetime as dt

import pytest

from concord.ingest.dateline import DatelineMatch
from concord.ingest.dating import (
    ReferenceDate,
    mentioned_weekdays,
    parse_date,
    reference_date,
    year_by_weekdays,
)

D = dt.date
TODAY = D(2026, 11, 23)


def dateline(month: int | None = 2, day: int | None = 7, year: int | None = None) -> DatelineMatch:
    return DatelineMatch("X, Feb 7:", "X", None, None, month, day, year)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-02-06", D(2025, 2, 6)),
        ("2025-02-06T23:30:00-05:00", D(2025, 2, 6)),
        ("20250206", D(2025, 2, 6)),
        ("Thu, 06 Feb 2025 10:00:00 GMT", D(2025, 2, 6)),
        ("6 February 2025", D(2025, 2, 6)),
        ("February 6, 2025", D(2025, 2, 6)),
        ("February 2025", None),
        ("not a date", None),
        ("2025-02-30", None),
        ("", None),
        (None, None),
        ("x" * 200, None),
    ],
)
def test_parse_date(raw: str | None, expected: dt.date | None) -> None:
    assert parse_date(raw) == expected


def test_relative_metadata_date_uses_ingest_time() -> None:
    now = dt.datetime(2026, 1, 10, 12, tzinfo=dt.timezone.utc)
    assert parse_date("2 days ago", now) == D(2026, 1, 8)


def test_mentioned_weekdays() -> None:
    text = "On Thursday, the minister met. Talks continued on Friday and late Sunday. Monday morning saw more."
    assert mentioned_weekdays(text) == [3, 4, 6, 0]
    assert mentioned_weekdays("Thursday is a word here. Sundays are quiet.") == []


def test_weekday_inference_picks_the_year_where_the_weekday_fits() -> None:
    # 7 Feb 2025 was a Friday: "Thursday" fits as the day before. 7 Feb 2026 was a Saturday.
    assert year_by_weekdays(2, 7, [3], TODAY) == D(2025, 2, 7)
    # The dateline day itself fits too: 7 Feb 2026 was a Saturday.
    assert year_by_weekdays(2, 7, [5], TODAY) == D(2026, 2, 7)


def test_weekday_inference_never_goes_past_today() -> None:
    # 20 Dec 2026 is a Sunday but lies after TODAY; the latest earlier fitting year is taken.
    found = year_by_weekdays(12, 20, [6], TODAY)
    assert found is not None and found < TODAY and found.weekday() in (6, 0)


def test_weekday_inference_prefers_the_year_most_weekdays_fit() -> None:
    # Thursday and Friday both fit only when 7 Feb is a Friday (2025, 2020, ...).
    assert year_by_weekdays(2, 7, [3, 4], TODAY) == D(2025, 2, 7)


def test_metadata_date_is_the_reference() -> None:
    ref = reference_date(D(2025, 2, 6), dateline(2, 6), "", TODAY)
    assert ref == ReferenceDate(D(2025, 2, 6), "metadata", D(2025, 2, 6), True)


def test_dateline_year_from_metadata_across_new_year() -> None:
    ref = reference_date(D(2025, 1, 1), dateline(12, 31), "", TODAY)
    assert ref.dateline_date == D(2024, 12, 31) and ref.date == D(2025, 1, 1) and ref.method == "metadata"


def test_dateline_with_year() -> None:
    assert reference_date(None, dateline(3, 3, 2024), "", TODAY) == ReferenceDate(
        D(2024, 3, 3), "dateline", D(2024, 3, 3), False
    )


def test_weekday_method() -> None:
    ref = reference_date(None, dateline(2, 7), "Washington: On Thursday, leaders spoke.", TODAY)
    assert ref == ReferenceDate(D(2025, 2, 7), "weekday", D(2025, 2, 7), True)


def test_no_weekday_falls_back_to_most_recent_date_not_after_ingest() -> None:
    assert reference_date(None, dateline(2, 7), "No weekday here.", TODAY) == ReferenceDate(
        D(2026, 2, 7), "ingest", D(2026, 2, 7), True
    )
    assert reference_date(None, dateline(12, 25), "", TODAY).date == D(2025, 12, 25)


def test_nothing_known_means_ingest_date() -> None:
    assert reference_date(None, None, "text", TODAY) == ReferenceDate(TODAY, "ingest")
    assert reference_date(None, dateline(None, None), "text", TODAY) == ReferenceDate(TODAY, "ingest")
    assert reference_date(D(2020, 5, 5), None, "", TODAY) == ReferenceDate(D(2020, 5, 5), "metadata")


def test_leap_day_without_year() -> None:
    ref = reference_date(None, dateline(2, 29), "", TODAY)
    assert ref.date == D(2024, 2, 29)

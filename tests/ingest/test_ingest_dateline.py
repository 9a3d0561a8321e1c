from __future__ import annotations

import pytest

from concord.ingest.dateline import DatelineMatch, parse_dateline

CASES = [
    ("New Delhi [India], February 6 (ANI): Union minister spoke.",
     DatelineMatch("New Delhi [India], February 6 (ANI):", "New Delhi", "IND", "ANI", 2, 6, None)),
    ("WASHINGTON (Reuters) - The Senate voted.",
     DatelineMatch("WASHINGTON (Reuters) -", "Washington", "USA", "Reuters")),
    ("LONDON, Jan 5 (AFP) - Britain said.",
     DatelineMatch("LONDON, Jan 5 (AFP) -", "London", "GBR", "AFP", 1, 5)),
    ("Washington DC [US], February 7: On Thursday, officials met.",
     DatelineMatch("Washington DC [US], February 7:", "Washington DC", "USA", None, 2, 7)),
    ("BEIJING, March 3, 2024 (Xinhua) -- China announced.",
     DatelineMatch("BEIJING, March 3, 2024 (Xinhua) --", "Beijing", "CHN", "Xinhua", 3, 3, 2024)),
    ("KYIV, Ukraine (AP) \u2014 Drones struck.",
     DatelineMatch("KYIV, Ukraine (AP) \u2014", "Kyiv", "UKR", "AP")),
    ("KYIV, Ukraine (AP) - Drones struck.",
     DatelineMatch("KYIV, Ukraine (AP) -", "Kyiv", "UKR", "AP")),
    ("PARIS \u2014 France said.", DatelineMatch("PARIS \u2014", "Paris", "FRA")),
    ("PARIS - France said.", DatelineMatch("PARIS -", "Paris", "FRA")),
    ("Moscow, 12 May (TASS) Russia said.",
     DatelineMatch("Moscow, 12 May (TASS)", "Moscow", "RUS", "TASS", 5, 12)),
    ("TOKYO, Sept. 3 (Kyodo) - Japan said.",
     DatelineMatch("TOKYO, Sept. 3 (Kyodo) -", "Tokyo", "JPN", "Kyodo", 9, 3)),
    ("SPRINGFIELD, Ill. (AP) - A mayor said.",
     DatelineMatch("SPRINGFIELD, Ill. (AP) -", "Springfield", "USA", "AP")),
    ("ST. PETERSBURG, Russia, June 14 (Reuters) - A forum opened.",
     DatelineMatch("ST. PETERSBURG, Russia, June 14 (Reuters) -", "St. Petersburg", "RUS", "Reuters", 6, 14)),
    ("Islamabad, 2024-10-01: Pakistan said.",
     DatelineMatch("Islamabad, 2024-10-01:", "Islamabad", "PAK", None, 10, 1, 2024)),
    ("Rio de Janeiro, Nov 18 (Reuters) - Leaders met.",
     DatelineMatch("Rio de Janeiro, Nov 18 (Reuters) -", "Rio de Janeiro", "BRA", "Reuters", 11, 18)),
    ("GENEVA, Thursday, March 6 (IANS) - Talks ended.",
     DatelineMatch("GENEVA, Thursday, March 6 (IANS) -", "Geneva", "CHE", "IANS", 3, 6)),
    ("Smalltown [Kenya], 4 April: A road opened.",
     DatelineMatch("Smalltown [Kenya], 4 April:", "Smalltown", "KEN", None, 4, 4)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[1].raw for c in CASES])
def test_wire_styles(text: str, expected: DatelineMatch) -> None:
    assert parse_dateline(text) == expected
    assert text.startswith(expected.raw)


@pytest.mark.parametrize(
    "text",
    [
        "On Thursday, US Secretary of Defence Pete Hegseth spoke.",
        "BREAKING: markets fall",
        "Key points: the deal",
        "The minister said: we will act.",
        "India and Pakistan - a long rivalry.",
        "Ministers met in Paris on Monday.",
        "",
    ],
)
def test_ordinary_openings_are_not_datelines(text: str) -> None:
    assert parse_dateline(text) is None


def test_dateline_after_a_headline_line() -> None:
    found = parse_dateline("Ports reopen after storm\n\nMANILA (Reuters) - Ports reopened.")
    assert found is not None and found.place == "Manila" and found.country == "PHL"


def test_impossible_day_is_dropped_but_dateline_kept() -> None:
    found = parse_dateline("JERUSALEM, Feb 30 (Reuters) - Text.")
    assert found is not None and found.country == "ISR" and found.month is None and found.day is None


def test_unknown_place_in_caps_has_no_country() -> None:
    found = parse_dateline("ZYXWVUT (Reuters) - Text.")
    assert found is not None and found.place == "Zyxwvut" and found.country is None

"""Parsing the dateline a wire report opens with.

Understood styles include "New Delhi [India], February 6 (ANI):", "WASHINGTON (Reuters) -",
"LONDON, Jan 5 (AFP) -", "Washington DC [US], February 7:", "BEIJING, March 3, 2024
(Xinhua) --", "KYIV, Ukraine (AP) -", "PARIS -" and "Moscow, 12 May (TASS)". The text is not
changed: the match is reported, with its place, country (ISO3), month/day/year and agency.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..kb import MONTHS, country_of

__all__ = ["DatelineMatch", "parse_dateline"]

_MONTH = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?i:(?:mon|tues|wednes|thurs|fri|satur|sun)day),?[ ]+"
_WORD = r"[A-Z][\w'.-]*"
_PARTICLE = r"(?:de|da|del|do|dos|es|al|el|la|of|upon|on|au)"
_PLACE = rf"{_WORD}(?:[ ](?:{_PARTICLE}[ ])?{_WORD}){{0,3}}"
_REGION = rf"(?!{_MONTH}(?:[ ]|\d))(?!{_WEEKDAY}){_WORD}(?:[ ]{_WORD}){{0,2}}"
_DATE = (
    rf"(?:{_WEEKDAY})?(?:(?P<mon1>{_MONTH})[ ]*(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?[ ]+(?P<year1>\d{{4}}))?"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?[ ]+(?P<mon2>{_MONTH})(?:,?[ ]+(?P<year2>\d{{4}}))?"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))"
)
_DATELINE = re.compile(
    rf"(?P<place>{_PLACE})"
    r"(?:[ ]*\[(?P<bracket>[^\]\n]{1,40})\])?"
    rf"(?:,[ ]*(?P<region>{_REGION}))?"
    rf"(?:,?[ ]*(?P<date>{_DATE}))?"
    r"(?:[ ]*\((?P<agency>[^()\n]{1,40})\))?"
    r"[ ]*(?P<sep>:|-{1,2}|[\u2013\u2014]{1,2})?"
    r"(?=\s|$)"
)
#: All-caps words that open reports without being places.
_NOT_PLACES = frozenset({"BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "ANALYSIS", "OPINION", "WATCH", "LIVE",
                         "VIDEO", "PHOTO", "PHOTOS", "FILE", "EDITORIAL", "COMMENT", "CORRECTION", "NOTE", "FACTBOX"})  # fmt: skip
_MAX_TITLE = 150


@dataclass(frozen=True)
class DatelineMatch:
    """A dateline as found: the matched text and what it says; ``year`` is ``None`` when not given."""

    raw: str
    place: str
    country: str | None = None
    agency: str | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None


def parse_dateline(text: str) -> DatelineMatch | None:
    """The dateline opening ``text`` (or its second paragraph, after a headline), if any."""
    found = _match(text)
    if found is None:
        first, sep, rest = text.partition("\n")
        if sep and len(first) <= _MAX_TITLE and first.rstrip()[-1:] not in ".!?":
            found = _match(rest.lstrip())
    return found


def _match(text: str) -> DatelineMatch | None:
    m = _DATELINE.match(text)
    if m is None:
        return None
    place, bracket, region, agency = m["place"], m["bracket"], m["region"], m["agency"]
    month, day, year = _date_parts(m)
    if m["sep"] is None and agency is None:
        return None
    country = next((c for c in (bracket and country_of(bracket), region and country_of(region)) if c), None)
    place_country = country_of(place)
    caps = place.isupper() and len(place) >= 3 and place.split()[0] not in _NOT_PLACES
    if not (agency or bracket or month or caps or place_country or (region and country)):
        return None
    if month is not None and day is not None and not _valid_day(month, day, year):
        month = day = year = None
    return DatelineMatch(
        raw=m.group().rstrip(),
        place=place.title() if place.isupper() else place,
        country=country or place_country,
        agency=agency.strip() if agency else None,
        month=month,
        day=day,
        year=year,
    )


def _date_parts(m: re.Match[str]) -> tuple[int | None, int | None, int | None]:
    if m["iso"]:
        try:
            d = dt.date.fromisoformat(m["iso"])
        except ValueError:
            return None, None, None
        return d.month, d.day, d.year
    mon, day, year = (m["mon1"], m["day1"], m["year1"]) if m["mon1"] else (m["mon2"], m["day2"], m["year2"])
    if mon is None:
        return None, None, None
    return MONTHS[mon.rstrip(".").lower()], int(day), int(year) if year else None


def _valid_day(month: int, day: int, year: int | None) -> bool:
    try:
        dt.date(year or 2024, month, day)  # 2024 is a leap year: 29 February stays possible
    except ValueError:
        return False
    return True

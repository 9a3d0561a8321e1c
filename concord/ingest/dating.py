"""An article's reference date: the metadata date, else the dateline date, with the year
inferred when the dateline gives none.

Year inference, in order: from the metadata date; from the weekdays the report mentions ("On
Thursday": wire reports say that for the dateline day or the day before) - the most recent
year, not after the ingest date, in which they fit; else the most recent such month/day not
after the ingest date. Dates are parsed only from short spans (a metadata value, a dateline).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass

from .dateline import DatelineMatch

__all__ = ["ReferenceDate", "mentioned_weekdays", "parse_date", "reference_date", "year_by_weekdays"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_MENTION = re.compile(
    r"\b(?:[Oo]n|[Ee]arly|[Ll]ate)\s+(?P<a>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?P<b>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+(?:morning|afternoon|evening|night)\b"
)
_ISO_PREFIX = re.compile(r"(\d{4})-(\d{2})-(\d{2})|(\d{4})(\d{2})(\d{2})$")
#: Only the opening of a report is searched for weekdays: that is where the event is told.
_WEEKDAY_SPAN = 2000
#: How far back weekday inference looks (28 years hold every weekday pattern).
_YEARS_BACK = 40
_MAX_DATE_SPAN = 64
#: Languages dateparser tries for metadata dates (all of them would cost seconds to load).
DATE_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "ru", "ar", "zh", "hi")


@dataclass(frozen=True)
class ReferenceDate:
    """The date an article is about, how it was found, and the full dateline date if any."""

    date: dt.date
    method: str
    dateline_date: dt.date | None = None
    year_inferred: bool = False


def parse_date(raw: str | None, now: dt.datetime | None = None) -> dt.date | None:
    """Parse a metadata date string ("2025-02-06", RFC 2822, "6 February 2025", ...) to a date.

    Returns ``None`` for anything that is not a full date; only short strings are tried.
    """
    if raw is None:
        return None
    text = raw.strip()
    if not text or len(text) > _MAX_DATE_SPAN:
        return None
    m = _ISO_PREFIX.match(text)
    if m is not None:
        y, mo, d = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
        return _safe_date(y, mo, d)
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    return _dateparser_date(text, now)


def _dateparser_date(text: str, now: dt.datetime | None) -> dt.date | None:
    import dateparser

    settings: dict[str, object] = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if now is not None:
        settings["RELATIVE_BASE"] = now.replace(tzinfo=None)
    try:
        parsed = dateparser.parse(text, languages=list(DATE_LANGUAGES), settings=settings)  # type: ignore[arg-type]
    except (ValueError, TypeError, OverflowError):
        return None
    return parsed.date() if parsed is not None else None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def mentioned_weekdays(text: str) -> list[int]:
    """Distinct weekdays (0 = Monday) the opening of ``text`` mentions as a time ("on Thursday")."""
    found: list[int] = []
    for m in _WEEKDAY_MENTION.finditer(text[:_WEEKDAY_SPAN]):
        day = WEEKDAYS.index((m["a"] or m["b"]).lower())
        if day not in found:
            found.append(day)
    return found


def _fits(date: dt.date, weekday: int) -> bool:
    """A report datelined ``date`` may say ``weekday`` for that day or the day before."""
    return weekday in (date.weekday(), (date - dt.timedelta(days=1)).weekday())


def _candidates(month: int, day: int, today: dt.date) -> list[dt.date]:
    """The month/day in each year, most recent first, not after ``today``."""
    dates = (_safe_date(today.year - back, month, day) for back in range(_YEARS_BACK + 1))
    return [d for d in dates if d is not None and d <= today]


def year_by_weekdays(month: int, day: int, weekdays: list[int], today: dt.date) -> dt.date | None:
    """The most recent date with this month/day, not after ``today``, that the most weekdays fit."""
    best: tuple[int, dt.date] | None = None
    for candidate in _candidates(month, day, today):
        score = sum(_fits(candidate, w) for w in weekdays)
        if score > 0 and (best is None or score > best[0]):
            best = (score, candidate)
    return best[1] if best else None


def _closest_year(month: int, day: int, anchor: dt.date) -> dt.date | None:
    """The month/day in the year around ``anchor`` that lies closest to it."""
    dates = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _safe_date(y, month, day))]
    return min(dates, key=lambda d: abs((d - anchor).days), default=None)


def reference_date(
    published: dt.date | None, dateline: DatelineMatch | None, text: str, today: dt.date
) -> ReferenceDate:
    """Decide an article's reference date and how it was found (see the module docstring)."""
    if dateline is None or dateline.month is None or dateline.day is None:
        return ReferenceDate(published, "metadata") if published else ReferenceDate(today, "ingest")
    month, day = dateline.month, dateline.day
    if dateline.year is not None:
        full = _safe_date(dateline.year, month, day)
        if published:
            return ReferenceDate(published, "metadata", full)
        return ReferenceDate(full, "dateline", full) if full else ReferenceDate(today, "ingest")
    if published:
        return ReferenceDate(published, "metadata", _closest_year(month, day, published), True)
    by_weekday = year_by_weekdays(month, day, mentioned_weekdays(text), today)
    if by_weekday is not None:
        return ReferenceDate(by_weekday, "weekday", by_weekday, True)
    recent = _candidates(month, day, today)
    return ReferenceDate(recent[0], "ingest", recent[0], True) if recent else ReferenceDate(today, "ingest")

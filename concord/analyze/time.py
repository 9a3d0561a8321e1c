"""Time expressions: find date spans (our regexes plus spaCy DATE entities), then resolve each one
against the article's reference date with a precision (day, month, year, range, relative).

"On Thursday" in a report dated Friday 2025-02-07 is 2025-02-06 (day); "November 2023" is
2023-11 (month); "2025-2035" is a range; "this year" is the reference year. A weekday or bare
month whose clause looks ahead ("will", "due to", "is set to", "scheduled", "plans to") resolves
forward, otherwise backward. Durations ("ten years"), "2+2", anaphoric "the next day" and words
such as "We" never become dates.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..kb import MONTHS
from ..model import Article, Citation, Sentence, TimeExpression
from .sentences import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["extract_times", "reference_date"]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
          r"December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_UNIT = r"(?P<unit>day|week|month|year)s?"
#: A year needs one of these right before it (or a closing bracket/punctuation after it)
#: unless spaCy tagged it DATE: "in 2016", "(2016)", "since 2016" but not "2016 soldiers".
_YEAR_CUE = re.compile(
    r"(?:\b(?:in|since|by|until|till|from|of|year|before|after|during|early|late|mid|end|through|to|"
    r"the|and|or|on)\s+|[(,–-]\s*|^)$", re.IGNORECASE)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10}
#: Longest span handed to dateparser (words); longer DATE entities are left unresolved.
DATEPARSER_MAX_WORDS = 4


@dataclass(frozen=True)
class _Resolved:
    value: str
    precision: str
    end_value: str | None = None


#: (match, reference date, whether the clause looks ahead) -> resolved value.
Resolver = Callable[["re.Match[str]", dt.date | None, bool], _Resolved | None]
#: Lemmas that, on the path from a date to the root of its clause, mark it as still to come.
_FUTURE_LEMMAS = frozenset({"will", "shall", "due", "schedule", "plan", "expect", "intend", "upcoming",
                            "forthcoming", "would"})
#: "set" looks ahead only as "is set to <verb>".
_FUTURE_SET = "set"


def _month(m: re.Match[str]) -> int:
    return MONTHS[m.group("month").lower().rstrip(".")]


def _day(year: int, month: int, day: int) -> _Resolved | None:
    try:
        return _Resolved(dt.date(year, month, day).isoformat(), "day")
    except ValueError:
        return None


def _iso(m: re.Match[str], ref: dt.date | None, future: bool = False) -> _Resolved | None:
    return _day(int(m.group("year")), int(m.group("mm")), int(m.group("dd")))


def _full_date(m: re.Match[str], ref: dt.date | None, future: bool = False) -> _Resolved | None:
    return _day(int(m.group("year")), _month(m), int(m.group("day")))


def _month_day(m: re.Match[str], ref: dt.date | None, future: bool = False) -> _Resolved | None:
    """A day without a year takes the reference year, or the one before if that lands 2+ months ahead."""
    if ref is None:
        return None
    resolved = _day(ref.year, _month(m), int(m.group("day")))
    if resolved and dt.date.fromisoformat(resolved.value) > ref + dt.timedelta(days=60):
        resolved = _day(ref.year - 1, _month(m), int(m.group("day")))
    return resolved


def _month_year(m: re.Match[str], ref: dt.date | None, future: bool = False) -> _Resolved | None:
    return _Resolved(f"{int(m.group('year')):04d}-{_month(m):02d}", "month")


def _bare_month(m: re.Match[str], ref: dt.date | None, future: bool = False) -> _Resolved | None:
    """"in November": the most recent such month up to the reference date; "next" or a future clause looks ahead."""
    if ref is None:
        return None
    month, shift = _month(m), (m.group("shift") or "").lower()
    if shift == "next" or not shift and future and month != ref.month:
        year = ref.year + (month <= ref.month)
    elif shift == "this":
        year = ref.year
    elif shift == "last":
        year = ref.year - (month >= ref.month)
    else:
        year = ref.year - (month > ref.month)
    return _Resolved(f"{year:04d}-{month:02d}", "month")


def _range(m: re.Match[str], ref: dt.date | None, future: bool = False) -> _Resolved | None:
    start, end = m.group("year"), m.group("end")
    if len(end) == 2:
        end = start[:2] + end
    if int(end) <= int(start):
        return None
    return _Resolved(start, "range", end)


def _year(m: re.Match[str], ref: dt.date | None, future: bool = False) -> _Resolved | None:
    return _Resolved(m.group("year"), "year")


def _weekday(m: re.Match[str], ref: dt.date | None, future: bool = False) -> _Resolved | None:
    """A weekday: the latest one on or before the reference date, or the first on or after it in a
    future clause; "last" is strictly before it, "next" strictly after it."""
    if ref is None:
        return None
    target = _WEEKDAYS.index(m.group("weekday").lower())
    shift = (m.group("shift") or "").lower()
    if shift == "next" or future and shift != "last":
        ahead = (target - ref.weekday()) % 7
        delta = ahead or (7 if shift == "next" else 0)
        return _Resolved((ref + dt.timedelta(days=delta)).isoformat(), "day")
    back = (ref.weekday() - target) % 7
    if shift == "last" and back == 0:
        back = 7
    return _Resolved((ref - dt.timedelta(days=back)).isoformat(), "day")


def _deictic_day(m: re.Match[str], ref: dt.date | None, future: bool = False) -> _Resolved | None:
    if ref is None:
        return None
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[m.group("word").lower()]
    return _Resolved((ref + dt.timedelta(days=offset)).isoformat(), "day")


def _this_unit(m: re.Match[str], ref: dt.date | None, future: bool = False) -> _Resolved | None:
    """"this/last/next week|month|year": the unit containing the reference date, shifted by one."""
    if ref is None:
        return None
    step = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}[
        m.group("shift").lower()]
    return _shifted(ref, m.group("unit").lower(), step)


def _ago(m: re.Match[str], ref: dt.date | None, future: bool = False) -> _Resolved | None:
    if ref is None:
        return None
    count = m.group("count").lower()
    n = int(count) if count.isdigit() else _NUMBERS.get(count)
    unit = m.group("unit").lower()
    if n is None:
        return None
    if unit == "day":
        return _Resolved((ref - dt.timedelta(days=n)).isoformat(), "day")
    return _shifted(ref, unit, -n)


def _shifted(ref: dt.date, unit: str, step: int) -> _Resolved:
    if unit == "year":
        return _Resolved(f"{ref.year + step:04d}", "year")
    if unit == "month":
        index = ref.year * 12 + ref.month - 1 + step
        return _Resolved(f"{index // 12:04d}-{index % 12 + 1:02d}", "month")
    if unit == "week":
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=step)
        return _Resolved(monday.isoformat(), "relative")
    return _Resolved((ref + dt.timedelta(days=step)).isoformat(), "day")


_SHIFT = r"(?:(?P<shift>(?i:last|this|next|past|previous|coming|current))\s+)?"
_CUE = r"\b(?i:in|since|by|until|of|during|early|late|mid|from)[\s-]+"
#: (name, pattern, resolver), tried together; overlapping matches keep the earliest, then longest.
#: Month and weekday names must be capitalised ("may", "march" are verbs); cue words need not be.
_PATTERNS: tuple[tuple[str, re.Pattern[str], Resolver], ...] = tuple(
    (name, re.compile(pattern), resolver)
    for name, pattern, resolver in (
        ("iso", rf"(?<![\d+-]){_YEAR}-(?P<mm>[01]\d)-(?P<dd>[0-3]\d)(?![\d+])", _iso),
        ("day-month-year", rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", _full_date),
        ("month-day-year", rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", _full_date),
        ("month-day", rf"\b{_MONTH}\s+{_DAY}\b(?!\s*[:.]\d)", _month_day),
        ("day-month", rf"\b{_DAY}\s+{_MONTH}(?!\w)", _month_day),
        ("month-year", rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b", _month_year),
        ("month", rf"{_CUE}{_SHIFT}{_MONTH}(?![\w-]|,?\s+(?:of\s+)?\d)", _bare_month),
        ("month", rf"\b(?P<shift>(?i:last|this|next))\s+{_MONTH}(?![\w-])", _bare_month),
        ("range", rf"(?<![\d+.-]){_YEAR}\s*(?:-|–|—|/|\bto\b|\buntil\b|\bthrough\b)\s*"
                  rf"(?P<end>(?:1[89]|20)\d{{2}}|\d{{2}})(?![\d+])", _range),
        ("range", rf"\b(?i:between)\s+{_YEAR}\s+and\s+(?P<end>(?:1[89]|20)\d{{2}})\b", _range),
        ("year", rf"(?<![\d+.,/-]){_YEAR}(?![\d+%]|[.,]\d|-\d)", _year),
        ("weekday", rf"\b{_SHIFT}{_WEEKDAY}\b", _weekday),
        ("deictic", r"\b(?P<word>(?i:today|tonight|yesterday|tomorrow))\b", _deictic_day),
        ("this-unit", rf"\b(?P<shift>(?i:this|last|next|past|previous|coming|current))\s+(?i:{_UNIT})\b",
         _this_unit),
        ("ago", rf"\b(?P<count>\d+|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten))\s+"
                rf"(?i:{_UNIT})\s+(?i:ago)\b", _ago),
    )
)


def reference_date(article: Article) -> dt.date | None:
    """The date relative expressions resolve against: article date, else published, else ingest date."""
    if article.date is not None:
        return article.date
    if article.published is not None:
        return article.published
    return article.ingested_at.date() if article.ingested_at is not None else None


def extract_times(doc: Doc, sentences: Sequence[Sentence], article_id: str,
                  reference: dt.date | None) -> list[TimeExpression]:
    """Every resolvable time expression of a parsed article, in text order, each cited."""
    text = doc_text(doc)
    found = _regex_spans(text, reference, lambda start, end: _looks_ahead(doc, start, end))
    taken = [(start, end) for start, end, _, _ in found]
    for ent in doc.ents:
        if ent.label_ == "DATE" and not _overlaps(taken, ent.start_char, ent.end_char):
            resolved = _dateparser(ent.text, reference)
            if resolved is not None:
                found.append((ent.start_char, ent.end_char, "time:dateparser", resolved))
    starts = [s.start for s in sentences]
    times: list[TimeExpression] = []
    for start, end, producer, resolved in sorted(found, key=lambda f: f[0]):
        index = bisect.bisect_right(starts, start) - 1
        if index < 0 or end > sentences[index].end:
            continue
        citation = Citation(article_id, sentences[index].index, start, end, producer, text[start:end])
        times.append(TimeExpression(text[start:end], resolved.value, resolved.precision, citation,
                                    resolved.end_value))
    return times


def _regex_spans(text: str, ref: dt.date | None,
                 looks_ahead: Callable[[int, int], bool]) -> list[tuple[int, int, str, _Resolved]]:
    candidates = []
    for name, pattern, resolver in _PATTERNS:
        for m in pattern.finditer(text):
            if name == "year" and not _YEAR_CUE.search(text, max(0, m.start() - 12), m.start()):
                if not re.match(r"\s*[)\].,;:]", text[m.end():m.end() + 2]):
                    continue
            if name == "this-unit" and _ANAPHORIC.search(text, max(0, m.start() - 8), m.start()):
                continue
            candidates.append((m.start(), -(m.end() - m.start()), m.end(), name, m, resolver))
    candidates.sort(key=lambda c: (c[0], c[1]))
    kept: list[tuple[int, int, str, _Resolved]] = []
    last_end = -1
    for start, _, end, name, m, resolver in candidates:
        if start < last_end:
            continue
        resolved = resolver(m, ref, name in _TENSED and looks_ahead(start, end))
        if resolved is not None:
            kept.append((start, end, f"time:{name}", resolved))
            last_end = end
    return kept


#: Patterns whose value depends on whether the clause looks ahead.
_TENSED = frozenset({"weekday", "month"})
#: "the next day", "the following week", "the previous year" count from another date in the story.
_ANAPHORIC = re.compile(r"\b(?i:the)\s+$")


def _looks_ahead(doc: Doc, start: int, end: int) -> bool:
    """True when the clause of the date span is about the future ("will", "due to", "is set to", "plans to").

    Walks from the span up its dependency path: a future cue on the path wins; a past-tense verb
    on the way stops the walk (the date is then read as past).
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    for token in [span.root, *span.root.ancestors]:
        auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
        if token.lemma_.lower() in _FUTURE_LEMMAS or any(a.lemma_.lower() in _FUTURE_LEMMAS for a in auxes):
            return True
        if token.lemma_.lower() == _FUTURE_SET and any(c.dep_ == "xcomp" for c in token.children):
            return True
        if token.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
            return False
    return False


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


_DATE_WORD = re.compile(
    r"\b(?:1[89]|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|ago|"
    r"yesterday|today|tomorrow|week|month|year)", re.IGNORECASE)
_DURATION = re.compile(
    r"^(?:the\s+)?(?:past\s+|last\s+|next\s+|about\s+|nearly\s+|over\s+|more than\s+)?"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|many|few|some|\w+-)"
    r"[\s-]*(?:day|week|month|year|decade|centur)", re.IGNORECASE)


def _dateparser(span: str, ref: dt.date | None) -> _Resolved | None:
    """Parse a leftover spaCy DATE span with dateparser (short, dated-looking spans only)."""
    words = span.split()
    if (ref is None or not words or len(words) > DATEPARSER_MAX_WORDS or "+" in span
            or not _DATE_WORD.search(span) or _DURATION.match(span) and "ago" not in span.lower()):
        return None
    data = _date_parser(ref).get_date_data(span)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    period = data.period or "day"
    if period == "year":
        return _Resolved(f"{day.year:04d}", "year")
    if period == "month":
        return _Resolved(f"{day.year:04d}-{day.month:02d}", "month")
    if period == "week":
        return _Resolved((day - dt.timedelta(days=day.weekday())).isoformat(), "relative")
    return _Resolved(day.isoformat(), "day")


@functools.lru_cache(maxsize=32)
def _date_parser(ref: dt.date):  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser

    base = dt.datetime.combine(ref, dt.time(12))
    return DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})

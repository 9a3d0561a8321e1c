"""Properties of the readers, datelines, dates and normalisation over generated input (hypothesis):
only ``InputError``s escape, nothing a reader is given is lost without an entry, normalisation is
idempotent, and what the dateline parser reports stays a span of the text (issue 12)."""

from __future__ import annotations

import datetime as dt
import gzip

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from concord.errors import InputError
from concord.ingest import RawRecord, build_article
from concord.ingest.dateline import MONTHS, parse_dateline
from concord.ingest.dating import parse_date, reference_date
from concord.ingest.decode import gunzip_capped
from concord.ingest.formats import Format
from concord.ingest.normalize import clean_text, normalize_text
from concord.ingest.readers import read_json, read_jsonl
from concord.ingest.sources import records_from_bytes
from concord.model import article_id
from concord.settings import Settings

SETTINGS = Settings(max_bytes=50_000)
NOW = dt.datetime(2025, 5, 2, 12, tzinfo=dt.UTC)
EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- strategies -------------------------------------------------------------------------------

_numbers = st.one_of(st.integers(-5, 40), st.integers(1900, 2100), st.integers(0, 10**13)).map(str)
_months = st.sampled_from([*MONTHS, "Sept.", "Thursday", "Mon", "13"])
_glue = st.sampled_from([" ", ", ", "-", "/", ":", " - ", "T", "Z", "+0530", " (", ") ", " GMT"])
#: Strings shaped like dates, most of them impossible ("Feb 30", year 10^13, "13/45/2025").
DATE_LIKE = st.lists(st.one_of(_numbers, _months, _glue), max_size=8).map("".join)
#: RFC 2822 dates (feeds) with any day, year and zone.
RFC_2822 = st.builds(
    "{}, {} {} {} {:02d}:{:02d}:00 {}".format,
    st.sampled_from(["Mon", "Tue", "Xyz"]), _numbers, st.sampled_from(["Jan", "Feb", "Foo"]), _numbers,
    st.integers(0, 99), st.integers(0, 99), st.sampled_from(["+0000", "-2400", "+9999", "GMT", "EST", "Q"]),
)
_places = st.sampled_from(["NEW DELHI", "Washington DC", "KYIV", "Paris", "LA PAZ", "São Paulo", "X", "ON"])
#: Report openings shaped like datelines, right or broken.
DATELINES = st.tuples(
    _places, st.sampled_from(["", " [India]", " [US]", " [", "]", " [Xy]"]), st.sampled_from(["", ", "]),
    DATE_LIKE, st.sampled_from(["", " (ANI)", " (Reuters)", " (", "()"]),
    st.sampled_from(["", ":", " -", " --", " \u2014", "\n"]), st.text(max_size=60),
).map("".join)
TEXTS = st.one_of(st.text(max_size=400), DATELINES)
#: Plausible ingest dates (an article is dated against the day it is ingested).
TODAYS = st.dates(dt.date(1970, 1, 1), dt.date(2200, 12, 31))


def _drain(data: bytes, hint: Format | None) -> list[RawRecord | InputError]:
    """Every record of ``data`` built into an article; an InputError, yielded or raised, is kept."""
    out: list[RawRecord | InputError] = []
    try:
        for item in records_from_bytes(data, "fuzz", SETTINGS, hint=hint):
            out.append(item)
            if isinstance(item, RawRecord):
                try:
                    build_article(item, SETTINGS, NOW)
                except InputError as exc:
                    out.append(exc)
    except InputError as exc:
        out.append(exc)
    return out


# -- readers ----------------------------------------------------------------------------------


@EXAMPLES
@given(st.one_of(st.binary(max_size=3000), st.text(max_size=1500).map(str.encode)), st.sampled_from([None, *Format]))
def test_any_bytes_give_records_or_input_errors(data: bytes, hint: Format | None) -> None:
    _drain(data, hint)


@EXAMPLES
@given(st.lists(st.one_of(st.builds(lambda t: '{"text": %s}' % t, st.text(max_size=40).map(repr)),
                          st.text(max_size=40)), max_size=12))
def test_every_json_line_is_a_record_or_an_error(lines: list[str]) -> None:
    text = "\n".join(lines)
    items = list(read_jsonl(text, "fuzz"))
    assert len(items) == sum(1 for line in text.split("\n") if line.strip())


@EXAMPLES
@given(st.text(max_size=600))
def test_the_json_reader_raises_only_input_errors(text: str) -> None:
    try:
        list(read_json(text, "fuzz"))
    except InputError:
        pass


@EXAMPLES
@given(st.binary(max_size=400), st.integers(1, 5000))
def test_gzip_of_any_bytes_raises_only_input_errors(tail: bytes, cap: int) -> None:
    for data in (b"\x1f\x8b" + tail, gzip.compress(tail) + tail[:20]):
        try:
            assert len(gunzip_capped(data, "fuzz", cap)) <= cap
        except InputError:
            pass


# -- normalisation ----------------------------------------------------------------------------


@EXAMPLES
@given(TEXTS)
@example("0 --\n0")  # found by this test: a dash spaced only once lines were joined
def test_normalisation_is_idempotent_and_tidy(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert not any(ch in once for ch in "\r\t\x00\u00a0\u200b") and "  " not in once and "\n\n\n" not in once
    assert once == once.strip()


@EXAMPLES
@given(TEXTS)
@example("NEW DELHI0ThursdaySept.")  # found by this test: glue after a digit was split in two passes
def test_cleaning_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


# -- datelines and dates ----------------------------------------------------------------------


@EXAMPLES
@given(TEXTS)
def test_a_dateline_is_a_span_of_the_text_with_a_possible_date(text: str) -> None:
    found = parse_dateline(text)
    if found is None:
        return
    assert found.raw and found.raw in text
    assert found.country is None or (len(found.country) == 3 and found.country.isupper())
    if found.month is not None and found.day is not None:
        dt.date(found.year or 2024, found.month, found.day)  # raises if impossible


@EXAMPLES
@given(st.one_of(DATE_LIKE, RFC_2822, st.text(max_size=70)))
@example("Mon, 1 Jan 99999999999 00:00:00 +0000")  # found by probing: an OverflowError escaped
def test_metadata_dates_parse_or_are_none(raw: str) -> None:
    assert parse_date(raw, NOW) is None or isinstance(parse_date(raw, NOW), dt.date)


@EXAMPLES
@given(DATELINES, st.one_of(st.none(), st.dates()), TODAYS)
def test_every_article_gets_a_reference_date(text: str, published: dt.date | None, today: dt.date) -> None:
    ref = reference_date(published, parse_dateline(text), text, today)
    assert isinstance(ref.date, dt.date) and ref.method in ("metadata", "dateline", "weekday", "ingest")
    if ref.method == "weekday":
        assert ref.date <= today


@settings(EXAMPLES, max_examples=60)  # each example may run dateparser, which is slow
@given(DATELINES, st.one_of(st.none(), DATE_LIKE, RFC_2822))
@example("NEW DELHI0ThursdaySept.", None)
def test_an_articles_offsets_and_id_hold(text: str, published: str | None) -> None:
    try:
        article = build_article(RawRecord(origin="fuzz", text=text, published=published), SETTINGS, NOW)
    except InputError:
        return
    assert article.id == article_id(article.text) and article.text == clean_text(article.text)
    if article.dateline is not None:
        assert article.dateline.raw in article.text

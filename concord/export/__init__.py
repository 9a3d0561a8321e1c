"""Export merged events in the formats researchers' tools already read.

Formats (``concord export --format NAME --out FILE``):

``plover-jsonl``
    One JSON object per line and per event with PLOVER's field names: ``id``, ``date``
    (YYYY-MM-DD, or YYYY-MM / YYYY when only that is known), ``event`` (the PLOVER type),
    ``mode``, ``context`` (list), ``actor`` and ``recipient`` (lists of ``{name, kind, country
    (ISO 3166 alpha-3), sector (list of sector codes), role}``), ``event_loc``, ``event_text``,
    ``quad_code``; then concord's own ``cameo``, ``intensity``, ``n_articles``, ``n_sources``,
    ``first_seen``, ``last_seen``, ``sources``, ``citations`` (field -> list of citations) and
    ``conflicts``.

``csv`` and ``parquet``
    One row per event, actors flattened into parallel lists (``actor_ids`` (canonical ids),
    ``actor_names``, ``actor_codes`` (CAMEO actor codes), ``actor_countries``, ``actor_sectors``,
    ``actor_roles`` and the same for ``recipient_``;
    one item per actor, an actor's several sectors joined by ``+``). In CSV list items are
    joined by ``;`` and empty values are empty cells. In Parquet ``date`` is a date32 when the
    event date is a full day and null otherwise, ``date_text`` keeps the date as given, counts
    are int64, ``intensity`` float64, ``first_seen``/``last_seen`` timestamps (UTC) and the
    lists list<string>. Column order: :data:`concord.export.rows.EVENT_SCHEMA`.

``gdelt-tsv``
    GDELT-style event table, tab-separated, one row per actor pair: each actor with each
    recipient; with no recipient, each unordered pair of actors (a lone actor gets an empty
    Actor2). Columns: ``GLOBALEVENTID`` (the concord event id, shared by all rows of one
    event and by the mentions table), ``SQLDATE`` (YYYYMMDD, empty unless the date is a full
    day), ``MonthYear`` (YYYYMM), ``Year``, ``DateText`` (the date as given), ``Actor1Code``
    (the actor's CAMEO code, ``USAGOVMIL``), ``Actor1Name``, ``Actor1CountryCode`` (ISO alpha-3,
    not CAMEO country codes), ``Actor1Type1Code`` and ``Actor1Type2Code`` (first and second sector
    codes), the same five for Actor2, ``EventRootCode`` (two-digit CAMEO root),
    ``PloverType``, ``PloverMode``, ``QuadClass`` (1 verbal cooperation, 2 material
    cooperation, 3 verbal conflict, 4 material conflict, from the CAMEO root as GDELT does),
    ``GoldsteinScale`` (PLOVER's conflict-cooperation score, -10..+10, on Goldstein's scale
    but not Goldstein's values), ``NumMentions`` (reports, wire copies included),
    ``NumSources`` (distinct outlets), ``NumArticles`` (distinct articles),
    ``ActionGeo_FullName`` (the event location text) and ``SOURCEURL`` (the earliest report's
    URL, else its article id).

``mentions-tsv``
    GDELT Mentions-style table, tab-separated, one row per report × event: ``GLOBALEVENTID``,
    ``EventTimeDate`` and ``MentionTimeDate`` (YYYYMMDDHHMMSS; the event day, and the report's
    reference date or else its ingest time), ``MentionSourceName`` (outlet),
    ``MentionIdentifier`` (URL, else article id), ``ArticleID``, ``IsDuplicate`` (1 for a wire
    copy of another report), ``SentenceID`` (1-based sentence of the report's event
    citation), ``Actor1CharOffset``, ``Actor2CharOffset`` (first character of the report's
    cited actor and recipient), ``ActionCharOffset`` (the trigger word of the cited mention,
    else its sentence) and ``Confidence`` (the coder's confidence in that mention, 0-100).
    All offsets are characters into the article's clean text; unknown values are empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from ..errors import ConcordError
from ..model import Analysis, Article, Event
from ..store import EventFilter, Store
from .rows import EVENT_COLUMNS, EVENT_SCHEMA, GDELT_COLUMNS, MENTION_COLUMNS, event_row, gdelt_rows, mention_rows
from .rows import plover_record, quad_class
from .writers import write_delimited, write_jsonl, write_parquet

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_SCHEMA",
    "FORMATS",
    "GDELT_COLUMNS",
    "MENTION_COLUMNS",
    "event_row",
    "export_events",
    "export_store",
    "gdelt_rows",
    "mention_rows",
    "plover_record",
    "quad_class",
    "store_events",
]

Writer = Callable[[Sequence[Event], Mapping[str, Article], Mapping[str, Analysis | None], Path], int]


def _plover(events: Sequence[Event], _a: Mapping[str, Article], _x: Mapping[str, Analysis | None], out: Path) -> int:
    return write_jsonl((plover_record(e) for e in events), out)


def _csv(events: Sequence[Event], _a: Mapping[str, Article], _x: Mapping[str, Analysis | None], out: Path) -> int:
    return write_delimited((event_row(e) for e in events), EVENT_COLUMNS, out, ",")


def _parquet(events: Sequence[Event], _a: Mapping[str, Article], _x: Mapping[str, Analysis | None], out: Path) -> int:
    return write_parquet([event_row(e) for e in events], EVENT_SCHEMA, out)


def _gdelt(events: Sequence[Event], _a: Mapping[str, Article], _x: Mapping[str, Analysis | None], out: Path) -> int:
    return write_delimited((r for e in events for r in gdelt_rows(e)), GDELT_COLUMNS, out, "\t")


def _mentions(
    events: Sequence[Event], articles: Mapping[str, Article], analyses: Mapping[str, Analysis | None], out: Path
) -> int:
    rows = (r for e in events for r in mention_rows(e, articles, analyses))
    return write_delimited(rows, MENTION_COLUMNS, out, "\t")


_WRITERS: dict[str, Writer] = {
    "plover-jsonl": _plover,
    "csv": _csv,
    "parquet": _parquet,
    "gdelt-tsv": _gdelt,
    "mentions-tsv": _mentions,
}

#: The export format names, in the order the help lists them.
FORMATS: tuple[str, ...] = tuple(_WRITERS)


def _writer(format: str) -> Writer:
    try:
        return _WRITERS[format]
    except KeyError:
        raise ConcordError(f"unknown export format {format!r}; choose one of: {', '.join(FORMATS)}") from None


def export_events(
    format: str,
    events: Sequence[Event],
    out: str | Path,
    articles: Mapping[str, Article] | None = None,
    analyses: Mapping[str, Analysis | None] | None = None,
) -> int:
    """Write ``events`` to ``out`` in ``format`` (one of :data:`FORMATS`); returns rows written.
    ``articles`` and ``analyses`` (by article id) refine the mentions export."""
    return _writer(format)(events, articles or {}, analyses or {}, Path(out))


def store_events(store: Store, page: int = 500) -> Iterator[Event]:
    """Every coded event of a store in (date, id) order, read page by page."""
    after: str | None = None
    while batch := store.events(EventFilter(after=after, limit=page)):
        yield from batch
        after = batch[-1].id


def _reports(store: Store, events: Sequence[Event]) -> tuple[dict[str, Article], dict[str, Analysis | None]]:
    """The stored articles and analyses of the events' reports (one query per event)."""
    reports = [report for event in events for report in store.reports(event.id)]
    return {r.article.id: r.article for r in reports}, {r.article.id: r.analysis for r in reports}


def export_store(store: Store, format: str, out: str | Path) -> int:
    """Export every coded event of ``store`` to ``out`` in ``format``; returns rows written."""
    writer = _writer(format)
    events = list(store_events(store))
    articles, analyses = _reports(store, events) if format == "mentions-tsv" else ({}, {})
    return writer(events, articles, analyses, Path(out))

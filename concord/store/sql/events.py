"""Events: saving what the linker merged, listings, grouped counts and derived views, in SQL both
backends run (the dialect's JSON and date functions come from :class:`Database`)."""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Sequence
from typing import Any

import orjson

from ...errors import StoreError
from ...model import Event, event_summary, from_dict, to_dict
from ..base import GRAINS, DyadCount, EventFilter, PeriodCount
from .database import Row, json_text
from .filters import HAS_ACTOR, event_filters, event_where, keyed, pair_where
from .linkrows import INDEX_TABLES
from .actors import ActorSQL

__all__ = ["EventSQL"]


#: The columns of an event's stored summary (its record only when it has none), from :data:`_WITH_SUMMARY`.
_SUMMARY = "s.summary AS summary, CASE WHEN s.summary IS NULL THEN data END AS data"
_WITH_SUMMARY = "events LEFT JOIN event_summaries s ON s.event_id = events.id"


def _summary_of_row(row: Row) -> dict[str, Any]:
    """The summary of a row of :data:`_SUMMARY`: as stored (a field added since reads as null:
    "story" came with secondary events), or made from the record of an event stored before
    summaries were (schema < 3)."""
    if row["summary"]:
        return {"story": None, **orjson.loads(row["summary"])}
    return event_summary(from_dict(Event, orjson.loads(row["data"])))


class EventSQL(ActorSQL):
    """The events of a :class:`~concord.store.base.Store` and what is derived from them."""

    def save_links(
        self,
        events: list[tuple[Event, list[str]]],
        linked: list[str],
        state: dict[str, object],
        removed: Sequence[str] = (),
    ) -> None:
        """Store merged events with their member articles, mark articles linked, keep link state,
        and drop the ``removed`` events (absorbed into others; their summaries and views go too):
        each table written by one batched statement, the generation bumped once."""
        latest = {event.id: (event, members) for event, members in events}  # an event given twice: the last
        with self.transaction():
            self._executemany("DELETE FROM events WHERE id = ?", [(e,) for e in dict.fromkeys([*removed, *latest])])
            self._save_events(list(latest.values()))
            self._executemany(self.LINK_ARTICLE, [(a,) for a in dict.fromkeys(linked)])
            for name, data in state.items():
                if data is None:  # kept in tables now
                    self._execute("DELETE FROM link_state WHERE name = ?", (name,))
                    continue
                self._execute(
                    "INSERT INTO link_state(name, data) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data",
                    (name, json.dumps(data)),
                )
            if latest or removed:
                self._execute("UPDATE generation SET n = n + 1")

    def _save_events(self, events: list[tuple[Event, list[str]]]) -> None:
        """Insert events (deleted first): their rows, summaries, members, countries and country pairs."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self._executemany(
            "INSERT INTO events(id, date, type, n_articles, n_sources, updated_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(e.id, e.date, e.event, e.n_articles, e.n_sources, now, json_text(to_dict(e))) for e, _ in events],
        )
        self._executemany("INSERT INTO event_summaries(event_id, summary) VALUES (?, ?)",
                          [(e.id, json_text(event_summary(e))) for e, _ in events])
        self._executemany("INSERT INTO event_articles(event_id, article_id) VALUES (?, ?)",
                          [(e.id, a) for e, members in events for a in dict.fromkeys(members)])
        countries = {e.id: sorted({a.country for a in e.actor + e.recipient if a.country}) for e, _ in events}
        self._executemany("INSERT INTO event_countries(event_id, country) VALUES (?, ?)",
                          [(e.id, c) for e, _ in events for c in countries[e.id]])
        self._executemany(
            "INSERT INTO event_pairs(a, b, day, type, intensity, n_sources, event_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(a, b, e.date or "", e.event, e.intensity, e.n_sources, e.id)
             for e, _ in events for a in countries[e.id] for b in countries[e.id]],
        )
        self._save_actors([e for e, _ in events])

    def link_state(self, name: str) -> dict[str, object] | None:
        """The saved state of a linking index (dedup, clusterer), if any."""
        rows = self._rows("SELECT data FROM link_state WHERE name = ?", (name,))
        return orjson.loads(rows[0]["data"]) if rows else None

    def clear_links(self) -> None:
        """Forget every event and link state, so a recluster starts from scratch."""
        with self.transaction():
            for table in ("event_pairs", "event_actors", "actor_pairs", "actor_names", "event_countries",
                          "event_articles", "events", "linked", "link_state", *INDEX_TABLES):
                self._execute(f"DELETE FROM {table}")
            self._execute("UPDATE articles SET duplicate_of = NULL")
            self._execute("UPDATE generation SET n = n + 1")

    def get_event(self, event_id: str) -> Event:
        """The event with this id or unique id prefix."""
        return from_dict(Event, orjson.loads(self._one("events", "data", event_id, "event")["data"]))

    def events(self, where: EventFilter = EventFilter()) -> list[Event]:
        """Events in (date, id) order (newest first if asked), filtered by countries, actors, type, dates and sources."""
        return [from_dict(Event, orjson.loads(r["data"])) for r in self._event_page(where, "data")]

    def event_summaries(self, where: EventFilter = EventFilter()) -> list[dict[str, Any]]:
        """The same page as :meth:`events`, as :func:`~concord.model.event_summary` records (cheap to read)."""
        return [_summary_of_row(r) for r in self._event_page(where, _SUMMARY, _WITH_SUMMARY)]

    def summaries_of(self, event_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The summaries of those of ``event_ids`` (exact ids) that are stored, by id, in one query."""
        if not event_ids:
            return {}
        rows = self._rows(f"SELECT events.id AS id, {_SUMMARY} FROM {_WITH_SUMMARY}"
                          f" WHERE events.id IN ({', '.join('?' * len(event_ids))})", tuple(event_ids))
        return {r["id"]: _summary_of_row(r) for r in rows}

    def _event_page(self, where: EventFilter, columns: str, source: str = "events") -> list[Row]:
        link = keyed(where)
        if link:
            return self._keyed_page(where, link, columns, source)
        clauses, filters = event_filters(where)
        filters.append(("type", "=", where.type.upper() if where.type else None))
        return self._page("events", columns, clauses, filters, where.after, where.limit, source, where.newest_first)

    def _keyed_page(self, where: EventFilter, link: tuple[str, str, tuple[object, ...]], columns: str,
                    source: str) -> list[Row]:
        """A page of the events of an actor or of countries: walked in (date, id) order along the
        ``event_actors`` or ``event_pairs`` index and stopped at the page's end (a scan of ``events``
        would visit every event of the countries, tens of thousands for a large one, to keep fifty)."""
        table, sql, params = link
        if where.type:
            sql, params = f"{sql} AND type = ?", (*params, where.type.upper())
        later, order = ("<", " DESC") if where.newest_first else (">", "")

        def fetch(key: str, cursor: str | None) -> list[Row]:
            keyset = f" AND day {later}= {key} AND (day {later} {key} OR event_id {later} ?)" if cursor is not None else ""
            page = f"SELECT day, event_id FROM {table}{sql}{keyset} ORDER BY day{order}, event_id{order} LIMIT ?"
            return self._rows(
                f"SELECT {columns} FROM ({page}) p, {source} WHERE events.id = p.event_id"
                f" ORDER BY p.day{order}, p.event_id{order}",
                (*params, *((cursor,) * 3 if cursor is not None else ()), where.limit),
            )

        return fetch("", None) if where.after is None else self._after("events", where.after, fetch)

    def event_type_counts(self, where: EventFilter = EventFilter()) -> dict[str, int]:
        """How many events of each type match ``where`` (its type, page and limit ignored), most first;
        an actor's or a country's along its ``event_actors`` or ``event_pairs`` key."""
        table, sql, params = keyed(where) or ("events", *event_where(where))
        rows = self._rows(f"SELECT type, count(*) FROM {table}{sql} GROUP BY type ORDER BY 2 DESC, 1", params)
        return {r[0]: int(r[1]) for r in rows}

    def event_period_counts(self, where: EventFilter, grain: str) -> list[PeriodCount]:
        """Events matching ``where`` per period of ``grain`` and type, with their mean intensity:
        counted per day and type along the ``event_actors`` key of the first actor id asked for, else
        the ``event_pairs`` key of the first two countries (any others checked in their link tables;
        the events themselves when none is), then summed per period."""
        if grain not in GRAINS:
            raise StoreError(f"grain must be one of {', '.join(GRAINS)}, not {grain!r}")
        link = keyed(where)
        if link:
            table, sql, params = link
            days = ("SELECT day, type, count(*) AS n, coalesce(sum(intensity), 0) AS s, count(intensity) AS k"
                    f" FROM {table}{sql} GROUP BY day, type")
        else:
            sql, params = event_where(where)
            score = self.json_number("data", "intensity")
            days = (f"SELECT coalesce(date, '') AS day, type, count(*) AS n, coalesce(sum({score}), 0) AS s, count({score}) AS k"
                    f" FROM events{sql} GROUP BY 1, 2")
        key = self.period_key(grain, "nullif(day, '')")
        rows = self._rows(
            f"SELECT {key} AS period, type, sum(n), sum(s) / nullif(sum(k), 0), sum(k) FROM ({days}) d"
            " GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 2", params,
        )
        return [PeriodCount(r[0], r[1], int(r[2]), None if r[3] is None else float(r[3]), int(r[4])) for r in rows]

    def dyad_counts(self, where: EventFilter, limit: int = 50) -> list[DyadCount]:
        """Pairs of countries by the events matching ``where`` they share, most first, counted in
        ``event_pairs``: every pair, one country's pairs, or the one pair of two countries (of the
        events of ``where.actor_ids`` when it names any)."""
        wanted = [a.upper() for a in where.actors]
        if len(wanted) > 2:
            return []
        if not wanted:
            pair: list[tuple[str, object]] = [("a < b", None)]
        elif len(wanted) == 1:
            pair = [("a = ?", wanted[0]), ("b != a", None)]
        else:
            pair = [("a = ?", min(wanted)), ("b = ?", max(wanted))]
        sql, params = pair_where(where, pair)
        sql += f" AND {HAS_ACTOR}" * len(where.actor_ids)
        rows = self._rows(f"SELECT a, b, count(*) FROM event_pairs{sql} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ?",
                          (*params, *where.actor_ids, limit))
        return [DyadCount(min(r[0], r[1]), max(r[0], r[1]), int(r[2])) for r in rows]

    def generation(self) -> int:
        """A number that changes whenever any event is added, replaced or removed (cache key)."""
        return int(self._rows("SELECT n FROM generation")[0][0])

    def save_event_view(self, event_id: str, sources: str, data: dict[str, Any]) -> None:
        """Keep a derived view of an event (its comparison), valid while its ``sources`` key holds;
        stored compressed (views are several times the size of the event)."""
        with self.transaction():
            self._execute(
                "INSERT INTO event_views(event_id, sources, data) SELECT id, ?, ? FROM events WHERE id = ?"
                " ON CONFLICT(event_id) DO UPDATE SET sources = excluded.sources, data = excluded.data",
                (sources, zlib.compress(json_text(data).encode("utf-8"), 1), event_id),
            )

    def event_view(self, event_id: str, sources: str) -> dict[str, Any] | None:
        """The stored view of an event if it was made from the same ``sources``, else None."""
        rows = self._rows("SELECT sources, data FROM event_views WHERE event_id = ?", (event_id,))
        if not rows or rows[0]["sources"] != sources:
            return None
        view: dict[str, Any] = orjson.loads(zlib.decompress(bytes(rows[0]["data"])))
        return view

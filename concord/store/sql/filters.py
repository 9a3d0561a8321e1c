"""An :class:`~concord.store.base.EventFilter` as SQL both backends run: over the ``events`` table
or along the ``event_pairs`` key of its countries."""

from __future__ import annotations

from ..base import EventFilter

__all__ = ["HAS_ACTOR", "actor_pairs", "event_filters", "event_where", "keyed", "pair_where"]


def event_filters(where: EventFilter) -> tuple[list[tuple[str, object]], list[tuple[str, str, object]]]:
    """SQL clauses and ``column op value`` filters of an event query, except its type."""
    clauses: list[tuple[str, object]] = [] if where.include_uncoded else [("type != ''", None)]
    clauses += [
        ("id IN (SELECT event_id FROM event_countries WHERE country = ?)", country.upper())
        for country in where.actors
    ]
    filters: list[tuple[str, str, object]] = [
        ("date", ">=", where.since),
        ("date", "<=", where.until),
        ("n_sources", ">=", where.min_sources),
    ]
    return clauses, filters


def event_where(where: EventFilter) -> tuple[str, tuple[object, ...]]:
    """The WHERE clause (empty, or starting with a space) and parameters of an event query, type
    and page aside, over the ``events`` table's unqualified columns."""
    clauses, filters = event_filters(where)
    sql = [c for c, _ in clauses] + [f"{column} {op} ?" for column, op, v in filters if v is not None]
    params = [v for _, v in clauses if v is not None] + [v for _, _, v in filters if v is not None]
    return (" WHERE " + " AND ".join(sql) if sql else ""), tuple(params)


def pair_where(where: EventFilter, pair: list[tuple[str, object]]) -> tuple[str, tuple[object, ...]]:
    """The WHERE clause and parameters over ``event_pairs`` of the ``pair`` conditions (SQL,
    parameter or None) and the dates, sources and coding of ``where``."""
    clauses = [*pair, ("type != ''", None)] if not where.include_uncoded else list(pair)
    clauses += [(sql, value) for sql, value in (
        ("day >= ?", where.since), ("day <= ? AND day != ''", where.until), ("n_sources >= ?", where.min_sources),
    ) if value is not None]
    return " WHERE " + " AND ".join(sql for sql, _ in clauses), tuple(v for _, v in clauses if v is not None)


def actor_pairs(where: EventFilter) -> tuple[str, tuple[object, ...]]:
    """The WHERE clause over ``event_pairs`` of the events ``where`` asks for: the range of its
    first two countries (a country with itself when it names one), any others checked in
    ``event_countries``."""
    first, *others = (a.upper() for a in where.actors)
    sql, params = pair_where(where, [("a = ?", first), ("b = ?", others[0] if others else first)])
    sql += "".join(" AND event_id IN (SELECT event_id FROM event_countries WHERE country = ?)" for _ in others[1:])
    return sql, (*params, *others[1:])


#: An event holds this canonical actor (over a table with an ``event_id`` column).
HAS_ACTOR = "event_id IN (SELECT event_id FROM event_actors WHERE actor_id = ?)"
#: An event holds this country.
_HAS_COUNTRY = "event_id IN (SELECT event_id FROM event_countries WHERE country = ?)"


def keyed(where: EventFilter) -> tuple[str, str, tuple[object, ...]] | None:
    """The link table whose key range holds the events ``where`` asks for and the WHERE clause over
    it: the first actor id's rows of ``event_actors`` (other ids and the countries checked in their
    link tables), else the countries' rows of ``event_pairs``; None when it names neither."""
    if where.actor_ids:
        first, *others = where.actor_ids
        sql, params = pair_where(where, [("actor_id = ?", first)])
        checks = [(HAS_ACTOR, a) for a in others] + [(_HAS_COUNTRY, c.upper()) for c in where.actors]
        return "event_actors", sql + "".join(f" AND {c}" for c, _ in checks), (*params, *(v for _, v in checks))
    if where.actors:
        return ("event_pairs", *actor_pairs(where))
    return None


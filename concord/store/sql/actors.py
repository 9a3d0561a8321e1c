"""Events' canonical actors: the ``event_actors`` links and ``actor_names`` rows written with each
event, and the grouped actor counts of the actor pages, in SQL both backends run."""

from __future__ import annotations

import re

from ...model import Event
from ..base import ActorCount, ActorFilter, ActorName, actor_names_of, actor_roles
from .pages import PagedSQL

__all__ = ["ActorSQL"]

#: The events an actor (its role in column ``{role}``) acts in and is acted on in.
_ROLE_SUMS = ("sum(CASE WHEN {role} != 'recipient' THEN 1 ELSE 0 END) AS acts,"
              " sum(CASE WHEN {role} != 'actor' THEN 1 ELSE 0 END) AS receives")


class ActorSQL(PagedSQL):
    """The actor side of a :class:`~concord.store.base.Store`."""

    def _save_actors(self, events: list[Event]) -> None:
        """Link just-inserted events to their canonical actors and their pairs, and keep the names
        they go by."""
        roles = {e.id: actor_roles(e) for e in events}
        self._executemany(
            "INSERT INTO event_actors(actor_id, day, type, event_id, role, intensity, n_sources) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(actor_id, e.date or "", e.event, e.id, role, e.intensity, e.n_sources)
             for e in events for actor_id, role in roles[e.id].items()],
        )
        self._executemany(
            "INSERT INTO actor_pairs(a, b, event_id, type, b_role) VALUES (?, ?, ?, ?, ?)",
            [(a, b, e.id, e.event, role) for e in events for a in roles[e.id] for b, role in roles[e.id].items() if b != a],
        )
        self._executemany(
            "INSERT INTO actor_names(actor_id, name, kind, country, code) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(actor_id, n.name, n.kind, n.country, n.code) for e in events for actor_id, n in actor_names_of(e)],
        )

    def actor_counts(self, where: ActorFilter = ActorFilter()) -> list[ActorCount]:
        """Canonical actors by the coded events they take part in, most first: the ``event_actors``
        rows of the wanted ids (all, or those asked for and those whose id or a name matches), or
        one actor's ``actor_pairs`` rows, grouped by actor id; then each page row's first stored name."""
        wanted, params = _wanted_actors(where)
        if where.partner_of is not None:
            counted = (f"SELECT b AS id, count(*) AS n, {_ROLE_SUMS.format(role='b_role')}"
                       " FROM actor_pairs WHERE a = ? AND type != '' GROUP BY b")
        else:
            among = f" AND actor_id IN ({wanted})" if wanted else ""
            counted = (f"SELECT actor_id AS id, count(*) AS n, {_ROLE_SUMS.format(role='role')}"
                       f" FROM event_actors WHERE type != ''{among} GROUP BY actor_id")
        first = self.ARRIVAL
        rows = self._rows(
            f"SELECT c.id, c.n, c.acts, c.receives, coalesce(n.name, c.id), n.kind, n.country, n.code"
            f" FROM (SELECT * FROM ({counted}) g ORDER BY n DESC, id LIMIT ? OFFSET ?) c"
            f" LEFT JOIN actor_names n ON n.{first} = (SELECT min({first}) FROM actor_names WHERE actor_id = c.id)"
            " ORDER BY c.n DESC, c.id",
            (*params, where.limit, where.offset),
        )
        return [ActorCount(r[0], int(r[1]), int(r[2]), int(r[3]), r[4], r[5], r[6], r[7]) for r in rows]

    def actor_names(self, actor_id: str) -> list[ActorName]:
        """Every name the actor goes by in stored events, first seen first."""
        rows = self._rows(
            f"SELECT name, kind, country, code FROM actor_names WHERE actor_id = ? ORDER BY {self.ARRIVAL}", (actor_id,)
        )
        return [ActorName(r[0], r[1], r[2], r[3]) for r in rows]


def _wanted_actors(where: ActorFilter) -> tuple[str, tuple[object, ...]]:
    """A query of the actor ids ``where`` narrows to (empty for all of them) and its parameters;
    with ``partner_of``, just that actor's id as the parameter. Names match ignoring ASCII case."""
    if where.partner_of is not None:
        return "", (where.partner_of,)
    parts: list[str] = []
    params: list[object] = []
    if where.ids:
        parts += ["SELECT ? AS id"] * len(where.ids)
        params += list(where.ids)
    if where.name:
        like = "%" + re.sub(r"([\\%_])", r"\\\1", where.name.lower()) + "%"
        parts.append("SELECT actor_id AS id FROM actor_names WHERE lower(name) LIKE ? ESCAPE '\\'"
                     " OR lower(actor_id) LIKE ? ESCAPE '\\'")
        params += [like, like]
    return " UNION ".join(parts), tuple(params)

"""The actor table: every actor row merged by id, a folded alias index, and the records built on demand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path

from .actor_rows import ACTOR_COLUMNS, ActorRow, collect, parse_actor, to_actor
from .gazetteer import Gazetteer
from .names import name_key
from .records import KbActor
from .tables import read_rows

__all__ = ["ActorTable"]


def read_actor_file(path: Path, sectors: Collection[str]) -> list[ActorRow]:
    """The checked rows of one ``actors.tsv``-format file; an id twice in one file is an error."""
    seen: set[str] = set()

    def parse(cells: list[str]) -> ActorRow:
        row = parse_actor(cells, sectors)
        if row.id in seen:
            raise ValueError(f"id {row.id!r} is listed twice in this file")
        seen.add(row.id)
        return row

    return list(read_rows(path, ACTOR_COLUMNS, parse))


class ActorTable:
    """Actors from the shipped table, then the curated files (ours, users'), rows with one id merged."""

    def __init__(self, shipped: Path, curated: Sequence[Path], gazetteer: Gazetteer,
                 sectors: Collection[str], spellings: dict[str, str]) -> None:
        self.gazetteer, self.sectors, self.spellings = gazetteer, sectors, spellings
        curated_rows = [row for path in curated for row in read_actor_file(path, sectors)]
        self.rows = collect([*read_actor_file(shipped, sectors), *curated_rows])
        self.curated = frozenset(row.id for row in curated_rows)
        states = {row.id for row in self.rows.values() if row.actor.kind == "state"}
        #: ISO3 codes (and former states' codes) that may open a CAMEO actor code.
        self.country_codes = frozenset({p.iso3 for p in gazetteer.places.values()} | states)
        self._actors: dict[str, KbActor] = {}
        self.index: dict[str, list[str]] = {}
        for row in self.rows.values():
            for key in {name_key(a, spellings) for a in (row.actor.name, *self._aliases(row))}:
                if key:
                    self.index.setdefault(key, []).append(row.id)

    def _aliases(self, row: ActorRow) -> tuple[str, ...]:
        """The row's aliases; a state's also its names, short forms and capitals from the gazetteer."""
        actor = row.actor
        if actor.kind != "state":
            return actor.aliases
        extra = (a for a in self.gazetteer.state_aliases.get(actor.id, ()) if a != actor.name)
        return tuple(dict.fromkeys((*actor.aliases, *extra)))

    def actor(self, ident: str) -> KbActor:
        """The record of one id, built on first use (most rows are never asked for)."""
        actor = self._actors.get(ident)
        if actor is None:
            row = self.rows[ident]
            row = replace(row, actor=replace(row.actor, aliases=self._aliases(row)))
            actor = to_actor(row, self.country_codes, self.sectors)
            self._actors[ident] = actor
        return actor

    def named(self, name: str) -> list[KbActor]:
        """Actors one of whose names folds like ``name``, the preferred name first, then by :meth:`rank`."""
        key = name_key(name, self.spellings)
        ids = sorted(self.index.get(key, ()),
                     key=lambda i: (name_key(self.rows[i].actor.name, self.spellings) != key, *self.rank(i)))
        return [self.actor(i) for i in ids]

    def search(self, query: str, limit: int) -> list[KbActor]:
        """Actors with a name containing ``query`` (folded): whole names first, then names with a word
        starting with it, then the rest; each grade ranked by :meth:`rank`."""
        key = name_key(query, self.spellings)
        if not key:
            return [self.actor(i) for i in list(self.rows)[:limit]]
        best: dict[str, int] = {}
        for alias, ids in self.index.items():
            if key in alias:
                grade = 0 if alias == key else 1 if alias.startswith(key) or f" {key}" in alias else 2
                for ident in ids:
                    best[ident] = min(grade, best.get(ident, 3))
        ranked = sorted(best, key=lambda i: (best[i], *self.rank(i)))
        return [self.actor(i) for i in ranked[:limit]]

    def rank(self, ident: str) -> tuple[bool, int, str]:
        """Curated rows first, then the most recent role start, then the id."""
        latest = max((start or dt.date.min for _, start, _ in self.rows[ident].roles), default=dt.date.min)
        return ident not in self.curated, -latest.toordinal(), ident

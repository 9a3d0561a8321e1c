"""Rows of ``actors.tsv``-format files (the shipped actors, our people, users' files) and how rows
with one id merge into one actor.

Columns: ``id name kind country code sectors aliases roles``; ``aliases`` are ``|``-separated,
``roles`` ``;``-separated ``CODE@START..END`` with ISO dates, either side may be empty.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from .codes import CODE_RE, split_code
from .records import ACTOR_KINDS, KbActor, Role
from .tables import check_iso3, check_sectors, one_of, split_items

__all__ = ["ACTOR_COLUMNS", "ActorRow", "collect", "merge_rows", "parse_actor", "parse_role", "to_actor"]

ACTOR_COLUMNS = ("id", "name", "kind", "country", "code", "sectors", "aliases", "roles")
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]*")
_ROLE_RE = re.compile(r"(?P<code>[A-Z]+)@(?P<start>[\d-]*)\.\.(?P<end>[\d-]*)")

#: A role as written: code, first day, last day.
RawRole = tuple[str, dt.date | None, dt.date | None]


@dataclass(frozen=True)
class ActorRow:
    """One checked row: the actor without its roles, and the roles as written (they are read into
    :class:`Role` records once the country codes are known)."""

    actor: KbActor
    roles: tuple[RawRole, ...]

    @property
    def id(self) -> str:
        """The actor's id."""
        return self.actor.id


def parse_actor(cells: list[str], sectors: Collection[str]) -> ActorRow:
    """Check one row's cells; raises ValueError with the reason."""
    ident, name, kind, country, code, sector_cell, aliases, roles = cells
    if not _ID_RE.fullmatch(ident):
        raise ValueError(f"id {ident!r} must be letters, digits, dots and hyphens")
    if not name:
        raise ValueError("empty name")
    one_of(kind, ACTOR_KINDS, "kind")
    if code and not CODE_RE.fullmatch(code):
        raise ValueError(f"code {code!r} is not a CAMEO code (upper-case letters in threes)")
    actor = KbActor(
        id=ident,
        name=name,
        kind=kind,
        country=check_iso3(country) if country else None,
        code=code or None,
        sectors=check_sectors(sector_cell, sectors),
        aliases=split_items(aliases, "|"),
        roles=(),
    )
    return ActorRow(actor, tuple(parse_role(text) for text in split_items(roles, ";")))


def parse_role(text: str) -> RawRole:
    """``"INDGOVMIL@2019-05-31.."`` -> ``("INDGOVMIL", date(2019, 5, 31), None)``; raises ValueError."""
    m = _ROLE_RE.fullmatch(text)
    if m is None or not CODE_RE.fullmatch(m["code"]):
        raise ValueError(f"role {text!r} is not CODE@START..END (ISO dates, either may be empty)")
    try:
        start = dt.date.fromisoformat(m["start"]) if m["start"] else None
        end = dt.date.fromisoformat(m["end"]) if m["end"] else None
    except ValueError as exc:
        raise ValueError(f"role {text!r}: {exc}") from None
    if start and end and end < start:
        raise ValueError(f"role {text!r} ends before it starts")
    return m["code"], start, end


def _close_open_roles(earlier: tuple[RawRole, ...], later: tuple[RawRole, ...]) -> tuple[RawRole, ...]:
    """Earlier roles still open where the later row's roles take over: each ends on the first day a
    later role ends after its start, else on the first day a later role starts after it."""
    ends = sorted(end for _, _, end in later if end)
    starts = sorted(start for _, start, _ in later if start)
    closed = []
    for code, start, end in earlier:
        if end is None and later:
            end = next((d for d in (*ends, *starts) if start is None or d > start), None)
        closed.append((code, start, end))
    return tuple(closed)


def merge_rows(earlier: ActorRow, later: ActorRow) -> ActorRow:
    """One actor from two rows with one id: the later row's non-empty fields win, aliases and roles add
    up, and the earlier row's open roles end where the later row's roles take over (the dictionaries'
    "in office since 2010" is a 2014 snapshot; our rows know when it ended)."""
    old, new = earlier.actor, later.actor
    aliases = [a for a in dict.fromkeys((*old.aliases, old.name, *new.aliases)) if a != new.name]
    actor = replace(
        old,
        name=new.name,
        kind=new.kind,
        country=new.country or old.country,
        code=new.code or old.code,
        sectors=new.sectors or old.sectors,
        aliases=tuple(aliases),
    )
    return ActorRow(actor, tuple(dict.fromkeys((*_close_open_roles(earlier.roles, later.roles), *later.roles))))


def to_actor(row: ActorRow, countries: Collection[str], sectors: Collection[str]) -> KbActor:
    """The record of a merged row, roles in date order, each role's country and sectors read from its code."""
    roles = []
    for code, start, end in sorted(row.roles, key=lambda r: (r[1] or dt.date.min, r[2] or dt.date.max)):
        country, role_sectors = split_code(code, countries, sectors)
        roles.append(Role(code, country, role_sectors, start, end))
    return replace(row.actor, roles=tuple(roles))


def collect(rows: Iterable[ActorRow]) -> dict[str, ActorRow]:
    """Rows keyed by id, rows sharing an id (from different files) merged in order."""
    merged: dict[str, ActorRow] = {}
    for row in rows:
        merged[row.id] = merge_rows(merged[row.id], row) if row.id in merged else row
    return merged

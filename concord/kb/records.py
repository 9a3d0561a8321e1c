"""The knowledge base's records: actors with dated roles, places, country aliases, agents, organisations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["ACTOR_KINDS", "PLACE_TYPES", "Agent", "CountryAlias", "KbActor", "OrgEntry", "Place", "Role"]

#: What an actor is: a person, an organisation, an armed or non-state group, an intergovernmental or
#: non-governmental organisation, a state, or a business.
ACTOR_KINDS = ("person", "organisation", "group", "igo", "ngo", "state", "business")
#: Place types: the first four name a country in running text; the rest serve place lookups only.
PLACE_TYPES = ("name", "short", "demonym", "capital", "city", "region", "place")
#: The place types that running text may use to name a country.
COUNTRY_TYPES = PLACE_TYPES[:4]


@dataclass(frozen=True)
class Role:
    """A CAMEO code an actor held between two days (inclusive; ``None`` = open on that side)."""

    code: str
    country: str | None
    sectors: tuple[str, ...]
    start: dt.date | None
    end: dt.date | None

    def holds_on(self, day: dt.date) -> bool:
        """True when ``day`` falls within the role's dates."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _latest(role: Role) -> tuple[dt.date, dt.date]:
    return role.start or dt.date.min, role.end or dt.date.max


@dataclass(frozen=True)
class KbActor:
    """A canonical actor: stable id, preferred name, kind, ISO3 country, CAMEO code, sectors, aliases, roles."""

    id: str
    name: str
    kind: str
    country: str | None
    code: str | None
    sectors: tuple[str, ...]
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]

    def role_on(self, day: dt.date | None) -> Role | None:
        """The role valid on ``day`` (the latest start wins on overlap, then the role listed last, i.e.
        from the later file); no day: the latest role."""
        roles = [(i, r) for i, r in enumerate(self.roles) if day is None or r.holds_on(day)]
        best = max(roles, key=lambda pair: (_latest(pair[1]), pair[0]), default=None)
        return best[1] if best else None

    def code_on(self, day: dt.date | None) -> str | None:
        """The CAMEO code on ``day``: the valid role's, else the undated code."""
        role = self.role_on(day)
        return role.code if role is not None else self.code

    def sectors_on(self, day: dt.date | None) -> tuple[str, ...]:
        """The sectors on ``day``: the valid role's, else the actor's own."""
        role = self.role_on(day)
        return role.sectors if role is not None else self.sectors


@dataclass(frozen=True)
class Place:
    """A place name's country and what kind of name it is (see :data:`PLACE_TYPES`)."""

    iso3: str
    type: str


@dataclass(frozen=True)
class CountryAlias:
    """A name running text may use for a country: its ISO3 and whether it is a name, short form,
    demonym or capital."""

    iso3: str
    type: str


@dataclass(frozen=True)
class Agent:
    """A generic collective noun ("police", "farmers"): its display name, sectors, and whether the
    actor's country comes from the context (a qualifier, the sentence, the article)."""

    name: str
    sectors: tuple[str, ...]
    country_from_context: bool


@dataclass(frozen=True)
class OrgEntry:
    """A curated organisation alias for running text; ``country`` is ISO3, ``"@"`` (the qualifier's
    or article's country) or None (international); ``cues`` license an ambiguous alias."""

    alias: str
    name: str
    kind: str
    sectors: tuple[str, ...]
    country: str | None
    cues: tuple[str, ...]

"""Canonical coded actors: every actor the analysis finds gets one id and a CAMEO actor code.

A named person or organisation the knowledge base knows takes its id, preferred name and country; its
role and code are the ones valid on the report's day, unless a title in the text names the role (the
text wins: it is newer than any dictionary). A state is its ISO3 code. A generic actor ("the Syrian
government", "Kenyan police") is its CAMEO code (``SYRGOV``, ``KENCOP``), so every name for the same
body meets. A name the knowledge base does not know keeps an id made from its name and country
(``x:pete-hegseth-usa``): one actor across the store for every report that names it the same way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..kb import KbActor, KnowledgeBase
from ..kb.names import slug
from ..model import Actor

__all__ = ["UNKNOWN_PREFIX", "actor_code", "canonical"]

#: Ids of actors the knowledge base does not know start with this.
UNKNOWN_PREFIX = "x:"
#: Knowledge-base kinds, as the kinds actors carry in events (the sector says IGO, NGO or BUS).
_KINDS = {"igo": "organisation", "ngo": "organisation", "business": "organisation"}
#: Sectors that make a code of their own rather than following a country ("IGO...", "NGO...").
_ORG_SECTORS = ("IGO", "NGO")


def actor_code(country: str | None, sectors: list[str] | tuple[str, ...]) -> str | None:
    """A CAMEO actor code from a country and sectors: ``USA`` + GOV, MIL -> ``USAGOVMIL``."""
    if not country and not sectors:
        return None
    return (country or "") + "".join(s for s in sectors if s not in _ORG_SECTORS or not country)


def canonical(actor: Actor, day: dt.date | None, kb: KnowledgeBase) -> Actor:
    """The actor with its canonical id, name and CAMEO code (see the module docstring)."""
    if actor.kind == "state" and actor.country:
        return dataclasses.replace(actor, id=actor.country, code=actor.country)
    known = _known(actor, kb)
    if known is not None:
        return _from_kb(actor, known, day)
    code = actor_code(actor.country, actor.sector)
    if actor.kind == "group" and code and actor.role is None and actor.country:
        return dataclasses.replace(actor, id=code, code=code)  # a generic body: its code is who it is
    ident = slug(actor.name) + (f"-{actor.country.lower()}" if actor.country else "")
    return dataclasses.replace(actor, id=UNKNOWN_PREFIX + ident, code=code)


def _known(actor: Actor, kb: KnowledgeBase) -> KbActor | None:
    """The knowledge base's actor of that name: of a fitting kind and country; a one-word name only
    when it names one actor alone."""
    found = [k for k in kb.actors_named(actor.name)
             if (k.kind == "person") == (actor.kind == "person")
             and (actor.country is None or k.country in (None, actor.country))]
    if not found or len(actor.name.split()) == 1 and len(found) > 1:
        return None
    return found[0]


def _from_kb(actor: Actor, known: KbActor, day: dt.date | None) -> Actor:
    country = actor.country or known.country
    if actor.role is not None and actor.sector:  # a title in the text names the role
        sectors, code = list(actor.sector), actor_code(country, actor.sector)
    else:
        role = known.role_on(day)
        sectors = list(role.sectors if role else known.sectors) or list(actor.sector)
        code = role.code if role else known.code
    return dataclasses.replace(actor, id=known.id, name=known.name, kind=_KINDS.get(known.kind, known.kind),
                               country=country, sector=sectors, code=code)

"""Event headlines made of canonical actor names: each actor once, outlets left out.

:func:`actor_key` is the one place that decides when two mentions are the same actor: the canonical
id the analysis gave it, else (events stored before actors had ids) its names and country.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Actor

__all__ = ["Headline", "actor_key", "event_title", "headline", "summary_headline", "summary_title", "title_actors"]

#: Sector code of news media: an outlet that reports an event is not one of its actors.
_MEDIA = "MED"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _words(name: str) -> list[str]:
    return _WORD.findall(name.casefold())


def actor_key(actor: Actor) -> tuple[str, ...]:
    """What makes two actor mentions one actor in a headline: its canonical id; without one, a state
    is its country, a person their first and last name and country ("Hillary Rodham Clinton" is
    "Hillary Clinton"), anything else its name's words and country."""
    if actor.id:
        return ("id", actor.id)
    words = _words(actor.name)
    if actor.kind == "state" and actor.country:
        return ("state", actor.country)
    if actor.kind == "person" and len(words) > 2:
        words = [words[0], words[-1]]
    return (actor.kind, actor.country or "", *words)


def _outlet(actor: Actor, outlets: Collection[str]) -> bool:
    """Whether a mention names a news outlet: a media organisation, or one of the event's sources
    (a person with a media role, such as a president who posts, is still an actor)."""
    if _MEDIA in actor.sector and actor.kind != "person":
        return True
    words = [w for w in _words(actor.name) if w != "the"]
    return bool(words) and any(words == [w for w in _words(o) if w != "the"] for o in outlets)


def title_actors(actors: Sequence[Actor], outlets: Collection[str] = (), seen: set[tuple[str, ...]] | None = None) -> list[Actor]:
    """``actors`` in order, each actor once (the first mention of it), no outlets; keys already in
    ``seen`` are skipped and the new ones added to it."""
    seen = set() if seen is None else seen
    kept = []
    for actor in actors:
        key = actor_key(actor)
        if key in seen or _outlet(actor, outlets):
            continue
        seen.add(key)
        kept.append(actor)
    return kept


def _join(names: list[str], most: int) -> str:
    extra = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(names[:most]) + extra


@dataclass(frozen=True)
class Headline:
    """An event's one-line title and the actors and recipients it names (each once, no outlets,
    recipients that also act left out), for links to their pages."""

    title: str
    acting: list[Actor]
    receiving: list[Actor]


def headline(actor: Sequence[Actor], recipient: Sequence[Actor], outlets: Collection[str] = (), most: int = 4) -> Headline:
    """Who acted, and towards whom: at most ``most`` names a side, the rest counted."""
    seen: set[tuple[str, ...]] = set()
    acting, receiving = title_actors(actor, outlets, seen), title_actors(recipient, outlets, seen)
    who, whom = [a.name for a in acting], [a.name for a in receiving]
    if not who:
        title = f"unknown actors → {_join(whom, most)}" if whom else "unknown actors"
    else:
        title = f"{_join(who, most)} → {_join(whom, most)}" if whom else _join(who, most)
    return Headline(title, acting, receiving)


def event_title(actor: Sequence[Actor], recipient: Sequence[Actor], outlets: Collection[str] = (), most: int = 4) -> str:
    """The :func:`headline`'s title: who acted, and towards whom."""
    return headline(actor, recipient, outlets, most).title


def _summary_actor(record: dict[str, Any]) -> Actor:
    """An actor of an event summary (built directly: a listing makes hundreds)."""
    return Actor(record["name"], record.get("kind") or "organisation", record.get("country"), list(record.get("sector") or ()),
                 record.get("role"), id=record.get("id"), code=record.get("code"))


def summary_headline(summary: dict[str, Any]) -> Headline:
    """The :func:`headline` of an event given as its :func:`~concord.model.event_summary` (listings)."""
    return headline([_summary_actor(a) for a in summary["actor"]], [_summary_actor(a) for a in summary["recipient"]])


def summary_title(summary: dict[str, Any]) -> str:
    """The title of an event given as its :func:`~concord.model.event_summary`."""
    return summary_headline(summary).title

"""Actors as the knowledge base and the stored events know them: the actors most present in events
(searchable by the knowledge base's names and aliases and by the names events give them) and one
actor's profile: its entry, the names it goes by, its events by role and type, its counterparts.

Every figure is one grouped query of the store (:meth:`~concord.store.base.Store.actor_counts`,
:meth:`~concord.store.base.Store.event_type_counts`); no event is loaded.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from .errors import NotFoundError
from .kb import KbActor, KnowledgeBase
from .store.base import ActorCount, ActorFilter, ActorName, EventFilter, Store

__all__ = ["KB_MATCHES", "KB_SHORTEST", "ActorIndex", "ActorProfile", "actor_index", "actor_name", "actor_profile"]

#: Most knowledge-base matches of a search that are looked up in the store.
KB_MATCHES = 200
#: Shortest search the knowledge base takes part in (it ranks every alias that contains the
#: search: one or two letters match most of its 26,000 actors, 0.3-0.8 s).
KB_SHORTEST = 3


@dataclass(frozen=True)
class ActorIndex:
    """One page of the actors most present in stored events (a search's matches among them), and
    on a search's first page the knowledge base's matches that no stored event names."""

    query: str | None
    items: list[ActorCount]
    offset: int
    knowledge_only: list[KbActor] = field(default_factory=list)


@dataclass(frozen=True)
class ActorProfile:
    """An actor: its knowledge-base entry (None for an actor only the stored events know), the
    names events give it, its coded events (all, as actor, as recipient, per type) and the actors
    it shares the most events with; ``code`` is the code of its latest role (of the first event
    that names it, for an actor the knowledge base lacks)."""

    id: str
    name: str
    kind: str | None
    country: str | None
    code: str | None
    known: KbActor | None
    names: list[ActorName]
    events: int
    as_actor: int
    as_recipient: int
    types: dict[str, int]
    partners: list[ActorCount]


def _entry(kb: KnowledgeBase, actor_id: str) -> KbActor | None:
    """The knowledge base's actor of this id, or None."""
    try:
        return kb.get(actor_id)
    except NotFoundError:
        return None


def _preferred(count: ActorCount, kb: KnowledgeBase) -> ActorCount:
    """The count under the knowledge base's preferred name, country and latest code (a state's
    events call it "Washington" or "US"; the index shows "United States")."""
    known = _entry(kb, count.id)
    if known is None:
        return count
    return dataclasses.replace(count, name=known.name, country=known.country or count.country,
                               code=known.code_on(None) or count.code)


def actor_name(store: Store, kb: KnowledgeBase, actor_id: str) -> str:
    """The name to show for an actor id: the knowledge base's preferred name, else the first name
    stored events give it, else the id itself."""
    known = _entry(kb, actor_id)
    if known is not None:
        return known.name
    names = store.actor_names(actor_id)
    return names[0].name if names else actor_id


def actor_index(store: Store, kb: KnowledgeBase, query: str | None = None, limit: int = 50,
                offset: int = 0) -> ActorIndex:
    """The ``limit`` actors from ``offset`` that take part in the most coded events; with ``query``,
    those whose stored name or id contains it or, for a query of :data:`KB_SHORTEST` characters
    or more, a knowledge-base name or alias (the first :data:`KB_MATCHES` matches)."""
    query = " ".join((query or "").split()) or None
    matches = kb.search(query, KB_MATCHES) if query and len(query) >= KB_SHORTEST else []
    where = ActorFilter(tuple(a.id for a in matches), query, limit=limit, offset=offset)
    items = [_preferred(c, kb) for c in store.actor_counts(where)]
    unstored: list[KbActor] = []
    if matches and offset == 0:
        stored = {c.id for c in store.actor_counts(ActorFilter(tuple(a.id for a in matches), limit=len(matches)))}
        unstored = [a for a in matches if a.id not in stored]
    return ActorIndex(query, items, offset, unstored)


def actor_profile(store: Store, kb: KnowledgeBase, actor_id: str, partners: int = 10) -> ActorProfile:
    """The profile of one actor by canonical id; :class:`NotFoundError` when neither the knowledge
    base nor any stored event knows it."""
    known = _entry(kb, actor_id)
    counted = store.actor_counts(ActorFilter((actor_id,), limit=1))
    names = store.actor_names(actor_id)
    if known is None and not counted and not names:
        raise NotFoundError(f"no actor {actor_id!r}: the knowledge base does not list it and no stored event names it")
    first = names[0] if names else None
    count = counted[0] if counted else None
    return ActorProfile(
        id=actor_id,
        name=known.name if known else first.name if first else actor_id,
        kind=known.kind if known else first.kind if first else None,
        country=known.country if known else first.country if first else None,
        code=known.code_on(None) if known else first.code if first else None,
        known=known,
        names=names,
        events=count.events if count else 0,
        as_actor=count.as_actor if count else 0,
        as_recipient=count.as_recipient if count else 0,
        types=store.event_type_counts(EventFilter(actor_ids=(actor_id,))) if count else {},
        partners=[_preferred(c, kb) for c in store.actor_counts(ActorFilter(partner_of=actor_id, limit=partners))]
        if count else [],
    )

"""The actor views behind ``/actors`` and ``/actors/{id}``: their query strings and per-generation
caches of the actor index and profiles (each a few grouped queries over every event's actors)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from fastapi import HTTPException, Query

from ..api import Concord
from ..settings import MAX_NUMBER
from .queries import MAX_LIMIT, BlankIsNone, actor_ids

if TYPE_CHECKING:
    from ..actors import ActorIndex, ActorProfile

__all__ = ["ActorCache", "IndexQuery", "index_query", "one_actor"]


@dataclass(frozen=True)
class IndexQuery:
    """The state of an ``/actors`` URL: the search words, the page's first row and its size."""

    q: str | None = None
    offset: int = 0
    limit: int = 50


async def index_query(
    q: Annotated[str | None, Query(max_length=200, description="Part of a name, alias or id (any case)."), BlankIsNone] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_NUMBER, description="Rows to skip (the page's first row).")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most actors on one page.")] = 50,
) -> IndexQuery:
    """Parse the query string of the actor index (FastAPI answers 422 on a bad value)."""
    return IndexQuery(" ".join(q.split()) if q else None, offset, limit)


def one_actor(actor_id: str) -> str:
    """A path's actor id, validated like the ``actor_id`` filter (422 when it cannot be an id)."""
    wanted = actor_ids([actor_id])
    if not wanted:
        raise HTTPException(422, "actor_id: an actor id is needed")
    return wanted[0]


class ActorCache:
    """Actor index pages and actor profiles, kept until the store's events change (the most
    present actors are counted over every event's actors; a large actor's counterparts over
    tens of thousands of events)."""

    def __init__(self, concord: Concord, size: int = 256) -> None:
        self._concord = concord
        self._index = functools.lru_cache(maxsize=size)(self._fresh_index)
        self._profile = functools.lru_cache(maxsize=size)(self._fresh_profile)

    def index(self, query: IndexQuery) -> ActorIndex:
        """One page of the actor index, with one row more than asked for when a next page exists."""
        return self._index(self._concord.store.generation(), query)

    def profile(self, actor_id: str) -> ActorProfile:
        """The profile of one actor (:meth:`Concord.actor_profile`)."""
        return self._profile(self._concord.store.generation(), actor_id)

    def _fresh_index(self, generation: int, query: IndexQuery) -> ActorIndex:
        return self._concord.actor_index(query.q, limit=query.limit + 1, offset=query.offset)

    def _fresh_profile(self, generation: int, actor_id: str) -> ActorProfile:
        return self._concord.actor_profile(actor_id)

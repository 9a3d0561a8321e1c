"""The analysis stage: spaCy pipeline, actors, time expressions, PLOVER events and standing facts.

``analyze(article) -> Analysis`` is pure (no database, no network). Names load lazily so that
importing :mod:`concord.analyze` does not import spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .actors import resolve_actor_text
    from .analysis import analyze, analyze_doc, analyze_many

__all__ = ["analyze", "analyze_doc", "analyze_many", "resolve_actor_text"]

_HOMES = {"analyze": "analysis", "analyze_doc": "analysis", "analyze_many": "analysis",
          "resolve_actor_text": "actors"}


def __getattr__(name: str) -> Any:
    """Import the public functions on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)

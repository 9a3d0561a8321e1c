"""The raw record a reader hands to :func:`concord.ingest.build.build_article`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["RawRecord"]


@dataclass
class RawRecord:
    """One report as a reader found it: text or HTML plus whatever metadata came with it.

    ``origin`` is a path, URL or ``"-"``; an entry of a multi-record input is
    ``f"{path}:{line}"`` (JSON Lines) or ``f"{path}#{n}"`` (JSON array, feed entry).
    """

    origin: str
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

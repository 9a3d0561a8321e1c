"""The raw record a reader hands to :func:`concord.ingest.build.build_article`."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..errors import UsageError

__all__ = ["RawRecord", "Skipped", "input_of"]

#: What an entry of a multi-record input adds to its input's name: ``:LINE`` or ``#N``.
_ENTRY = re.compile(r"(?::\d+|#\d+)$")


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


@dataclass(frozen=True)
class Skipped:
    """A record of an input that holds no report (a WARC request, a non-HTML response): not an
    error, but counted in the ingest result so nothing disappears unseen; ``why`` says what it was."""

    source: str
    why: str


def input_of(origin: str) -> str:
    """The input to read again for an ``origin`` (a path, URL, or an entry ``path:LINE`` /
    ``path#N`` of one); :class:`UsageError` for standard input, which cannot be read twice."""
    if origin == "-" or _ENTRY.sub("", origin) == "-":
        raise UsageError("standard input cannot be read again: pipe it to `concord ingest -` anew")
    if "://" in origin:
        parts = urlsplit(origin)
        fragment = "" if parts.fragment.isdigit() else parts.fragment
        path = _ENTRY.sub("", parts.path) if parts.path.rstrip("/") else parts.path
        return urlunsplit(parts._replace(path=path, fragment=fragment))
    if os.path.lexists(origin):
        return origin
    return _ENTRY.sub("", origin)

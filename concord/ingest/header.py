"""The metadata a plain-text report may carry before its body.

Three forms are understood: YAML-style front matter between ``---`` lines; leading lines
``key: value`` or ``key value``; and an inline prefix on the first line whose value has an
unambiguous end (``date 2025-02-06 New Delhi [India], ...`` or ``url https://...``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Header", "split_header"]

#: Header keys (lower case) and the field each fills.
KEYS = {
    "title": "title",
    "headline": "title",
    "date": "published",
    "published": "published",
    "source": "source",
    "outlet": "source",
    "url": "url",
    "link": "url",
    "author": "author",
    "byline": "author",
    "lang": "lang",
    "language": "lang",
}
_ISO_DATE = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_INLINE = re.compile(
    rf"[ \t]*(?:(?P<dkey>date|published)[ \t]*:?[ \t]+(?P<date>{_ISO_DATE})"
    r"|(?P<ukey>url|link)[ \t]*:?[ \t]+(?P<url>https?://\S+))(?:[ \t]+|(?=\n)|$)",
    re.IGNORECASE,
)
_LINE = re.compile(r"[ \t]*(?P<key>[A-Za-z]+)[ \t]*(?P<colon>:)?[ \t]*(?P<value>\S.*?)[ \t]*", re.DOTALL)
_LANG = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?", re.IGNORECASE)
_MAX_HEADER_LINE = 300


@dataclass
class Header:
    """Fields found in a header: ``title``, ``published``, ``source``, ``url`` and the rest in ``extra``."""

    fields: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)


def split_header(text: str) -> tuple[Header, str]:
    """Split ``text`` into its leading metadata header and the body that follows."""
    stripped = text.lstrip("\ufeff")
    if stripped.startswith("---\n") or stripped.startswith("---\r\n"):
        found = _front_matter(stripped)
        if found is not None:
            return found
    header = Header()
    body = _inline_prefix(stripped, header)
    lines = body.split("\n")
    taken: list[tuple[str, str, bool]] = []
    consumed = 0
    for line in lines:
        if not line.strip():
            if taken:
                consumed += 1
            break
        entry = _header_line(line)
        if entry is None:
            break
        taken.append(entry)
        consumed += 1
    if taken and not any(strong for _, _, strong in taken):
        taken, consumed = [], 0
    for key, value, _ in taken:
        _store(header, key, value)
    return header, "\n".join(lines[consumed:])


def _inline_prefix(text: str, header: Header) -> str:
    """Consume ``date <ISO date>`` / ``url <URL>`` prefixes from the start of the first line."""
    while (m := _INLINE.match(text)) is not None:
        if m["date"]:
            _store(header, m["dkey"].lower(), m["date"])
        else:
            _store(header, m["ukey"].lower(), m["url"])
        text = text[m.end() :]
    return text


def _header_line(line: str) -> tuple[str, str, bool] | None:
    """``(key, value, strong)`` for a header line; strong = has a colon or a value that validates."""
    if len(line) > _MAX_HEADER_LINE:
        return None
    m = _LINE.fullmatch(line.rstrip("\r"))
    if m is None or m["key"].lower() not in KEYS:
        return None
    key, value = m["key"].lower(), m["value"]
    if m["colon"]:
        return key, value, True
    target = KEYS[key]
    if target == "published":
        return (key, value, True) if any(c.isdigit() for c in value) and len(value) <= 40 else None
    if target == "url":
        return (key, value, True) if re.fullmatch(r"https?://\S+", value) else None
    if target == "lang":
        return (key, value, True) if _LANG.fullmatch(value) else None
    return key, value, False


def _front_matter(text: str) -> tuple[Header, str] | None:
    """Parse ``---``-delimited front matter; ``None`` when there is no closing ``---``."""
    lines = text.split("\n")
    for end in range(1, min(len(lines), 60)):
        if lines[end].rstrip("\r") == "---":
            break
    else:
        return None
    header = Header()
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        value = value.strip().strip("\"'")
        if sep and key.strip() and value:
            _store(header, key.strip().lower(), value)
    return header, "\n".join(lines[end + 1 :])


def _store(header: Header, key: str, value: str) -> None:
    target = KEYS.get(key)
    if target in ("title", "published", "source", "url"):
        header.fields.setdefault(target, value)
    else:
        header.extra.setdefault(target or key, value)

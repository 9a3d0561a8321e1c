"""Which reader an input needs, from its name (or content type) and a look at its content.

The name gives a first guess; the content has the last word where names lie (a ``.txt``
that is really HTML, a ``.xml`` that is a feed, stdin that is JSON Lines).
"""

from __future__ import annotations

import json
import re
from enum import Enum

__all__ = ["Format", "format_from_content_type", "format_from_name", "known_content_type", "sniff_format"]


class Format(str, Enum):
    """The formats concord reads."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"
    JSONL = "jsonl"
    FEED = "feed"
    WARC = "warc"
    PARQUET = "parquet"


_BY_SUFFIX = {
    ".txt": Format.TEXT,
    ".text": Format.TEXT,
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".xhtml": Format.HTML,
    ".json": Format.JSON,
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
    ".rss": Format.FEED,
    ".atom": Format.FEED,
    ".warc": Format.WARC,
    ".arc": Format.WARC,
    ".parquet": Format.PARQUET,
}

_CONTENT_TYPES = {
    "text/html": Format.HTML,
    "application/xhtml+xml": Format.HTML,
    "application/rss+xml": Format.FEED,
    "application/atom+xml": Format.FEED,
    "application/rdf+xml": Format.FEED,
    "application/xml": None,
    "text/xml": None,
    "text/plain": Format.TEXT,
    "text/markdown": Format.MARKDOWN,
    "application/json": Format.JSON,
    "application/x-ndjson": Format.JSONL,
    "application/jsonl": Format.JSONL,
    "application/x-jsonlines": Format.JSONL,
}

_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_HTML_MARK = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p|h1|h2|meta|title)\b", re.IGNORECASE)
_XML_DECL = re.compile(r"<\?xml\b")
#: Lines looked at to tell JSON Lines from one JSON document.
_PROBE_LINES = 5


def format_from_name(name: str) -> Format | None:
    """The format a file name's extension promises (``.jsonl.gz`` counts as ``.jsonl``), if any."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    dot = lower.rfind(".")
    return _BY_SUFFIX.get(lower[dot:]) if dot >= 0 else None


def known_content_type(content_type: str) -> bool:
    """True when a fetched page's content type is one concord reads (text, HTML, XML feeds, JSON)."""
    return content_type.split(";")[0].strip().lower() in _CONTENT_TYPES


def format_from_content_type(content_type: str) -> Format | None:
    """The format an HTTP content type promises (``None`` for generic XML, which needs a look)."""
    return _CONTENT_TYPES.get(content_type.split(";")[0].strip().lower())


def sniff_format(text: str, hint: Format | None = None) -> Format:
    """Decide the format from the start of the decoded ``text``, with ``hint`` from name or type.

    Markup is always sniffed (a ``.txt`` holding HTML is HTML); otherwise the hint stands, and
    without one, JSON is recognised by its opening bracket and the rest is plain text.
    """
    head = text[:4096].lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        is_html_doc = re.match(r"<!doctype\s+html|<html", head, re.IGNORECASE) is not None
        if not is_html_doc and _FEED_ROOT.search(head[:2048]):
            return Format.FEED
        if _XML_DECL.match(head) and not _HTML_MARK.search(head):
            return Format.FEED
        return Format.HTML
    if hint is not None:
        return hint
    if head.startswith("{"):
        return Format.JSONL if _json_lines(text) else Format.JSON
    if head.startswith("["):
        return Format.JSON
    return Format.TEXT


def _json_lines(text: str) -> bool:
    """Whether ``text`` (opening with ``{``) holds one JSON object per line, not one document: its
    first line is a whole object and more follows, or, when the first line is broken, later lines
    are whole objects and the text as a whole is no JSON document."""
    lines = [line for line in text.split("\n", _PROBE_LINES)[:_PROBE_LINES] if line.strip()]
    if len(lines) < 2:
        return False
    if _whole_object(lines[0]):
        return True
    if not any(_whole_object(line) for line in lines[1:]):
        return False
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return True
    return False


def _whole_object(line: str) -> bool:
    """Whether one line is a complete JSON object by itself."""
    line = line.strip()
    if not (line.startswith("{") and line.endswith("}")):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False

"""Readers: decoded text of one input in, raw records (or per-record errors) out. No I/O here."""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from typing import Any

from ..errors import EmptyInputError, FeedError, InputError, MalformedRecordError
from .header import split_header
from .record import RawRecord

__all__ = ["html_to_text", "read_feed", "read_json", "read_jsonl", "read_text", "record_from_mapping"]

TEXT_FIELDS = ("text", "body", "content", "maintext", "article", "full_text")
HTML_FIELDS = ("html", "raw_html")
TITLE_FIELDS = ("title", "headline")
URL_FIELDS = ("url", "link")
DATE_FIELDS = ("date", "published", "date_publish", "published_at", "pubDate", "datetime")
SOURCE_FIELDS = ("source", "outlet", "source_domain", "publisher", "site_name")
#: Keys that hold a list of records in a JSON wrapper object.
_LIST_KEYS = ("articles", "items", "records", "entries", "data")

_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")


def read_text(text: str, origin: str, *, markdown: bool = False) -> RawRecord:
    """One record from a plain-text or Markdown report, with its leading header understood."""
    header, body = split_header(text)
    title = header.fields.get("title")
    if markdown:
        title, body = _strip_markdown(body, title)
    return RawRecord(
        origin=origin,
        text=body,
        title=title,
        url=header.fields.get("url"),
        published=header.fields.get("published"),
        source=header.fields.get("source"),
        meta=dict(header.extra),
    )


def _strip_markdown(body: str, title: str | None) -> tuple[str | None, str]:
    """Take the first heading as title (if none yet) and drop heading marks, links and emphasis."""
    first = _MD_HEADING.search(body)
    if title is None and first is not None and not body[: first.start()].strip():
        title = first.group(1)
        body = body[first.end() :]
    body = _MD_HEADING.sub(lambda m: m.group(1), body)
    body = _MD_LINK.sub(lambda m: m.group(1), body)
    return title, _MD_EMPHASIS.sub(lambda m: m.group(2), body)


def record_from_mapping(obj: Mapping[str, Any], origin: str, line: int | None = None) -> RawRecord:
    """Map a JSON object with the usual news field names onto a record.

    Raises :class:`MalformedRecordError` when it has neither a text nor an HTML field.
    """
    source = origin if line is None else f"{origin}:{line}"
    text = _first(obj, TEXT_FIELDS)
    html = _first(obj, HTML_FIELDS)
    if text is None and html is None:
        raise MalformedRecordError(origin, f"no text field (expected one of {', '.join(TEXT_FIELDS)})", line)
    used = set(TEXT_FIELDS + HTML_FIELDS + TITLE_FIELDS + URL_FIELDS + DATE_FIELDS + SOURCE_FIELDS)
    return RawRecord(
        origin=source,
        text=text,
        html=html,
        title=_first(obj, TITLE_FIELDS),
        url=_first(obj, URL_FIELDS),
        published=_first(obj, DATE_FIELDS),
        source=_first(obj, SOURCE_FIELDS),
        meta={k: v for k, v in obj.items() if k not in used},
    )


def _first(obj: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first non-empty value among ``keys`` as a string (lists of paragraphs joined, names of dicts)."""
    for key in keys:
        value = obj.get(key)
        if isinstance(value, Mapping):
            value = value.get("name") or value.get("title")
        if isinstance(value, list):
            value = "\n\n".join(str(v) for v in value if isinstance(v, (str, int, float)))
        if value is not None and not isinstance(value, (dict, list, bool)) and str(value).strip():
            return str(value)
    return None


def read_json(text: str, origin: str) -> Iterator[RawRecord | InputError]:
    """Records from a JSON document: one object, an array of objects, or a wrapper holding one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedRecordError(origin, f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    except RecursionError:
        raise MalformedRecordError(origin, "JSON nested too deeply") from None
    if isinstance(data, dict) and _first(data, TEXT_FIELDS + HTML_FIELDS) is None:
        data = next((data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)), data)
    if isinstance(data, dict):
        yield record_from_mapping(data, origin)
        return
    if not isinstance(data, list):
        raise MalformedRecordError(origin, f"expected a JSON object or array, got {type(data).__name__}")
    if not data:
        raise EmptyInputError(origin, "empty JSON array")
    for n, item in enumerate(data, 1):
        entry = f"{origin}#{n}"
        if not isinstance(item, dict):
            yield MalformedRecordError(entry, f"item is a {type(item).__name__}, not an object")
            continue
        try:
            yield record_from_mapping(item, entry)
        except MalformedRecordError as exc:
            yield exc


def read_jsonl(text: str, origin: str) -> Iterator[RawRecord | InputError]:
    """One record per JSON Lines line; a bad line yields a :class:`MalformedRecordError` and the rest go on."""
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield MalformedRecordError(origin, f"invalid JSON: {exc.msg} (column {exc.colno})", lineno)
            continue
        except RecursionError:
            yield MalformedRecordError(origin, "JSON nested too deeply", lineno)
            continue
        if not isinstance(obj, dict):
            yield MalformedRecordError(origin, f"line holds a {type(obj).__name__}, not an object", lineno)
            continue
        try:
            yield record_from_mapping(obj, origin, lineno)
        except MalformedRecordError as exc:
            yield exc


def read_feed(data: bytes, origin: str) -> Iterator[RawRecord]:
    """One record per RSS/Atom entry: title, link, published date and the summary as text.

    A feed feedparser had to repair still yields its entries that have a link or a text (with
    ``meta["feed_warning"]``); with none, it raises :class:`FeedError`. A well-formed feed
    without entries raises :class:`EmptyInputError`.
    """
    import feedparser

    if _declares_entities(data):
        raise FeedError(origin, "feed declares its own XML entities (an entity-expansion bomb or an "
                                "external-entity read); refused")
    parsed = feedparser.parse(io.BytesIO(data))
    entries = [e for e in parsed.entries if e.get("link") or e.get("summary") or e.get("content")]
    problem = f"broken feed: {parsed.get('bozo_exception')}" if parsed.bozo else None
    if not entries:
        if problem:
            raise FeedError(origin, problem)
        if not parsed.version:
            raise FeedError(origin, "not an RSS or Atom feed")
        raise EmptyInputError(origin, "feed has no entries")
    outlet = parsed.feed.get("title") or None
    for n, entry in enumerate(entries, 1):
        contents = entry.get("content") or []
        body = contents[0].get("value") if contents else entry.get("summary")
        meta: dict[str, Any] = {k: entry[k] for k in ("id", "author") if entry.get(k)}
        if problem:
            meta["feed_warning"] = problem
        if entry.get("tags"):
            meta["tags"] = [t.get("term") for t in entry["tags"] if t.get("term")]
        yield RawRecord(
            origin=f"{origin}#{n}",
            text=html_to_text(body or ""),
            title=html_to_text(entry.get("title") or "") or None,
            url=entry.get("link"),
            published=entry.get("published") or entry.get("updated"),
            source=outlet,
            meta=meta,
        )


def _declares_entities(data: bytes) -> bool:
    """Whether an XML document declares entities after its type declaration (``<!DOCTYPE x [
    <!ENTITY ...``), which no feed needs; a linear scan, whatever the input."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    text = (data.decode("utf-16", "replace") if utf16 else data.decode("latin-1")).upper()
    start = text.find("<!DOCTYPE")
    return start >= 0 and text.find("<!ENTITY", start) >= 0


class _TextCollector(HTMLParser):
    """Collects the text of an HTML fragment, turning block elements into paragraph breaks."""

    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section"})
    SKIP = frozenset({"script", "style", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The text of a small HTML fragment (a feed summary), block elements becoming paragraph breaks."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    return re.sub(r"\n\s*\n\s*", "\n\n", "".join(collector.parts)).strip()

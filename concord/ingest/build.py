"""A raw record to a clean, dated :class:`~concord.model.Article` (pure apart from HTML extraction)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from ..errors import EmptyInputError, InputError, TooLargeError
from ..model import Article, Dateline, article_id
from ..settings import Settings
from .dateline import parse_dateline
from .dating import parse_date, reference_date
from .language import detect_language
from .normalize import clean_text, normalize_text
from .record import RawRecord

__all__ = ["build_article"]


def build_article(record: RawRecord, settings: Settings, now: dt.datetime) -> Article:
    """Normalise text, parse the dateline, find the reference date and language.

    ``now`` is the ingest time (timezone-aware UTC). Raises :class:`InputError` subclasses
    (e.g. :class:`EmptyInputError`) for records with nothing to ingest.
    """
    record = _extract_html(record) if record.html else record
    text = clean_text(record.text or "")
    if not text:
        raise EmptyInputError(record.origin, "no text after extraction and normalisation")
    if len(text) > settings.max_chars:
        raise TooLargeError(record.origin, f"{len(text)} characters after cleaning, over the analysis "
                                           f"limit of {settings.max_chars} (setting max_chars)")
    title = normalize_text(record.title) if record.title else None
    text = _drop_leading_title(text, title)
    published = parse_date(record.published, now)
    found = parse_dateline(text)
    ref = reference_date(published, found, text, now.date())
    dateline = None
    if found is not None:
        dateline = Dateline(
            raw=found.raw,
            place=found.place,
            country=found.country,
            date=ref.dateline_date,
            agency=found.agency,
            year_inferred=ref.year_inferred,
        )
    meta = dict(record.meta)
    if record.published and published is None:
        meta["published_unparsed"] = record.published
    language = str(meta.get("lang") or "") or detect_language(text)
    return Article(
        id=article_id(text),
        text=text,
        title=title or None,
        source=record.source or (found.agency if found else None) or _domain(record.url),
        url=record.url,
        published=published,
        dateline=dateline,
        language=language,
        language_flagged=not language.lower().startswith("en"),
        date=ref.date,
        date_method=ref.method,
        ingested_at=now,
        origin=record.origin,
        meta=meta,
    )


def _extract_html(record: RawRecord) -> RawRecord:
    """Main text and metadata (title, date, site name) of an HTML record; falls back to its text."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            record.html,
            url=record.url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura/lxml raise many types on hostile markup
        raise InputError(record.origin, f"HTML extraction failed: {type(exc).__name__}: {exc}") from None
    extracted = getattr(doc, "text", None) if doc is not None else None
    if not extracted and not record.text:
        raise EmptyInputError(record.origin, "no main text found in the HTML")
    return RawRecord(
        origin=record.origin,
        # trafilatura puts one paragraph on each line
        text=extracted.replace("\n", "\n\n") if extracted else record.text,
        title=record.title or getattr(doc, "title", None),
        url=record.url or getattr(doc, "url", None),
        published=record.published or getattr(doc, "date", None),
        source=record.source or getattr(doc, "sitename", None),
        meta=dict(record.meta),
    )


def _drop_leading_title(text: str, title: str | None) -> str:
    """Drop a first paragraph or line that only repeats the title (HTML extraction keeps the h1)."""
    if not title:
        return text
    first, sep, rest = text.partition("\n")
    if sep and first.strip().casefold() == title.strip().casefold() and rest.strip():
        return rest.lstrip("\n")
    return text


def _domain(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None

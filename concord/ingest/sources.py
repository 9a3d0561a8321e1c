"""Inputs to raw records: paths, directories, ``-`` (stdin) and ``http(s)://`` URLs.

This is the I/O edge of ingestion. One bad input never stops the others: its
:class:`~concord.errors.InputError` is yielded in place of its records and the walk goes on.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from ..errors import EmptyInputError, InputError, TooLargeError, UnsupportedInputError
from ..settings import Settings
from .decode import check_not_binary, decode_bytes, gunzip_capped, is_gzip
from .fetch import fetch_url
from .formats import Format, format_from_content_type, format_from_name, sniff_format
from .readers import read_feed, read_json, read_jsonl, read_text
from .parquet import PARQUET_MAGIC, read_parquet
from .record import RawRecord, Skipped
from .warc import is_archive, read_archive

__all__ = ["Item", "input_files", "iter_records", "records_from_bytes"]

#: What reading inputs yields: a record, the error of an input (or entry) that failed, or a skip.
Item = RawRecord | InputError | Skipped


def iter_records(inputs: Iterable[str], settings: Settings, stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Expand paths (directories recursively, in sorted order), ``-`` (stdin bytes), http(s) URLs and feeds.

    A web archive yields a :class:`Skipped` for each record that holds no report. Never raises
    for one bad input: yields its :class:`InputError` and goes on.
    """
    for item in input_files(inputs):
        if isinstance(item, InputError):
            yield item
        elif item == "-":
            yield from _guarded("-", _stdin_records(stdin, settings))
        elif "://" in item:  # fetch_url refuses schemes other than http(s) with a clear reason
            yield from _guarded(item, _url_records(item, settings))
        else:
            yield from _guarded(item, _file_records(Path(item), settings))


def input_files(inputs: Iterable[str]) -> Iterator[str | InputError]:
    """The inputs one by one: a directory becomes the files under it (sorted, hidden ones skipped),
    ``-`` and URLs stay as they are; an empty name or an unreadable folder is an :class:`InputError`."""
    for item in inputs:
        if not item.strip():
            yield InputError(item, "an empty name is no file, folder or URL")
        elif item != "-" and "://" not in item and os.path.isdir(item):
            for path in _walk(Path(item)):
                yield path if isinstance(path, InputError) else str(path)
        else:
            yield item


def _guarded(source: str, records: Iterator[Item]) -> Iterator[Item]:
    """Yield ``records``, turning an error that ends them into a yielded :class:`InputError`."""
    try:
        yield from records
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(source, f"cannot read: {exc.strerror or exc}")


def _walk(root: Path) -> Iterator[Path | InputError]:
    """Files under ``root`` in sorted order, skipping hidden files and directories; a folder that
    cannot be read, or a symbolic link to a folder (not followed: it may loop or leave the tree),
    comes out as an :class:`InputError` so it is quarantined, not skipped."""
    failures: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=failures.append):
        yield from _folder_errors(failures)
        linked = sorted(d for d in dirnames if not d.startswith(".") and os.path.islink(os.path.join(dirpath, d)))
        for name in linked:
            yield InputError(os.path.join(dirpath, name), "symbolic link to a folder: not followed "
                             "(give the folder itself to ingest it)")
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in linked)
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name
    yield from _folder_errors(failures)


def _folder_errors(failures: list[OSError]) -> Iterator[InputError]:
    """The folders ``os.walk`` could not list, as input errors (and forget them)."""
    for exc in failures:
        yield InputError(str(exc.filename), f"cannot read folder: {exc.strerror or exc}")
    failures.clear()


def _file_records(path: Path, settings: Settings) -> Iterator[Item]:
    """Records of one file; the size is checked before anything is read."""
    source = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(source, _missing_reason(path, exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(source, "not a regular file")
    hint = format_from_name(path.name)
    with path.open("rb") as raw:  # archives and Parquet files are streamed: no whole-file size limit
        head = raw.read(512)
        if is_archive(head):
            raw.seek(0)
            yield from read_archive(raw, source, settings)
            return
    if hint is Format.WARC and head:
        raise UnsupportedInputError(source, "named like a web archive but does not begin like a WARC or ARC file")
    if hint is Format.PARQUET or head.startswith(PARQUET_MAGIC):
        yield from read_parquet(path, source)
        return
    if info.st_size > settings.max_bytes:
        raise TooLargeError(source, f"{info.st_size} bytes, over the {settings.max_bytes}-byte limit")
    yield from records_from_bytes(path.read_bytes(), source, settings, hint=hint)


def _missing_reason(path: Path, exc: OSError) -> str:
    """Why a path cannot be opened, in words: a link loop, a dangling link, no such file, no access."""
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "broken symbolic link" if path.is_symlink() else "no such file or directory (nor a URL)"
    return f"cannot read: {exc.strerror or exc}"


def _stdin_records(stdin: BinaryIO | None, settings: Settings) -> Iterator[Item]:
    """Records of standard input, read as bytes up to the size limit and sniffed."""
    stream = stdin if stdin is not None else sys.stdin.buffer
    data = stream.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        raise TooLargeError("-", f"standard input over the {settings.max_bytes}-byte limit")
    yield from records_from_bytes(data, "-", settings)


def _url_records(url: str, settings: Settings) -> Iterator[Item]:
    """Records of a fetched URL: a page, a feed (read entry by entry), text or JSON."""
    page = fetch_url(url, settings)
    hint = format_from_content_type(page.content_type) or format_from_name(urlsplit(page.url).path)
    yield from records_from_bytes(page.data, url, settings, hint=hint, url=page.url)


def records_from_bytes(
    data: bytes, origin: str, settings: Settings, hint: Format | None = None, url: str | None = None
) -> Iterator[Item]:
    """Decompress, reject binary, decode, sniff the format and read ``data`` into records (a web
    archive record by record)."""
    if is_archive(data[:512]):
        yield from read_archive(io.BytesIO(data), origin, settings)
        return
    if is_gzip(data):
        data = gunzip_capped(data, origin, settings.max_bytes)
    check_not_binary(data, origin, nul_ok=_line_records(data, hint))
    text = decode_bytes(data, origin)
    if not text.strip():
        raise EmptyInputError(origin, "empty or white space only")
    fmt = sniff_format(text, hint)
    if fmt is Format.FEED:
        for record in read_feed(data, origin):
            if settings.fetch_full_pages and record.url:
                _attach_full_page(record, record.url, settings)
            yield record
    elif fmt is Format.JSON:
        yield from read_json(text, origin)
    elif fmt is Format.JSONL:
        yield from read_jsonl(text, origin)
    elif fmt is Format.HTML:
        yield RawRecord(origin=origin, html=text, url=url)
    else:
        record = read_text(text, origin, markdown=fmt is Format.MARKDOWN)
        record.url = record.url or url
        yield record


def _line_records(data: bytes, hint: Format | None) -> bool:
    """Whether ``data`` may be JSON Lines, where a NUL byte spoils only its own line."""
    return hint is Format.JSONL or (hint is None and data.lstrip()[:1] == b"{")


def _attach_full_page(record: RawRecord, url: str, settings: Settings) -> None:
    """Attach the page behind a feed entry as HTML; on failure keep the summary and note why in ``meta``."""
    try:
        page = fetch_url(url, settings)
        check_not_binary(page.data, url)
        record.html = decode_bytes(page.data, url)
    except InputError as exc:
        record.meta["full_page_error"] = exc.reason

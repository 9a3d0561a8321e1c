"""WARC and ARC web archives to raw records, streamed: each HTML response becomes a report (its
target URL, its WARC-Date as the published date); every other record is counted as skipped.

The archive is read through our own gzip reader (every member, a whole-file gzip too, with
truncation and corruption reported), so warcio only parses records. A broken record is yielded
as an :class:`InputError` at ``file#N`` and ends the file; the records before it are kept.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import DecodeError, InputError, MalformedRecordError, TooLargeError
from ..settings import Settings
from .decode import decode_bytes, is_gzip
from .record import RawRecord, Skipped

__all__ = ["is_archive", "read_archive"]

#: How a WARC (``WARC/1.0``) or an ARC file (its ``filedesc://`` header record) begins.
_MAGIC = (b"WARC/", b"filedesc://")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1 << 16
#: Bytes of the stream's end kept to tell trailing blank lines from a truncated record.
_TAIL = 64

Item = RawRecord | InputError | Skipped


def is_archive(head: bytes) -> bool:
    """Whether the first bytes of a file (gzip-compressed or not) open a WARC or ARC archive."""
    if is_gzip(head):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 64)
        except zlib.error:
            return False
    return head.lstrip(b"\r\n").startswith(_MAGIC)


class _Stream(io.RawIOBase):
    """The decompressed bytes of a (multi-member) gzip file, or the bytes as they are; counts them
    and keeps the last few. Corrupt or truncated gzip data ends the stream early, with the reason
    in :attr:`broken` (raising would lose the good records a read-ahead buffer already holds)."""

    def __init__(self, raw: BinaryIO, origin: str) -> None:
        super().__init__()
        self.raw, self.origin = raw, origin
        first = raw.read(2)
        self.pending = first
        self.inflater = zlib.decompressobj(wbits=31) if is_gzip(first) else None
        self.total, self.tail = 0, b""
        self.broken: str | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._next(len(buffer))
        buffer[: len(data)] = data
        self.total += len(data)
        self.tail = (self.tail + data)[-_TAIL:]
        return len(data)

    def _next(self, size: int) -> bytes:
        """Up to ``size`` more bytes; empty at the end or where the gzip data breaks."""
        try:
            return self._inflate(size)
        except DecodeError as exc:
            self.broken = exc.reason
            self.inflater, self.raw = None, io.BytesIO()
            return b""

    def _inflate(self, size: int) -> bytes:
        if self.inflater is None:
            data, self.pending = self.pending + self.raw.read(max(size - len(self.pending), 0)), b""
            return data
        while True:
            source = self.inflater.unconsumed_tail or self.pending or self.raw.read(_CHUNK)
            self.pending = b""
            if not source:
                if not self.inflater.eof:
                    raise DecodeError(self.origin, "truncated gzip data")
                return b""
            if self.inflater.eof:  # a new member begins
                if not source.strip(b"\x00"):
                    continue  # zero padding after the last member
                if not is_gzip(source) and len(source) >= 2:
                    raise DecodeError(self.origin, f"bytes after gzip member {self.total} are not gzip")
                self.inflater = zlib.decompressobj(wbits=31)
            try:
                data = self.inflater.decompress(source, size)
            except zlib.error as exc:
                raise DecodeError(self.origin, f"corrupt gzip data: {exc}") from None
            self.pending = self.inflater.unused_data
            if data:
                return data


def read_archive(raw: BinaryIO, origin: str, settings: Settings) -> Iterator[Item]:
    """Records of a WARC or ARC archive: a :class:`RawRecord` per HTML response, a :class:`Skipped`
    per other record, an :class:`InputError` per record that cannot be read (a broken one ends it)."""
    from warcio.archiveiterator import ArchiveIterator

    class Quiet(ArchiveIterator):  # type: ignore[misc]
        """warcio's iterator, which would print a warning for a bad record length; counted instead."""

        INC_RECORD = ""

    stream = _Stream(raw, origin)
    records = Quiet(io.BufferedReader(stream, _CHUNK), arc2warc=True)
    n, at = 0, 1  # records read, and the one being read
    try:
        for n, record in enumerate(records, 1):
            at, errors = n, records.err_count
            item = _guarded_item(record, f"{origin}#{n}", settings)
            if _read_all(record):
                why = stream.broken or "truncated record: its content ends early"
                yield MalformedRecordError(f"{origin}#{n}", f"{why}; the rest of the file is not read")
                return
            yield item
            at = n + 1
            if records.err_count > errors:
                yield MalformedRecordError(f"{origin}#{n + 1}", "the record's length does not match its "
                                           "content; the rest of the file is not read")
                return
    except Exception as exc:  # noqa: BLE001 - warcio raises many types on a broken record
        yield MalformedRecordError(f"{origin}#{at}", f"broken record: {type(exc).__name__}: {exc}; "
                                   "the rest of the file is not read")
        return
    rest = stream.total - records.offset
    if stream.broken:
        yield DecodeError(f"{origin}#{n + 1}", f"{stream.broken} after record {n}")
    elif rest > 0 and (rest > _TAIL or stream.tail[-rest:].strip()):
        yield MalformedRecordError(f"{origin}#{n + 1}", f"truncated record at byte {records.offset}")


def _read_all(record: object) -> bool:
    """Read what is left of a record's raw content; True when it ended early (a truncated file)."""
    raw = record.raw_stream  # type: ignore[attr-defined]
    while raw.read(_CHUNK):
        pass
    return bool(getattr(raw, "limit", 0) > 0)  # a record with no length is read to the end


def _guarded_item(record: object, source: str, settings: Settings) -> Item:
    """:func:`_item`, with a failure inside one record's content (a broken chunked or compressed
    body) as that record's error: warcio still finds the next record by its length."""
    try:
        return _item(record, source, settings)
    except Exception as exc:  # noqa: BLE001 - warcio and zlib raise many types on a broken body
        return MalformedRecordError(source, f"unreadable content: {type(exc).__name__}: {exc}")


def _item(record: object, source: str, settings: Settings) -> Item:
    """A report from an HTML response; a skip (with what it was) for anything else."""
    kind = record.rec_type  # type: ignore[attr-defined]
    if not kind:
        return MalformedRecordError(source, "a record without a WARC-Type")
    if kind != "response":
        return Skipped(source, kind)
    http = record.http_headers  # type: ignore[attr-defined]
    status = http.get_statuscode() if http is not None else None
    if status is not None and not str(status).startswith("2"):
        return Skipped(source, "response not 2xx")
    content_type = (http.get_header("Content-Type") if http is not None else None) or ""
    media = content_type.split(";")[0].strip().lower()
    if media and media not in _HTML_TYPES:
        return Skipped(source, "non-HTML response")
    data = record.content_stream().read(settings.max_bytes + 1)  # type: ignore[attr-defined]
    if len(data) > settings.max_bytes:
        return TooLargeError(source, f"response over the {settings.max_bytes}-byte limit")
    if not media and not data.lstrip()[:1] == b"<":
        return Skipped(source, "non-HTML response")
    headers = record.rec_headers  # type: ignore[attr-defined]
    try:
        html = _decode(data, content_type, source)
    except InputError as exc:
        return exc
    return RawRecord(
        origin=source,
        html=html,
        url=headers.get_header("WARC-Target-URI"),
        published=headers.get_header("WARC-Date"),
        meta={"warc_record_id": headers.get_header("WARC-Record-ID")} if headers.get_header("WARC-Record-ID") else {},
    )


def _decode(data: bytes, content_type: str, source: str) -> str:
    """The page as text: by the charset its Content-Type names, else as any other input is decoded."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            try:
                return data.decode(value.strip().strip('"'))
            except (LookupError, UnicodeDecodeError):
                break
    return decode_bytes(data, source)

"""Bytes to text: binary detection, decompression and the accepted encodings.

Accepted, in order: UTF-8 (with or without BOM), UTF-16 by BOM, and cp1252 only when it
decodes cleanly into mostly ASCII, printable text. Anything else is a :class:`DecodeError`.
"""

from __future__ import annotations

import codecs
import zlib

from ..errors import DecodeError, TooLargeError, UnsupportedInputError

__all__ = ["check_not_binary", "decode_bytes", "gunzip_capped", "is_gzip"]

#: Magic numbers of formats we recognise only to refuse them with a clear reason.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"RIFF", "a media file"),
    (b"OggS", "a media file"),
    (b"ID3", "an MP3 file"),
)
_GZIP_MAGIC = b"\x1f\x8b"
_SAMPLE = 8192
#: Control bytes that never occur in text (tab, newlines, form feed and escape excluded).
_CONTROL = frozenset(range(0, 8)) | frozenset(range(14, 27)) | frozenset(range(28, 32)) | {127}
_BOMS_16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def is_gzip(data: bytes) -> bool:
    """True when ``data`` starts with the gzip magic number."""
    return data.startswith(_GZIP_MAGIC)


def gunzip_capped(data: bytes, source: str, max_bytes: int) -> bytes:
    """Decompress gzip ``data`` member by member (``cat a.gz b.gz`` is one valid file), refusing
    output over ``max_bytes`` in all (so a gzip bomb stops early)."""
    out = bytearray()
    rest = data
    while True:
        inflater = zlib.decompressobj(wbits=31)
        try:
            out += inflater.decompress(rest, max_bytes + 1 - len(out))
        except zlib.error as exc:
            raise DecodeError(source, f"corrupt gzip data: {exc}") from exc
        if len(out) > max_bytes or inflater.unconsumed_tail:
            raise TooLargeError(source, f"decompresses to more than {max_bytes} bytes")
        if not inflater.eof:
            raise DecodeError(source, "truncated gzip data")
        rest = inflater.unused_data
        if not rest.strip(b"\x00"):  # gzip tools allow zero padding after the last member
            return bytes(out)
        if not is_gzip(rest):
            raise DecodeError(source, f"{len(rest)} bytes after the end of the gzip data are not gzip")


def check_not_binary(data: bytes, source: str, *, nul_ok: bool = False) -> None:
    """Raise :class:`UnsupportedInputError` when ``data`` is a known binary format or looks binary.

    ``nul_ok`` lets a few NUL bytes through (JSON Lines: the reader refuses only the lines that
    hold them); many control bytes still mark the input as binary.
    """
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise UnsupportedInputError(source, f"binary input: looks like {what}")
    if data.startswith(_BOMS_16):
        return
    sample = data[:_SAMPLE]
    if b"\x00" in sample and not nul_ok:
        raise UnsupportedInputError(source, "binary input: contains NUL bytes")
    if sample and sum(b in _CONTROL for b in sample) / len(sample) > 0.05:
        raise UnsupportedInputError(source, "binary input: too many control bytes")


def decode_bytes(data: bytes, source: str) -> str:
    """Decode text bytes as UTF-8, UTF-16 (by BOM) or clean cp1252; raise :class:`DecodeError` otherwise."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", source)
    if data.startswith(_BOMS_16):
        return _strict(data, "utf-16", source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise DecodeError(source, f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) nor cp1252") from None
        if not _plausible_text(text):
            raise DecodeError(source, f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}); cp1252 gives gibberish")
        return text


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(source, f"invalid {encoding} ({exc.reason} at byte {exc.start})") from None


def _plausible_text(text: str) -> bool:
    """Mostly printable and mostly ASCII, as Western European text in cp1252 is."""
    if not text:
        return True
    printable = sum(ch.isprintable() or ch in "\t\n\r" for ch in text)
    non_ascii = sum(ord(ch) > 127 for ch in text)
    return printable / len(text) >= 0.98 and non_ascii / len(text) <= 0.2

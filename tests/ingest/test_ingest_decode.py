from __future__ import annotations

import codecs
import gzip

import pytest

from concord.errors import DecodeError, TooLargeError, UnsupportedInputError
from concord.ingest.decode import check_not_binary, decode_bytes, gunzip_capped, is_gzip

TEXT = "Ministers met in Zürich on Monday – and agreed “in principle”."


def test_utf8_with_and_without_bom() -> None:
    assert decode_bytes(TEXT.encode("utf-8"), "x") == TEXT
    assert decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "x") == TEXT


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_by_bom(encoding: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    data = bom + TEXT.encode(encoding)
    check_not_binary(data, "x")
    assert decode_bytes(data, "x") == TEXT


def test_cp1252_when_clean() -> None:
    text = "The café’s owner said “no comment” – twice."
    assert decode_bytes(text.encode("cp1252"), "x") == text


def test_undecodable_bytes_raise_decode_error() -> None:
    data = bytes(range(0x80, 0x100)) * 4  # not UTF-8; cp1252 has holes (0x81, 0x8d, ...)
    with pytest.raises(DecodeError) as info:
        decode_bytes(data, "bad.txt")
    assert info.value.source == "bad.txt" and "UTF-8" in info.value.reason


def test_cp1252_gibberish_is_refused() -> None:
    data = bytes(b for b in range(0xA0, 0x100)) * 8  # decodes in cp1252, but is no text
    with pytest.raises(DecodeError, match="gibberish"):
        decode_bytes(data, "x")


def test_invalid_utf16_after_bom() -> None:
    with pytest.raises(DecodeError):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8", "x")  # lone surrogate


@pytest.mark.parametrize(
    ("data", "what"),
    [(b"%PDF-1.7\n...", "PDF"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"PK\x03\x04rest", "ZIP")],
)
def test_known_binary_formats_are_named(data: bytes, what: str) -> None:
    with pytest.raises(UnsupportedInputError, match=what):
        check_not_binary(data, "x")


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(UnsupportedInputError, match="NUL"):
        check_not_binary(b"some text\x00\x01\x02 more", "x")


def test_control_byte_ratio_means_binary() -> None:
    with pytest.raises(UnsupportedInputError, match="control"):
        check_not_binary(bytes([1, 2, 3, 4, 5, 6, 7, 65]) * 50, "x")


def test_plain_text_is_not_binary() -> None:
    check_not_binary(TEXT.encode("utf-8"), "x")


def test_gzip_round_trip_and_cap() -> None:
    payload = b'{"text": "hello"}\n' * 100
    packed = gzip.compress(payload)
    assert is_gzip(packed) and not is_gzip(payload)
    assert gunzip_capped(packed, "x", 10_000) == payload
    with pytest.raises(TooLargeError):
        gunzip_capped(gzip.compress(b"a" * 100_000), "x", 1000)


def test_corrupt_and_truncated_gzip() -> None:
    packed = gzip.compress(b"hello world" * 50)
    with pytest.raises(DecodeError, match="truncated"):
        gunzip_capped(packed[: len(packed) // 2], "x", 10_000)
    with pytest.raises(DecodeError, match="corrupt"):
        gunzip_capped(packed[:10] + b"\xff" * 20, "x", 10_000)

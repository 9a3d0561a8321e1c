from __future__ import annotations

import pytest

from concord.ingest.formats import (
    Format,
    format_from_content_type,
    format_from_name,
    known_content_type,
    sniff_format,
)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.txt", Format.TEXT),
        ("a.MD", Format.MARKDOWN),
        ("a.html", Format.HTML),
        ("a.htm", Format.HTML),
        ("a.json", Format.JSON),
        ("a.jsonl", Format.JSONL),
        ("a.jsonl.gz", Format.JSONL),
        ("a.rss", Format.FEED),
        ("a.atom", Format.FEED),
        ("a.xml", None),
        ("README", None),
    ],
)
def test_format_from_name(name: str, fmt: Format | None) -> None:
    assert format_from_name(name) == fmt


def test_content_types() -> None:
    assert format_from_content_type("text/html; charset=utf-8") is Format.HTML
    assert format_from_content_type("application/rss+xml") is Format.FEED
    assert format_from_content_type("application/xml") is None
    assert known_content_type("application/xml") and known_content_type("application/json")
    assert not known_content_type("image/png") and not known_content_type("application/octet-stream")


def test_txt_that_is_really_html_is_html() -> None:
    assert sniff_format("<!DOCTYPE html><html><body><p>Hi</p></body></html>", Format.TEXT) is Format.HTML


def test_xml_feed_is_sniffed() -> None:
    rss = '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>T</title></channel></rss>'
    assert sniff_format(rss, None) is Format.FEED
    assert sniff_format('<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>') is Format.FEED


def test_json_and_jsonl_are_sniffed_without_a_hint() -> None:
    assert sniff_format('{"text": "a"}') is Format.JSON
    assert sniff_format('[{"text": "a"}]') is Format.JSON
    assert sniff_format('{"text": "a"}\n{"text": "b"}\n') is Format.JSONL


def test_hint_wins_for_text_like_content() -> None:
    assert sniff_format("[Updated] Ministers met.", Format.TEXT) is Format.TEXT
    assert sniff_format("Ministers met on Monday.") is Format.TEXT
    assert sniff_format("not xml at all", Format.FEED) is Format.FEED

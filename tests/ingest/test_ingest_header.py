from __future__ import annotations

from concord.ingest.header import split_header


def test_colon_lines_then_blank_line() -> None:
    header, body = split_header("Title: Talks resume\nDate: 2024-05-01\nSource: Example Wire\n\nBody starts here.")
    assert header.fields == {"title": "Talks resume", "published": "2024-05-01", "source": "Example Wire"}
    assert body == "Body starts here."


def test_key_value_lines_without_colon() -> None:
    header, body = split_header("headline Talks resume\ndate 1 May 2024\nlang en\nauthor A. Writer\nBody here.")
    assert header.fields == {"title": "Talks resume", "published": "1 May 2024"}
    assert header.extra == {"lang": "en", "author": "A. Writer"}
    assert body == "Body here."


def test_inline_date_prefix_on_the_first_line() -> None:
    header, body = split_header(" date 2025-02-06 Springfield [US], May 2 (XYZ): The mayor spoke.\n\nMore.")
    assert header.fields == {"published": "2025-02-06"}
    assert body.startswith("Springfield [US], May 2 (XYZ): The mayor")


def test_inline_url_and_date_prefixes() -> None:
    header, body = split_header("url https://example.org/a date 2024-01-02T10:00:00Z Text follows.")
    assert header.fields == {"url": "https://example.org/a", "published": "2024-01-02T10:00:00Z"}
    assert body == "Text follows."


def test_prose_starting_with_a_key_word_is_not_a_header() -> None:
    text = "Source close to the talks said a deal was near.\n\nSecond paragraph."
    header, body = split_header(text)
    assert header.fields == {} and body == text
    text = "Title fights are rare.\nThe boxer said so."
    assert split_header(text)[1] == text


def test_date_word_without_a_date_is_not_a_header() -> None:
    text = "date night returns to the capital as restaurants reopen."
    header, body = split_header(text)
    assert header.fields == {} and body == text


def test_front_matter() -> None:
    header, body = split_header('---\ntitle: "A summit"\npublished: 2023-11-10\ntags: x, y\n---\nBody.')
    assert header.fields == {"title": "A summit", "published": "2023-11-10"}
    assert header.extra == {"tags": "x, y"}
    assert body == "Body."


def test_no_header() -> None:
    header, body = split_header("Just a report.")
    assert header.fields == {} and header.extra == {} and body == "Just a report."

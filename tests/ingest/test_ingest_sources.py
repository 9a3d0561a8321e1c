"""iter_records over files, directories, stdin and URLs; every bad input is yielded, never raised."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from concord.errors import (
    DecodeError,
    EmptyInputError,
    FeedError,
    InputError,
    MalformedRecordError,
    TooLargeError,
    UnsupportedInputError,
    URLRefusedError,
)
from concord.ingest import RawRecord, iter_records
from concord.settings import Settings

SETTINGS = Settings()
LOCAL = Settings(allow_private_urls=True, fetch_timeout=5.0)
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>
<item><title>One</title><link>{link}</link><description>Summary one.</description></item>
<item><title>Two</title><description>Summary two.</description></item></channel></rss>"""
PAGE = (
    "<html><head><title>Full story</title></head><body><article><p>"
    + "The full page text of the story is long enough for extraction to keep it. " * 4
    + "</p></article></body></html>"
)


def run(inputs: list[str], settings: Settings = SETTINGS, stdin: bytes | None = None) -> list[RawRecord | InputError]:
    return list(iter_records(inputs, settings, io.BytesIO(stdin) if stdin is not None else None))


def write(path: Path, data: str | bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def test_directory_is_walked_recursively_sorted_and_hidden_files_skipped(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "Second report.")
    write(tmp_path / "a.txt", "First report.")
    write(tmp_path / "sub" / "c.md", "# Title\n\nThird report.")
    write(tmp_path / ".hidden.txt", "Hidden.")
    write(tmp_path / ".git" / "d.txt", "Hidden dir.")
    records = run([str(tmp_path)])
    assert [Path(r.origin).relative_to(tmp_path).as_posix() for r in records] == ["a.txt", "b.txt", "sub/c.md"]
    assert all(isinstance(r, RawRecord) for r in records)


def test_missing_path_is_an_input_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = write(tmp_path / "ok.txt", "A fine report.")
    missing, record = run([str(tmp_path / "nope.txt"), good])
    assert type(missing) is InputError and "no such file" in missing.reason
    assert isinstance(record, RawRecord) and record.text == "A fine report."


def test_binary_file(tmp_path: Path) -> None:
    (error,) = run([write(tmp_path / "x.txt", b"\x00\x01\x02binary\x00" * 20)])
    assert isinstance(error, UnsupportedInputError) and error.source.endswith("x.txt")


def test_pdf_file(tmp_path: Path) -> None:
    (error,) = run([write(tmp_path / "report.pdf", b"%PDF-1.4\n%binary")])
    assert isinstance(error, UnsupportedInputError) and "PDF" in error.reason


def test_undecodable_file(tmp_path: Path) -> None:
    (error,) = run([write(tmp_path / "x.txt", bytes(range(0x80, 0x100)) * 3)])
    assert isinstance(error, DecodeError)


def test_empty_file(tmp_path: Path) -> None:
    (error,) = run([write(tmp_path / "empty.txt", b"")])
    assert isinstance(error, EmptyInputError)


def test_whitespace_only_file(tmp_path: Path) -> None:
    (error,) = run([write(tmp_path / "blank.txt", " \n\t\r\n  \u00a0\n")])
    assert isinstance(error, EmptyInputError)


def test_file_over_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "word " * 500)
    (error,) = run([path], SETTINGS.replace(max_bytes=100))
    assert isinstance(error, TooLargeError) and "2500 bytes" in error.reason


def test_malformed_json_line_keeps_line_number_and_other_lines(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "one"}), '{"text": "two"', json.dumps({"body": "three"})]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines))
    first, bad, third = run([path])
    assert isinstance(bad, MalformedRecordError) and bad.line == 2 and bad.source == f"{path}:2"
    assert isinstance(first, RawRecord) and first.origin == f"{path}:1" and first.text == "one"
    assert isinstance(third, RawRecord) and third.origin == f"{path}:3" and third.text == "three"


def test_jsonl_gz(tmp_path: Path) -> None:
    payload = "\n".join(json.dumps({"content": f"report {i}", "headline": f"h{i}"}) for i in range(3))
    path = write(tmp_path / "batch.jsonl.gz", gzip.compress(payload.encode()))
    records = run([path])
    assert [r.title for r in records if isinstance(r, RawRecord)] == ["h0", "h1", "h2"]


def test_json_array_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", json.dumps([{"text": "x"}, {"text": "y"}]))
    assert [r.origin for r in run([path])] == [f"{path}#1", f"{path}#2"]


def test_html_file_and_txt_that_is_html(tmp_path: Path) -> None:
    for name in ("page.html", "page.txt"):
        (record,) = run([write(tmp_path / name, PAGE)])
        assert isinstance(record, RawRecord) and record.html == PAGE and record.text is None


def test_xml_feed_is_sniffed(tmp_path: Path) -> None:
    records = run([write(tmp_path / "news.xml", RSS.format(link="https://example.org/1"))])
    assert [r.origin.rsplit("#", 1)[1] for r in records] == ["1", "2"]
    assert [r.text for r in records if isinstance(r, RawRecord)] == ["Summary one.", "Summary two."]


def test_broken_feed(tmp_path: Path) -> None:
    (error,) = run([write(tmp_path / "bad.rss", "<rss><channel><item><title>half")])
    assert isinstance(error, FeedError)


def test_stdin_is_sniffed() -> None:
    records = run(["-"], stdin=b'{"text": "from stdin 1"}\n{"text": "from stdin 2"}\n')
    assert [r.origin for r in records] == ["-:1", "-:2"]
    (text,) = run(["-"], stdin="date 2024-04-01 Plain text on stdin.".encode())
    assert isinstance(text, RawRecord) and text.published == "2024-04-01" and text.origin == "-"


def test_stdin_over_size_limit() -> None:
    (error,) = run(["-"], SETTINGS.replace(max_bytes=10), stdin=b"x" * 50)
    assert isinstance(error, TooLargeError)


def test_url_page(http_server) -> None:
    url = http_server.serve("/story", PAGE.encode(), "text/html")
    (record,) = run([url], LOCAL)
    assert isinstance(record, RawRecord) and record.html == PAGE and record.url == url and record.origin == url


def test_url_returning_a_feed_is_read_as_a_feed(http_server) -> None:
    url = http_server.serve("/feed", RSS.format(link="https://example.org/1").encode(), "application/xml")
    records = run([url], LOCAL)
    assert [r.origin for r in records] == [f"{url}#1", f"{url}#2"]


def test_feed_with_full_page_fetch(http_server) -> None:
    page_url = http_server.serve("/full", PAGE.encode(), "text/html")
    feed = http_server.serve("/feed.rss", RSS.format(link=page_url).encode(), "application/rss+xml")
    first, second = run([feed], LOCAL.replace(fetch_full_pages=True))
    assert isinstance(first, RawRecord) and first.html == PAGE and first.text == "Summary one."
    assert isinstance(second, RawRecord) and second.html is None


def test_feed_full_page_failure_keeps_summary_and_says_why(http_server) -> None:
    feed = http_server.serve("/feed.rss", RSS.format(link=http_server.url("/gone")).encode(), "application/rss+xml")
    first, _ = run([feed], LOCAL.replace(fetch_full_pages=True))
    assert isinstance(first, RawRecord) and first.html is None and "404" in first.meta["full_page_error"]


def test_refused_url_is_yielded_and_the_batch_goes_on(http_server, tmp_path: Path) -> None:
    url = http_server.serve("/story", PAGE.encode(), "text/html")
    good = write(tmp_path / "ok.txt", "Still read.")
    refused, record = run([url, good], Settings(allow_private_urls=False))
    assert isinstance(refused, URLRefusedError) and "loopback" in refused.reason
    assert isinstance(record, RawRecord)


def test_other_url_schemes_are_refused_not_taken_for_paths() -> None:
    (error,) = run(["ftp://example.org/news.txt"])
    assert isinstance(error, URLRefusedError) and "scheme 'ftp'" in error.reason

"""Regressions of issue 12 in ingestion: each test reproduces one fault a hostile user found."""

from __future__ import annotations

import gzip
import io
import os
from pathlib import Path

import pytest

from concord.errors import FeedError, InputError, MalformedRecordError, TooLargeError, URLRefusedError
from concord.ingest import RawRecord, build_article, iter_records
from concord.ingest.decode import gunzip_capped
from concord.ingest.fetch import fetch_url
from concord.ingest.formats import Format, sniff_format
from concord.ingest.record import input_of
from concord.settings import Settings
from concord.errors import UsageError

SETTINGS = Settings()
DENY = Settings(allow_private_urls=False, fetch_timeout=5.0)
LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>t</title><item><title>x</title><description>&lol3;</description></item></channel></rss>
"""


def run(inputs: list[str], stdin: bytes | None = None, settings: Settings = SETTINGS) -> list[RawRecord | InputError]:
    return list(iter_records(inputs, settings, io.BytesIO(stdin) if stdin is not None else None))


def texts(items: list[RawRecord | InputError]) -> list[str | None]:
    return [i.text for i in items if isinstance(i, RawRecord)]


def errors(items: list[RawRecord | InputError]) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


# F2 -----------------------------------------------------------------------------------------


def test_every_member_of_a_multi_member_gzip_is_read(tmp_path: Path) -> None:
    path = tmp_path / "mm.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "LIMA - Peru and Chile held talks."}\n')
                     + gzip.compress(b'{"text": "QUITO - Ecuador held talks."}\n'))
    items = run([str(path)])
    assert texts(items) == ["LIMA - Peru and Chile held talks.", "QUITO - Ecuador held talks."]
    assert not errors(items)


def test_multi_member_gzip_keeps_the_size_cap_over_all_members() -> None:
    data = gzip.compress(b"a" * 600) + gzip.compress(b"b" * 600)
    assert gunzip_capped(data, "x", 1200) == b"a" * 600 + b"b" * 600
    with pytest.raises(TooLargeError):
        gunzip_capped(data, "x", 1000)


def test_gzip_followed_by_junk_is_refused_and_zero_padding_is_not() -> None:
    data = gzip.compress(b"text")
    assert gunzip_capped(data + b"\x00" * 8, "x", 100) == b"text"
    with pytest.raises(InputError, match="after the end of the gzip data"):
        gunzip_capped(data + b"junk", "x", 100)


# F3 -----------------------------------------------------------------------------------------


def test_stdin_json_lines_with_a_broken_line_keep_the_good_lines() -> None:
    stdin = b'{"text":"OSLO - a."}\n{"text":"broken\n{"text":"HELSINKI - b."}\n'
    items = run(["-"], stdin=stdin)
    assert texts(items) == ["OSLO - a.", "HELSINKI - b."]
    (bad,) = errors(items)
    assert isinstance(bad, MalformedRecordError) and bad.source == "-:2"


def test_stdin_json_lines_with_a_broken_first_line_keep_the_rest() -> None:
    items = run(["-"], stdin=b'{"text": "cut\n{"text":"OSLO - a."}\n{"text":"BERGEN - b."}\n')
    assert texts(items) == ["OSLO - a.", "BERGEN - b."] and errors(items)[0].source == "-:1"


def test_long_json_lines_on_stdin_are_json_lines() -> None:
    line = '{"text": "%s"}' % ("word " * 2000)
    assert sniff_format(line + "\n" + line + "\n") is Format.JSONL


def test_pretty_printed_json_is_still_one_document() -> None:
    doc = '{\n  "articles": [\n    {"text": "a"},\n    {"text": "b"}\n  ]\n}\n'
    assert sniff_format(doc) is Format.JSON


def test_a_nul_byte_in_json_lines_loses_only_its_line(tmp_path: Path) -> None:
    path = tmp_path / "nul.jsonl"
    path.write_bytes(b'{"text": "OSLO - a."}\n{"text": "bad \x00 line"}\n{"text": "BERGEN - b."}\n')
    items = run([str(path)])
    assert texts(items) == ["OSLO - a.", "BERGEN - b."]
    assert [e.source for e in errors(items)] == [f"{path}:2"]


def test_a_nul_byte_in_a_text_file_is_still_binary(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(b"PARIS - talks \x00 went on.")
    (bad,) = run([str(path)])
    assert isinstance(bad, InputError) and "NUL" in bad.reason


# F5 -----------------------------------------------------------------------------------------


def test_a_symlinked_folder_is_quarantined_not_skipped(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.txt").write_text("PARIS - France held talks.")
    root = tmp_path / "in"
    root.mkdir()
    (root / "b.txt").write_text("ROME - Italy held talks.")
    (root / "linked").symlink_to(outside, target_is_directory=True)
    items = run([str(root)])
    assert texts(items) == ["ROME - Italy held talks."]
    (bad,) = errors(items)
    assert bad.source == str(root / "linked") and "symbolic link to a folder" in bad.reason


def test_a_symlink_loop_says_so(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    (root / "loop").symlink_to(root / "loop")
    (root / "gone").symlink_to(root / "missing.txt")
    reasons = {Path(e.source).name: e.reason for e in errors(run([str(root)]))}
    assert reasons == {"loop": "symbolic link loop", "gone": "broken symbolic link"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_an_unreadable_subfolder_is_quarantined(tmp_path: Path) -> None:
    root = tmp_path / "in"
    locked = root / "locked"
    locked.mkdir(parents=True)
    (locked / "a.txt").write_text("PARIS - France held talks.")
    (root / "b.txt").write_text("ROME - Italy held talks.")
    locked.chmod(0)
    try:
        items = run([str(root)])
    finally:
        locked.chmod(0o755)
    assert texts(items) == ["ROME - Italy held talks."]
    (bad,) = errors(items)
    assert bad.source == str(locked) and bad.reason.startswith("cannot read folder")


def test_a_folder_that_cannot_be_listed_is_quarantined(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same path as the test above, made to fail another way so that it also runs as root."""
    root = tmp_path / "in"
    (root / "locked").mkdir(parents=True)
    (root / "b.txt").write_text("ROME - Italy held talks.")
    real = os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    items = run([str(root)])
    assert texts(items) == ["ROME - Italy held talks."]
    assert [(e.source, e.reason) for e in errors(items)] == [
        (str(root / "locked"), "cannot read folder: Permission denied")
    ]


# F9 -----------------------------------------------------------------------------------------


def test_a_billion_laughs_feed_is_quarantined_with_no_article(tmp_path: Path) -> None:
    path = tmp_path / "lol.rss"
    path.write_text(LAUGHS)
    (bad,) = run([str(path)])
    assert isinstance(bad, FeedError) and "declares its own XML entities" in bad.reason


def test_an_external_entity_feed_is_refused_in_utf16(tmp_path: Path) -> None:
    path = tmp_path / "xxe.xml"
    path.write_bytes(LAUGHS.replace('"lol"', 'SYSTEM "file:///etc/passwd"').encode("utf-16"))
    (bad,) = run([str(path)])
    assert isinstance(bad, FeedError)


# F1 at ingest: an over-long report is refused before it is stored ------------------------------


def test_text_over_the_analysis_limit_is_too_large() -> None:
    import datetime as dt

    record = RawRecord(origin="long.txt", text="LONDON, April 10 - " + "The talks went on. " * 100)
    with pytest.raises(TooLargeError, match="over the analysis limit of 500"):
        build_article(record, Settings(max_chars=500), dt.datetime.now(dt.UTC))


# F8 -----------------------------------------------------------------------------------------


def test_dns_rebinding_sends_nothing_to_the_loopback_server(http_server) -> None:
    """The check's resolver answers a public address, the connection lands on loopback: the
    connection is refused before the request is written, so the server never sees a GET."""
    http_server.serve("/secret", b"internal", "text/plain")
    with pytest.raises(URLRefusedError, match="connected to a loopback address 127.0.0.1; nothing was sent"):
        fetch_url(http_server.url("/secret"), DENY, resolve=lambda host, port: ["93.184.216.34"])
    assert http_server.requests == []


# retry: which input an origin came from --------------------------------------------------------


@pytest.mark.parametrize(
    ("origin", "expected"),
    [
        ("in/wire.jsonl:12", "in/wire.jsonl"),
        ("in/feed.rss#3", "in/feed.rss"),
        ("in/a.txt", "in/a.txt"),
        ("https://news.example/feed.rss#2", "https://news.example/feed.rss"),
        ("https://news.example:8443/lines.jsonl:4", "https://news.example:8443/lines.jsonl"),
        ("http://news.example:8080", "http://news.example:8080"),
    ],
)
def test_input_of_an_origin(origin: str, expected: str) -> None:
    assert input_of(origin) == expected


def test_input_of_an_existing_path_with_a_colon_is_that_path(tmp_path: Path) -> None:
    odd = tmp_path / "notes:12"
    odd.write_text("x")
    assert input_of(str(odd)) == str(odd)


def test_standard_input_cannot_be_read_again() -> None:
    with pytest.raises(UsageError, match="standard input"):
        input_of("-:3")


def test_a_file_that_cannot_be_read_is_quarantined(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unreadable file, made so by a failing read so that the test also runs as root."""
    (tmp_path / "secret.txt").write_text("ROME - Italy held talks.")
    (tmp_path / "open.txt").write_text("MADRID - Spain held talks.")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    items = run([str(tmp_path)])
    assert texts(items) == ["MADRID - Spain held talks."]
    assert [(e.source, e.reason) for e in errors(items)] == [(str(tmp_path / "secret.txt"), "cannot read: Permission denied")]


def test_an_empty_input_name_is_quarantined() -> None:
    (bad,) = run([""])
    assert bad.reason == "an empty name is no file, folder or URL"

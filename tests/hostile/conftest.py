"""The hostile-input corpus: generated here, into a temporary folder, for every test run.

Each input is written with what ingestion must make of it: the good records it holds (each text
carries a unique "report number N") and the quarantine entries it must produce, each with a
word its reason must contain. Nothing here is copied from anywhere; the texts are invented.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

#: Settings the corpus is ingested under (small limits, so the "huge" inputs stay small on disk).
LIMITS = {"CONCORD_MAX_BYTES": "300000", "CONCORD_MAX_CHARS": "200000"}
#: How many small good files the corpus holds in one folder.
MANY = 5000


@dataclass
class Corpus:
    """What was written under ``root`` and what ingesting it must give."""

    root: Path
    #: Report numbers of every good record (each must be stored exactly once).
    good: list[int] = field(default_factory=list)
    #: Quarantine source -> a word its reason must contain.
    bad: dict[str, str] = field(default_factory=dict)
    _next: int = 0

    def text(self, lead: str = "OSLO, May 2 -") -> str:
        """A short report with a fresh number, counted as good."""
        self._next += 1
        self.good.append(self._next)
        return (f"{lead} The ministers of the two countries said that they had met again and that the talks "
                f"on the quotas would go on, report number {self._next}.")

    def write(self, relative: str, data: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return path

    def refuse(self, relative: str, data: str | bytes, word: str, entry: str = "") -> None:
        """Write an input that must be quarantined as a whole (or at ``entry``, e.g. ``:2``)."""
        self.bad[str(self.write(relative, data)) + entry] = word


def _good_files(c: Corpus) -> None:
    """Inputs that must be read, in every format and encoding, some of them odd."""
    c.write("good/plain.txt", "title: Quota talks\ndate: 2025-05-02\n\n" + c.text())
    c.write("good/notes.md", "# Quota talks\n\n**" + c.text("BERGEN, May 2 -") + "**\n")
    c.write("good/page.html", f"<html><head><title>Talks</title></head><body><article><p>{c.text()} "
            + "The delegations agreed to meet again in June to settle the remaining questions. " * 3
            + "</p></article></body></html>")
    c.write("good/crlf.txt", c.text().replace(" ", "\r\n", 3))
    c.write("good/utf16.txt", c.text("TROMSØ, May 2 –").encode("utf-16"))
    c.write("good/utf8-bom.txt", "\ufeff" + c.text())
    c.write("good/cp1252.txt", c.text("MÁLAGA, May 2 -").encode("cp1252"))
    c.write("good/escapes.txt", "\x1b[31m" + c.text() + "\x1b[0m\x07")
    c.write("good/long-line.txt", c.text() + " and more" * 10000)
    c.write("good/one.json", json.dumps({"title": "Talks", "text": c.text(), "date": "2025-05-02"}))
    c.write("good/feed.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            f"<item><title>One</title><description>{c.text()}</description></item>"
            f"<item><title>Two</title><description>{c.text()}</description></item></channel></rss>")
    c.write("good/multi.jsonl.gz", gzip.compress(json.dumps({"text": c.text()}).encode() + b"\n")
            + gzip.compress(json.dumps({"text": c.text()}).encode() + b"\n"))
    for name in ("name with\nnewline.txt", "ünïcode ✓.txt", "-rf.txt", "x" * 200 + ".txt"):
        c.write(f"good/names/{name}", c.text())
    target = c.root.parent / "outside-file.txt"  # a link to a file is followed, wherever it points
    target.write_text(c.text())
    (c.root / "good" / "link-to-file.txt").symlink_to(target)


def _mixed_files(c: Corpus) -> None:
    """Inputs whose good records must be kept while their bad ones are quarantined one by one."""
    items = [{"text": c.text()}, "not an object", {"text": c.text()}]
    c.refuse("mixed/array.json", json.dumps(items), "not an object", "#2")
    lines = [json.dumps({"text": c.text()}), '{"text": "broken', json.dumps({"text": c.text()}),
             '{"text": "a NUL \x00 here"}', "[" * 5000 + "]" * 5000, "42", json.dumps({"title": "no text"}),
             json.dumps({"text": c.text()})]
    path = c.write("mixed/wire.jsonl", "\n".join(lines) + "\n")
    for line, word in ((2, "invalid JSON"), (4, "invalid JSON"), (5, "nested"), (6, "not an object"),
                       (7, "no text field")):
        c.bad[f"{path}:{line}"] = word


def _binary_files(c: Corpus) -> None:
    rng = random.Random(12)
    c.refuse("binary/random.bin", bytes(rng.randrange(256) for _ in range(4096)), "binary")
    c.refuse("binary/image.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG")
    c.refuse("binary/doc.pdf", b"%PDF-1.7\n" + bytes(200), "PDF")
    c.refuse("binary/program", b"\x7fELF" + bytes(200), "executable")
    c.refuse("binary/store.sqlite", b"SQLite format 3\x00" + bytes(200), "SQLite")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("report.txt", "PARIS - talks. " * 10)
        z.writestr("zeros.bin", bytes(5_000_000))
    c.refuse("binary/archive.zip", archive.getvalue(), "ZIP")
    c.refuse("binary/cut.zip", archive.getvalue()[:40], "ZIP")
    c.refuse("binary/controls.txt", bytes(range(1, 32)) * 40, "binary")


def _encoding_files(c: Corpus) -> None:
    c.refuse("encodings/gibberish.txt", bytes(range(0x80, 0x100)) * 20, "not UTF-8")
    c.refuse("encodings/utf16-odd.txt", b"\xff\xfeP\x00A\x00R", "utf-16")
    c.refuse("encodings/shift-jis.txt", "東京で会談が行われた。".encode("shift_jis") * 20, "not UTF-8")


def _limit_files(c: Corpus) -> None:
    c.refuse("huge/big.txt", "PARIS - talks went on. " * 15000, "300000-byte limit")
    c.refuse("huge/long-text.txt", "PARIS - talks went on and on " * 8000, "analysis limit")
    c.refuse("huge/deep.json", "[" * 100_000 + "]" * 100_000, "nested")
    c.refuse("huge/deep-object.json", '{"a":' * 40_000 + "1" + "}" * 40_000, "nested")


def _bomb_files(c: Corpus) -> None:
    c.refuse("bombs/zeros.txt.gz", gzip.compress(bytes(20_000_000)), "decompresses to more than")
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    c.refuse("bombs/laughs.rss", f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{lol}]>'
             '<rss version="2.0"><channel><title>t</title><item><description>&l9;</description></item>'
             "</channel></rss>", "entities")
    c.refuse("bombs/quadratic.xml", f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "{"a" * 50000}">]>'
             f'<rss version="2.0"><channel><item><description>{"&a;" * 2000}</description></item></channel></rss>',
             "entities")
    c.refuse("bombs/external.rss", '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
             '<rss version="2.0"><channel><item><description>&x;</description></item></channel></rss>', "entities")


def _broken_files(c: Corpus) -> None:
    c.refuse("broken/truncated.json", '{"text": "PARIS - talks', "invalid JSON", ":1")
    c.refuse("broken/trailing-comma.json", '{"text": "PARIS - talks",}', "invalid JSON", ":1")
    c.refuse("broken/scalar.json", "42", "expected a JSON object")
    c.refuse("broken/empty-array.json", "[]", "empty JSON array")
    c.refuse("broken/no-text.json", '{"title": "only a title"}', "no text field")
    c.refuse("broken/truncated.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>x</ti', "feed")
    c.refuse("broken/not-a-feed.xml", '<?xml version="1.0"?><root><a>b</a></root>', "not an RSS or Atom feed")
    c.refuse("broken/empty-feed.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
             "</channel></rss>", "no entries")
    whole = gzip.compress(json.dumps({"text": "PARIS - talks."}).encode())
    c.refuse("broken/truncated.jsonl.gz", whole[:-12], "truncated gzip")
    c.refuse("broken/corrupt.jsonl.gz", whole[:10] + bytes(len(whole) - 10), "corrupt gzip")
    c.refuse("broken/junk-after.jsonl.gz", whole + b"junk", "after the end of the gzip")
    c.refuse("broken/empty.txt", "", "empty")
    c.refuse("broken/blank.txt", " \n\t\n ", "empty")
    c.refuse("broken/script-only.html", "<html><body><script>var a = 1;</script></body></html>", "no main text")


def _warc(pages: list[str], gz: bool = True) -> bytes:
    """A web archive (warcio's writer): a request and an HTML response per page, and an image."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for n, body in enumerate(pages):
        url = f"https://wire.example/{n}"
        request = StatusAndHeaders(f"GET /{n} HTTP/1.1", [("Host", "wire.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request))
        html = (f"<html><body><article><p>{body} "
                + "The delegations agreed to meet again in June to settle the remaining questions. " * 3
                + "</p></article></body></html>")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=headers))
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://wire.example/a.png", "response",
                                                  payload=io.BytesIO(b"\x89PNG" + bytes(64)), http_headers=image))
    return buf.getvalue()


def _archive_files(c: Corpus) -> None:
    """Web archives: a good one (requests and an image skipped), a truncated one keeping its good
    records, one whose records are one gzip member each and also concatenated."""
    c.write("archives/crawl.warc.gz", _warc([c.text(), c.text()]))
    c.write("archives/plain.warc", _warc([c.text()], gz=False))
    c.write("archives/joined.warc.gz", _warc([c.text()]) + _warc([c.text()]))
    whole = _warc([c.text(), "PARIS - the cut report."], gz=False)
    cut = whole.index(b"PARIS - the cut report.")
    c.refuse("archives/cut.warc", whole[:cut], "truncated", "#4")


def _file_system(c: Corpus) -> None:
    outside = c.root.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "a.txt").write_text("PARIS - never read through the link.")
    links = c.root / "links"
    links.mkdir()
    (links / "folder").symlink_to(outside, target_is_directory=True)
    c.bad[str(links / "folder")] = "symbolic link to a folder"
    (links / "loop").symlink_to(links / "loop")
    c.bad[str(links / "loop")] = "symbolic link loop"
    (links / "dangling").symlink_to(links / "missing.txt")
    c.bad[str(links / "dangling")] = "broken symbolic link"
    os.mkfifo(links / "pipe")
    c.bad[str(links / "pipe")] = "not a regular file"


def build_corpus(root: Path) -> Corpus:
    """Write the whole corpus under ``root`` (everything but the permission cases: see the tests)."""
    corpus = Corpus(root)
    for part in (_good_files, _mixed_files, _binary_files, _encoding_files, _limit_files, _bomb_files,
                 _broken_files, _archive_files, _file_system):
        part(corpus)
    many = root / "many"
    many.mkdir()
    for n in range(MANY):
        (many / f"{n:05d}.txt").write_text(corpus.text())
    return corpus


@pytest.fixture(scope="session")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The corpus, written once per test session."""
    return build_corpus(tmp_path_factory.mktemp("hostile") / "in")

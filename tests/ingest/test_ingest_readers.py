from __future__ import annotations

import json

import pytest

from concord.errors import EmptyInputError, FeedError, MalformedRecordError
from concord.ingest.readers import html_to_text, read_feed, read_json, read_jsonl, read_text, record_from_mapping
from concord.ingest.record import RawRecord

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://example.org</link>
<item><title>Ministers meet</title><link>https://example.org/a</link>
<pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Two ministers met on Tuesday.&lt;/p&gt;&lt;p&gt;They talked trade.&lt;/p&gt;</description></item>
<item><title>Second item</title><link>https://example.org/b</link><description>Plain summary.</description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Port reopens</title><link href="https://example.net/p"/><updated>2024-06-01T12:00:00Z</updated>
<id>urn:x:1</id><content type="html">&lt;p&gt;The port reopened.&lt;/p&gt;</content></entry></feed>"""


def test_read_text_with_header() -> None:
    record = read_text("Title: A\nSource: Wire\n\nBody text.", "a.txt")
    assert record == RawRecord(origin="a.txt", text="Body text.", title="A", source="Wire")


def test_read_markdown_takes_heading_as_title_and_strips_markup() -> None:
    record = read_text("# Summit ends\n\nLeaders **agreed** on a [plan](https://x.org).", "a.md", markdown=True)
    assert record.title == "Summit ends"
    assert record.text is not None and record.text.strip() == "Leaders agreed on a plan."


def test_mapping_field_names() -> None:
    record = record_from_mapping(
        {"maintext": "Body", "headline": "H", "link": "https://x.org/1", "date_publish": "2024-01-02",
         "source_domain": "x.org", "authors": ["A"]},
        "f.json",
    )  # fmt: skip
    assert (record.text, record.title, record.url, record.published, record.source) == (
        "Body", "H", "https://x.org/1", "2024-01-02", "x.org",
    )  # fmt: skip
    assert record.meta == {"authors": ["A"]}


def test_mapping_source_object_and_paragraph_list() -> None:
    record = record_from_mapping({"content": ["One.", "Two."], "source": {"id": "w", "name": "Wire"}}, "f")
    assert record.text == "One.\n\nTwo." and record.source == "Wire"


def test_mapping_without_text_is_malformed() -> None:
    with pytest.raises(MalformedRecordError, match="no text field") as info:
        record_from_mapping({"title": "only a title"}, "f.jsonl", 7)
    assert info.value.line == 7 and info.value.source == "f.jsonl:7"


def test_read_json_object_array_and_wrapper() -> None:
    (one,) = read_json('{"text": "A"}', "o.json")
    assert isinstance(one, RawRecord) and one.origin == "o.json"
    items = list(read_json('[{"text": "A"}, 3, {"body": "B"}]', "a.json"))
    assert [type(i).__name__ for i in items] == ["RawRecord", "MalformedRecordError", "RawRecord"]
    assert items[0].origin == "a.json#1" and items[2].origin == "a.json#3"
    (wrapped,) = read_json('{"articles": [{"text": "W"}]}', "w.json")
    assert isinstance(wrapped, RawRecord) and wrapped.text == "W"


def test_read_json_invalid_and_empty() -> None:
    with pytest.raises(MalformedRecordError, match="invalid JSON") as info:
        list(read_json('{"text": \n "A",}', "bad.json"))
    assert info.value.line == 2
    with pytest.raises(EmptyInputError):
        list(read_json("[]", "e.json"))


def test_jsonl_bad_line_has_line_number_and_the_rest_is_read() -> None:
    lines = [json.dumps({"text": "first"}), "{not json", "", json.dumps([1]), json.dumps({"text": "last"})]
    items = list(read_jsonl("\n".join(lines), "d.jsonl"))
    good = [i for i in items if isinstance(i, RawRecord)]
    bad = [i for i in items if isinstance(i, MalformedRecordError)]
    assert [r.text for r in good] == ["first", "last"]
    assert [r.origin for r in good] == ["d.jsonl:1", "d.jsonl:5"]
    assert [e.line for e in bad] == [2, 4]
    assert bad[0].source == "d.jsonl:2" and "invalid JSON" in bad[0].reason


def test_read_rss_feed() -> None:
    first, second = read_feed(RSS, "feed.rss")
    assert first.origin == "feed.rss#1" and second.origin == "feed.rss#2"
    assert first.title == "Ministers meet" and first.url == "https://example.org/a"
    assert first.published == "Tue, 05 Mar 2024 09:00:00 GMT" and first.source == "Example Wire"
    assert first.text == "Two ministers met on Tuesday.\n\nThey talked trade."
    assert second.text == "Plain summary."


def test_read_atom_feed() -> None:
    (entry,) = read_feed(ATOM, "a.atom")
    assert entry.title == "Port reopens" and entry.url == "https://example.net/p"
    assert entry.published == "2024-06-01T12:00:00Z" and entry.text == "The port reopened."
    assert entry.meta["id"] == "urn:x:1"


def test_broken_feed_raises_feed_error() -> None:
    with pytest.raises(FeedError):
        list(read_feed(b"<rss><channel><item><title>cut off", "broken.rss"))
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        list(read_feed(b"<?xml version='1.0'?><urlset><url>x</url></urlset>", "sitemap.xml"))


def test_feed_without_entries_is_empty() -> None:
    with pytest.raises(EmptyInputError):
        list(read_feed(b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>', "e.rss"))


def test_html_to_text() -> None:
    assert html_to_text("<p>A &amp; B</p><script>x()</script><p>C<br>D</p>") == "A & B\n\nC\n\nD"
    assert html_to_text("plain") == "plain"


def test_deeply_nested_json_is_malformed_not_a_crash() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(MalformedRecordError, match="nested too deeply"):
        list(read_json(deep, "deep.json"))
    (error,) = read_jsonl(deep, "deep.jsonl")
    assert isinstance(error, MalformedRecordError) and error.line == 1

"""The pure span marker: escaping first, well-formed nesting of overlapping spans, hostile text."""

from __future__ import annotations

import html
from collections import Counter
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from concord.errors import ConcordError
from concord.model import Actor, Analysis, Citation, EventMention, Fact, TimeExpression
from concord.web.markup import Span, analysis_spans, highlight, mark_spans


class MarkReader(HTMLParser):
    """Reads marked HTML back: the text, and for each character the marks around it.

    Fails on any tag other than ``mark`` and on a closing tag with nothing open.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.cover: list[Counter[tuple[str, str]]] = []
        self.open: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag == "mark", f"unexpected <{tag}>"
        values = dict(attrs)
        self.open.append((values["class"] or "", values.get("title") or ""))

    def handle_endtag(self, tag: str) -> None:
        assert tag == "mark" and self.open, f"stray </{tag}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        for char in data:
            self.text.append(char)
            self.cover.append(Counter(self.open))


def read(marked: str) -> MarkReader:
    reader = MarkReader()
    reader.feed(marked)
    reader.close()
    assert not reader.open, "unclosed <mark>"
    return reader


def expected_cover(text: str, spans: list[Span]) -> list[Counter[tuple[str, str]]]:
    unique = set(spans)
    return [Counter((s.kind, s.title) for s in unique if s.start <= i < s.end) for i in range(len(text))]


def test_no_spans_is_plain_escaping() -> None:
    text = 'a < b && "c" > d'
    assert mark_spans(text, []) == html.escape(text, quote=False)


def test_one_span_with_a_hostile_title() -> None:
    out = mark_spans("Norway signed", [Span(0, 6, "actor", 'x" onmouseover="alert(1)')])
    assert out == '<mark class="actor" title="x&quot; onmouseover=&quot;alert(1)" tabindex="0">Norway</mark> signed'


def test_hostile_text_never_becomes_markup() -> None:
    text = '<script>alert(1)</script> "><img src=x onerror=alert(2)> &amp; </mark><mark>'
    out = mark_spans(text, [Span(0, 8, "actor"), Span(26, 40, "date")])
    assert "<script" not in out and "<img" not in out and "&amp;amp;" in out
    assert out.count("<mark") == 2 and out.count("</mark>") == 2
    reader = read(out)
    assert "".join(reader.text) == text


def test_overlapping_spans_close_and_reopen() -> None:
    # fact covers 0-10, actor 5-15 crosses the fact's end
    out = mark_spans("abcdefghijklmnop", [Span(0, 10, "fact"), Span(5, 15, "actor")])
    assert out == (
        '<mark class="fact">abcde<mark class="actor">fghij</mark></mark>'
        '<mark class="actor">klmno</mark>p'
    )


def test_nested_adjacent_identical_and_edge_spans() -> None:
    text = "Norway-Chile Accord"
    spans = [Span(0, 19, "fact"), Span(0, 6, "actor"), Span(7, 12, "actor"), Span(7, 12, "actor"), Span(12, 19, "date")]
    out = mark_spans(text, spans)
    assert out == (
        '<mark class="fact"><mark class="actor">Norway</mark>-<mark class="actor">Chile</mark>'
        '<mark class="date"> Accord</mark></mark>'
    )


def test_longer_span_is_the_outer_one_when_both_start_together() -> None:
    out = mark_spans("abcdef", [Span(0, 2, "inner"), Span(0, 6, "outer")])
    assert out.startswith('<mark class="outer"><mark class="inner">ab</mark>')


@pytest.mark.parametrize("span", [Span(-1, 2, "x"), Span(2, 2, "x"), Span(3, 1, "x"), Span(0, 7, "x")])
def test_bad_spans_are_refused_clearly(span: Span) -> None:
    with pytest.raises(ConcordError, match="outside a text of 6 characters"):
        mark_spans("abcdef", [span])


def test_highlight_marks_ranges_as_hits() -> None:
    assert highlight("x <y> z", [(0, 1), (6, 7)]) == '<mark class="hit">x</mark> &lt;y&gt; <mark class="hit">z</mark>'


HOSTILE_CHARS = st.sampled_from(list("<>&\"'/= abc\n;é\u2028")) | st.characters(blacklist_categories=("Cs",))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_text_and_spans_round_trip(data: st.DataObject) -> None:
    text = data.draw(st.text(HOSTILE_CHARS, min_size=1, max_size=40).filter(lambda t: "\r" not in t and "\x00" not in t))
    n = len(text)
    bounds = st.tuples(st.integers(0, n - 1), st.integers(1, n)).filter(lambda b: b[0] < b[1])
    kinds = st.sampled_from(["actor", "date", "event", "fact"])
    titles = st.sampled_from(["", 'a"b', "<x>", "t"])
    spans = data.draw(st.lists(st.builds(lambda b, k, t: Span(b[0], b[1], k, t), bounds, kinds, titles), max_size=8))
    reader = read(mark_spans(text, spans))
    assert "".join(reader.text) == text
    assert reader.cover == expected_cover(text, spans)


def test_analysis_spans_cover_every_kind_and_report_misfits() -> None:
    text = "Norway and Chile signed the Fisheries Accord on Tuesday."
    def at(phrase: str, producer: str = "rule") -> Citation:
        start = text.index(phrase)
        return Citation("a1", 0, start, start + len(phrase), producer, phrase)

    analysis = Analysis(
        "a1",
        actors=[Actor("Norway", country="NOR", kind="state", citations=[at("Norway")])],
        times=[TimeExpression("Tuesday", "2025-03-04", "day", at("Tuesday", "time-rule"))],
        events=[
            EventMention("AGREE", citation=at("Norway and Chile signed"), trigger=at("signed", "plover"), cameo="057"),
            EventMention("CONSULT", citation=at("Chile")),
        ],
        facts=[
            Fact("agreement", "Fisheries Accord", at("Fisheries Accord")),
            Fact("agreement", "Ghost", Citation("a1", 0, 50, 90, "rule", "beyond the end")),
            Fact("agreement", "Shifted", Citation("a1", 0, 0, 5, "rule", "Chile")),
        ],
    )
    spans, misfits = analysis_spans(text, analysis)
    by_kind = {(s.kind, text[s.start : s.end]): s.title for s in spans}
    assert by_kind[("actor", "Norway")] == "actor: Norway (NOR, state) · by rule"
    assert by_kind[("date", "Tuesday")] == "date: 2025-03-04 (day) · by time-rule"
    assert by_kind[("event", "signed")] == "event: AGREE, CAMEO 057 · by plover"
    assert ("event", "Chile") in by_kind  # no trigger: the mention's own span
    assert by_kind[("fact", "Fisheries Accord")] == "agreement: Fisheries Accord · by rule"
    assert [m.text for m in misfits] == ["beyond the end", "Chile"]
    read(mark_spans(text, spans))

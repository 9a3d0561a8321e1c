"""What both backends' full-text search share: the words of a query and the snippet markers."""

from __future__ import annotations

import re

__all__ = ["END", "START", "highlight_spans", "query_terms"]

#: Marks around a matched word in a snippet the database returns (never in stored text).
START, END = "\x02", "\x03"
_TERM = re.compile(r"\w+", re.UNICODE)


def query_terms(query: str) -> list[str]:
    """The words of a search query (punctuation and operators are not syntax: every word must match)."""
    return _TERM.findall(query)


def highlight_spans(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """Split a marked snippet into plain text and the (start, end) spans of matched words."""
    plain, spans, start = [], [], None
    position = 0
    for char in snippet:
        if char == START:
            start = position
        elif char == END and start is not None:
            spans.append((start, position))
            start = None
        else:
            plain.append(char)
            position += 1
    return "".join(plain), spans

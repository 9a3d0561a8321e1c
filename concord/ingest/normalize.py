"""Text normalisation: one Unicode form, plain quotes and dashes, tidy white space, paragraphs.

Pure functions; :func:`clean_text` is what ingestion stores as an article's text.
"""

from __future__ import annotations

import re
import unicodedata

from .glue import repair_glue

__all__ = ["clean_text", "normalize_text"]


def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {c: None for c in (*range(0, 32), *range(127, 160)) if c != 10}
    table[9] = " "
    table.update({c: " " for c in (0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)})
    table.update({c: None for c in (0x200B, 0x2060, 0xFEFF, 0x00AD)})
    table.update({0x2028: "\n", 0x2029: "\n\n"})
    table.update({c: "'" for c in (0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x02BC)})
    table.update({c: '"' for c in (0x201C, 0x201D, 0x201E, 0x201F, 0x2033)})
    table.update({c: "-" for c in (0x2010, 0x2011, 0x2012, 0x2212)})
    return table


_TRANSLATE = _table()
#: An em dash or bar (or a spaced en dash or double hyphen) is punctuation: " - ".
_SPACED_DASH = re.compile(r"[ ]*[\u2014\u2015][ ]*|[ ]+(?:\u2013|--)[ ]+|(?<=\w)--(?=\w)")
_EN_DASH = re.compile(r"\u2013")
_SPACES = re.compile(r"[ ]{2,}")
_BLANK_LINES = re.compile(r"\n[ ]*\n\s*")
#: Lines ending like this end a paragraph even without a blank line after them.
_TERMINAL = frozenset('.!?:;"\')]\u2026')
_BULLET = re.compile(r"(?:[-*\u2022]|\d{1,2}[.)])[ ]")


def normalize_text(text: str) -> str:
    """NFC, straight quotes, plain dashes, no control or zero-width characters, single spaces,
    and paragraphs separated by exactly one blank line (``"\\n\\n"``)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _dashes(text.translate(_TRANSLATE))
    paragraphs: list[str] = []
    for block in _BLANK_LINES.split(text):
        paragraphs.extend(_paragraphs(block))
    # again once lines are joined: "talks --" + "resumed" only now has a spaced dash
    return "\n\n".join(_dashes(p) for p in paragraphs)


def _dashes(text: str) -> str:
    """Dashes as plain hyphens; one used as punctuation (em dash, spaced en dash or ``--``) as " - "."""
    return _EN_DASH.sub("-", _SPACED_DASH.sub(" - ", text))


def _paragraphs(block: str) -> list[str]:
    """Join the lines of a block into paragraphs: a line ending a sentence (or a bullet) breaks."""
    out: list[list[str]] = []
    for line in block.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if not line:
            continue
        if not out or out[-1][-1][-1] in _TERMINAL or _BULLET.match(line):
            out.append([line])
        else:
            out[-1].append(line)
    return [" ".join(lines) for lines in out]


def clean_text(text: str) -> str:
    """The stored form of a report's text: :func:`normalize_text`, then glued-word repair."""
    return repair_glue(normalize_text(text))

"""Known standing facts: treaties, recurring forums and designations, with their names and parties.

``data/treaties.tsv`` is concord's own table (one row a fact: key, kind, canonical name,
acronym, year, parties, aliases, forum names). :func:`known_facts` loads and validates it once
per process (a bad row raises :class:`~concord.errors.LexiconError` with ``file:line``) and
finds the aliases in a text. The key of a row is the canonical key of its fact: "the Iran
nuclear deal", "the JCPOA" and "the Joint Comprehensive Plan of Action" all give ``jcpoa``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import LexiconError

__all__ = ["KnownFact", "KnownMatch", "KnownFacts", "known_facts"]

TABLE = Path(__file__).with_name("data") / "treaties.tsv"
COLUMNS = ("key", "kind", "name", "acronym", "year", "parties", "aliases", "forum")
KINDS = frozenset({"agreement", "framework", "dialogue", "designation", "plan"})
_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_YEAR = re.compile(r"1[6-9]\d\d|20\d\d")
_PARTY = re.compile(r"[A-Z]{3}")
#: The words of a text or an alias (hyphens and spaces part them, as aliases are matched).
_WORDS = re.compile(r"[\w.+#&'’]+")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&.]*[A-Z0-9]\.?")


@dataclass(frozen=True)
class KnownFact:
    """One row of the table."""

    key: str
    kind: str
    name: str
    acronym: str | None
    year: str | None
    parties: tuple[str, ...]
    forum: tuple[str, ...]


@dataclass(frozen=True)
class KnownMatch:
    """An alias of a known fact found in a text, at [start, end)."""

    start: int
    end: int
    fact: KnownFact


@dataclass(frozen=True)
class _Alias:
    """An alias's fact and the words one of which its sentence must hold."""

    key: str
    needs: tuple[str, ...]


class KnownFacts:
    """The validated table and a matcher over all its aliases (longest alias first where two overlap).

    Aliases are grouped by their first word, so a text is read word by word and only the aliases
    that can start at a word are tried there.
    """

    def __init__(self, rows: list[tuple[int, list[str]]], path: Path) -> None:
        self.facts: dict[str, KnownFact] = {}
        self._aliases: dict[str, list[_Alias]] = {}
        grouped: dict[str, list[str]] = {}
        for line, cells in rows:
            fact, aliases = _row(cells, str(path), line)
            if fact.key in self.facts:
                raise LexiconError(str(path), line, f"duplicate key {fact.key!r}")
            self.facts[fact.key] = fact
            for alias in aliases:
                name, _, needs = alias.partition("@")
                self._aliases.setdefault(_norm(name, wild="#" in name), []).append(
                    _Alias(fact.key, tuple(w.strip().lower() for w in needs.split(",") if w.strip())))
                pattern = _pattern(name) if name.upper() == name else f"(?i:{_pattern(name)})"
                grouped.setdefault(_norm(_WORDS.findall(name)[0], wild="#" in name), []).append(pattern)
        self._starts = {first: _alternation(patterns) for first, patterns in grouped.items()}

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[KnownMatch]:
        """Every alias in ``text[start:end]`` whose context words (``@``) occur there too, longest first
        where two overlap."""
        end = len(text) if end is None else end
        window = text[start:end].lower()
        found: list[KnownMatch] = []
        for word in _WORDS.finditer(text, start, end):
            for first in dict.fromkeys((_norm(word.group(0)), _norm(word.group(0), wild=True))):
                regex = self._starts.get(first)
                m = regex.match(text, word.start(), end) if regex else None
                if m is not None and (fact := self._fact(m.group(0), window)) is not None:
                    found.append(KnownMatch(m.start(), m.end(), fact))
        found.sort(key=lambda k: (k.start, -(k.end - k.start)))
        kept: list[KnownMatch] = []
        for match in found:
            if not any(k.start < match.end and match.start < k.end for k in kept):
                kept.append(match)
        return kept

    def _fact(self, matched: str, window: str) -> KnownFact | None:
        """The fact a matched alias names, if its context words occur in ``window``."""
        aliases = self._aliases.get(_norm(matched)) or self._aliases.get(_norm(matched, wild=True), [])
        for alias in aliases:
            if not alias.needs or any(re.search(rf"\b{re.escape(w)}", window) for w in alias.needs):
                return self.facts[alias.key]
        return None


def _row(cells: list[str], path: str, line: int) -> tuple[KnownFact, list[str]]:
    """One validated table row and its aliases."""
    key, kind, name, acronym, year, parties, aliases, forum = cells
    problems = [
        (not _KEY.fullmatch(key), "key must be lower-case words joined by hyphens"),
        (kind not in KINDS, f"kind must be one of {', '.join(sorted(KINDS))}"),
        (not name or not aliases, "name and aliases are required"),
        (bool(year) and not _YEAR.fullmatch(year), "year must be YYYY"),
        (any(not _PARTY.fullmatch(p) for p in parties.split("|") if parties), "parties must be ISO3 codes"),
        (bool(forum) and kind != "dialogue", "only a dialogue has forum names"),
    ]
    for bad, message in problems:
        if bad:
            raise LexiconError(path, line, message)
    names = [a.strip() for a in aliases.split("|") if a.strip()]
    return KnownFact(key, kind, name, acronym or None, year or None,
                     tuple(p for p in parties.split("|") if p), tuple(f for f in forum.split("|") if f)), names


def _norm(alias: str, wild: bool = False) -> str:
    """The lookup form of an alias or a matched text: lower case, one space, no dots; with ``wild``,
    a number or "#" as "#" (the form of "COP#")."""
    text = " ".join(re.split(r"[\s-]+", re.sub(r"[’']s\b", "", alias.lower()).replace(".", "").strip()))
    return re.sub(r"\d+|#", "#", text) if wild else text


def _pattern(alias: str) -> str:
    """The regex of an alias: words joined by spaces or hyphens, dots optional, "#" a number, and a word
    in capitals ("NATO", "START") only as written."""
    parts = []
    for word in re.split(r"[\s-]+", alias.strip()):
        piece = re.escape(word).replace(r"\.", r"\.?").replace("\\#", r"\d{1,3}").replace("'", "['’]")
        parts.append(f"(?-i:{piece})" if _ACRONYM.fullmatch(word) else piece)
    return r"(?<![\w-])" + r"(?:['’]s)?[\s-]+".join(parts) + r"(?![\w-])"


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    """One regex trying the longest pattern first."""
    ordered = sorted(set(patterns), key=len, reverse=True)
    return re.compile("|".join(f"(?:{p})" for p in ordered))


def _read(path: Path) -> list[tuple[int, list[str]]]:
    """The data rows of the table with their line numbers (header checked, comments skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(str(path), 0, f"cannot read: {exc}") from exc
    content = [(n, line.split("\t")) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    if not content or tuple(c.strip() for c in content[0][1]) != COLUMNS:
        raise LexiconError(str(path), content[0][0] if content else 0, f"header must be {' '.join(COLUMNS)}")
    rows = []
    for number, cells in content[1:]:
        if len(cells) > len(COLUMNS):
            raise LexiconError(str(path), number, f"{len(cells)} cells but {len(COLUMNS)} columns")
        rows.append((number, [c.strip() for c in cells] + [""] * (len(COLUMNS) - len(cells))))
    return rows


@functools.cache
def known_facts(path: Path = TABLE) -> KnownFacts:
    """The table of known facts, loaded and validated once per process."""
    return KnownFacts(_read(path), path)

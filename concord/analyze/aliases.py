"""Matching lexicon names in text: spelling variants (Defence/Defense), alias regexes, fuzzy keys.

Every lexicon-driven matcher in the analysis stage (countries, titles, organisations, entity
patterns) goes through these helpers so that variants and word boundaries behave the same.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from rapidfuzz.distance import OSA

from ..kb import knowledge_base
from .lexicon import Row

__all__ = [
    "alias_regex",
    "compile_aliases",
    "fold",
    "index_rows",
    "regex_check",
    "sector_check",
    "spelling_groups",
    "split_list",
    "typo_equal",
]

#: Words this long or longer may differ by one typo (an edit or a swap: "Secreatry", "Hegseht").
TYPO_MIN_LENGTH = 5
_WORD = re.compile(r"[A-Za-z]+|[^A-Za-z]+")


@functools.cache
def spelling_groups() -> dict[str, tuple[str, ...]]:
    """Map each lower-case spelling (variant or canonical) to all spellings of that word, canonical
    first (the knowledge base's ``spelling.tsv``)."""
    groups: dict[str, list[str]] = {}
    for variant, canonical in knowledge_base().spellings.items():
        group = groups.setdefault(canonical, [canonical])
        if variant not in group:
            group.append(variant)
    return {word: tuple(group) for group in groups.values() for word in group}


def sector_check(value: str) -> str | None:
    """Lexicon column check: comma-separated sector codes, each listed in the knowledge base's sectors.tsv."""
    unknown = [code for code in split_list(value) if code not in knowledge_base().sector_codes]
    return f"unknown sector code(s) {', '.join(unknown)} (see sectors.tsv)" if unknown else None


def split_list(value: str) -> list[str]:
    """Split a comma-separated lexicon cell into its non-empty items."""
    return [item.strip() for item in value.split(",") if item.strip()]


def fold(text: str) -> str:
    """A comparison key: lower case, canonical spelling of each word, single spaces."""
    groups = spelling_groups()
    words = re.findall(r"[\w+'’.-]+", text.lower())
    return " ".join(groups[w][0] if w in groups else w for w in words)


def alias_regex(alias: str) -> str:
    """Regex source for ``alias``: spelling variants alternate, any run of spaces matches any white space."""
    groups = spelling_groups()
    parts: list[str] = []
    for piece in _WORD.findall(alias):
        if piece.isspace():
            parts.append(r"\s+")
            continue
        forms = groups.get(piece.lower())
        if forms is None or not piece.isalpha():
            parts.append(re.escape(piece))
            continue
        cased = sorted({_recase(form, piece) for form in forms})
        parts.append("(?:" + "|".join(map(re.escape, cased)) + ")")
    return "".join(parts)


def _recase(form: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return form.upper()
    if model[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def compile_aliases(aliases: Iterable[str], ignore_case: bool = False) -> re.Pattern[str]:
    """One regex matching any alias on word boundaries, longest alias first."""
    ordered = sorted(set(aliases), key=len, reverse=True)
    body = "|".join(alias_regex(a) for a in ordered) or r"(?!x)x"
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(rf"(?<![\w&])(?:{body})(?![\w&])", flags)


def index_rows(rows: list[Row], column: str) -> dict[str, Row]:
    """Index lexicon rows by the folded value of ``column`` (first row wins)."""
    index: dict[str, Row] = {}
    for row in rows:
        index.setdefault(fold(row[column]), row)
    return index


def typo_equal(a: str, b: str) -> bool:
    """True when two words are equal or, both being long enough, one typo (edit or swap) apart."""
    if a == b:
        return True
    return min(len(a), len(b)) >= TYPO_MIN_LENGTH and abs(len(a) - len(b)) <= 1 and OSA.distance(a, b) <= 1


def regex_check(value: str) -> str | None:
    """Lexicon column check: the cell must compile as a Python regular expression."""
    try:
        re.compile(value)
    except re.error as exc:
        return f"not a valid regular expression: {exc}"
    return None

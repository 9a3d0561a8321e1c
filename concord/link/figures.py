"""Casualty figures a sentence reports ("killed 26 civilians", "the toll rose to 31", "98 injured").

Reports of one attack often disagree on the toll; these figures are what the merge compares.
Only digit figures are read (spelled-out numbers are left alone).
"""

from __future__ import annotations

import re

__all__ = ["CATEGORIES", "casualty_figures"]

#: Category of each casualty word.
CATEGORIES = {
    "killed": "killed", "dead": "killed", "died": "killed", "deaths": "killed",
    "wounded": "injured", "injured": "injured", "hurt": "injured",
    "missing": "missing",
}
_WORD = "|".join(CATEGORIES)
_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+)"
_WHO = r"(?:(?:people|persons|civilians|others|soldiers|troops|militants|children|policemen)\s+)?"
#: "101 people wounded", "26 were killed", "12 dead"
_NUMBER_FIRST = re.compile(rf"\b{_NUMBER}\s+{_WHO}(?:(?:were|had been|have been|are|being)\s+)?({_WORD})\b", re.I)
#: "killed 26 civilians", "wounding 46"
_VERB_FIRST = re.compile(rf"\b(killed|killing|wounded|wounding|injured|injuring)\s+{_NUMBER}\b", re.I)
#: "the death toll ... rose to 31", "the number of people killed ... has risen to 53"
_TOLL = re.compile(
    rf"\b(death toll|toll|number of (?:people|those) (?:{_WORD}))\b[^.;]{{0,80}}?"
    rf"\b(?:rose|risen|climbed|reached|stood|stands|is|was|jumped)\s+(?:to\s+|at\s+)?{_NUMBER}\b",
    re.I,
)


def _category(phrase: str) -> str:
    """Category of a casualty word or toll phrase ("death toll" and "killing" count as killed)."""
    phrase = phrase.casefold()
    for stem, category in (("toll", "killed"), ("kill", "killed"), ("wound", "injured"), ("injur", "injured")):
        if stem in phrase:
            return category
    return next(CATEGORIES[w] for w in CATEGORIES if w in phrase)


def casualty_figures(sentence: str) -> list[tuple[str, int]]:
    """The (category, count) figures of one sentence, in text order; a category appears once (first figure)."""
    found: list[tuple[int, str, int]] = []
    for match in _NUMBER_FIRST.finditer(sentence):
        found.append((match.start(), _category(match.group(2)), int(match.group(1).replace(",", ""))))
    for match in _VERB_FIRST.finditer(sentence):
        found.append((match.start(), _category(match.group(1)), int(match.group(2).replace(",", ""))))
    for match in _TOLL.finditer(sentence):
        found.append((match.start(), _category(match.group(1)), int(match.group(2).replace(",", ""))))
    seen: dict[str, int] = {}
    for _, category, count in sorted(found):
        seen.setdefault(category, count)
    return list(seen.items())

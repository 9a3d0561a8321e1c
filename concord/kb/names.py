"""Comparison keys for names: what the knowledge base folds before it looks a name up.

Actor names fold case, accents, dots, hyphens, apostrophes, a leading "the" and spelling variants
(``spelling.tsv``: Defence/Defense, Mohammed/Muhammad), so "Hillary Rodham-Clinton", "HILLARY
RODHAM CLINTON" and "Hillary Rodham Clinton" meet. Place names fold only case, accents, dots and
brackets, as datelines need ("WASHINGTON, D.C." = "Washington DC").
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping

__all__ = ["name_key", "place_key", "slug", "strip_accents"]

_PUNCT = re.compile(r"[^\w\s]")
#: ASCII punctuation separates words, but dots and apostrophes join them ("U.S." = "US", "O'Neil" = "ONeil").
_FOLD = str.maketrans({**{c: " " for c in string.punctuation}, ".": "", "'": "", "\u2019": ""})


#: Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss",
                          "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ð": "d", "þ": "th"})


def strip_accents(text: str) -> str:
    """``text`` without accents ("Türkiye" -> "Turkiye", "Błaszczak" -> "Blaszczak", "Yıldırım" -> "Yildirim")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(text: str, spellings: Mapping[str, str]) -> str:
    """The lookup key of an actor name or alias; ``spellings`` maps a variant word to its canonical form."""
    folded = text.lower().translate(_FOLD)
    if not folded.isascii():
        folded = _PUNCT.sub(" ", strip_accents(folded))
    words = folded.split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(spellings.get(w, w) for w in words)


def place_key(text: str) -> str:
    """The lookup key of a place name: case, accents, dots and surrounding brackets ignored."""
    bare = text.strip("[]() ,")
    bare = (bare if bare.isascii() else strip_accents(bare)).replace(".", "").replace("\u2019", "'")
    return " ".join(bare.lower().split())


def slug(name: str) -> str:
    """A readable id: "Hillary Clinton" -> "hillary-clinton" (accents dropped, other signs to hyphens)."""
    return re.sub(r"[^a-z0-9]+", "-", strip_accents(name).lower().replace("'", "")).strip("-")

"""Conservative repair of words glued together by bad PDF/HTML extraction.

Only tokens missing from the English word-frequency list are touched, and only when every
piece is a common word: camelCase glue ("DefenceCooperation", "andMemorandum"), a digit glued
to a word ("2+2Ministerial") and lower-case glue found by dynamic programming over frequent
words ("Affairsand", "interactionandcooperation"). Names, typos, acronyms, URLs, e-mail
addresses, hashtags and handles are left alone; anything doubtful is left alone.
"""

from __future__ import annotations

import functools
import re

from .datafiles import data_lines

__all__ = ["repair_glue", "split_token"]

#: A token at or above this Zipf frequency is a known word (or name) and is never split.
KNOWN_ZIPF = 1.5
#: A piece of a split (other than a function word) must be at least this frequent ...
PIECE_ZIPF = 3.0
#: ... and at least this long; and some piece must be a content word of PIECE_MIN_LEN + 1 letters.
PIECE_MIN_LEN = 3
#: Tokens shorter than this are never split.
MIN_TOKEN_LEN = 6
#: A camelCase split of two Capitalised words needs this many letters in all ...
CAMEL_MIN_LEN = 10
MAX_PIECES = 5
_MAX_PIECE_LEN = 20
#: Above the Zipf frequency of the commonest English word; a piece costs this minus its Zipf.
_ZIPF_CEILING = 8.0

_CHUNK = re.compile(r"\S{6,}")
_RUN = re.compile(r"[^\W\d_]+")
_NOT_PROSE = re.compile(r"^[@#]|://|^www\.|@|\.[A-Za-z]{2,}(?:/|$)")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@functools.lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return frozenset(line.lower() for _, _, line in data_lines("function_words.txt"))


@functools.lru_cache(maxsize=1)
def _keep() -> frozenset[str]:
    return frozenset(line.lower() for _, _, line in data_lines("keep_tokens.txt"))


@functools.lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _content(piece: str) -> bool:
    """A common word long enough to be a split piece."""
    return len(piece) >= PIECE_MIN_LEN and _zipf(piece.lower()) >= PIECE_ZIPF


def repair_glue(text: str) -> str:
    """Split glued words in ``text``; everything else is returned unchanged."""
    return _CHUNK.sub(_repair_chunk, text)


def _repair_chunk(match: re.Match[str]) -> str:
    chunk = match.group()
    if _NOT_PROSE.search(chunk):
        return chunk
    return _RUN.sub(lambda m: _repair_run(m.group(), m.start() > 0 and chunk[m.start() - 1].isdigit()), chunk)


def _repair_run(run: str, after_digit: bool) -> str:
    """A run of letters repaired; after a digit, a Capitalised common first word is split off it
    too ("2+2MinisterialDialogue" -> "2+2 Ministerial Dialogue", in one pass, so cleaning twice
    changes nothing more)."""
    repaired = split_token(run)
    first = repaired.split(" ", 1)[0]
    if after_digit and first[0].isupper() and first[1:].islower() and _content(first):
        return " " + repaired
    return repaired


def split_token(token: str) -> str:
    """``token`` with spaces inserted where it is glue of common words, else ``token`` itself."""
    if len(token) < MIN_TOKEN_LEN or token.isupper() or token.lower() in _keep():
        return token
    if _zipf(token.lower()) >= KNOWN_ZIPF:
        return token
    pieces = _CAMEL_BOUNDARY.split(token)
    if len(pieces) > 1:
        return " ".join(pieces) if _camel_ok(pieces) else token
    if token.islower() or token[1:].islower():
        split = _dp_split(token)
        # A Capitalised token may be a rare name: allow only word + word ("Thisdialogue").
        if split is not None and (token.islower() or len(split) == 2):
            return " ".join(split)
    return token


def _camel_ok(pieces: list[str]) -> bool:
    """camelCase glue: a function word, common word or acronym, then Capitalised common words."""
    words = _function_words()
    first, rest = pieces[0], pieces[1:]
    if first.islower():
        if first not in words:
            return False
    elif not (first.isupper() and len(first) >= 2) and not _content(first):
        return False
    for piece in rest:
        if piece.isupper() or not (_content(piece) or piece.lower() in words):
            return False
    longest = max(len(p) for p in pieces if not p.isupper())
    if longest < PIECE_MIN_LEN + 1:
        return False
    capitalised = [p for p in pieces if p[0].isupper() and not p.isupper()]
    if first[0].isupper() and len(capitalised) == len(pieces):
        return sum(map(len, pieces)) >= CAMEL_MIN_LEN and min(map(len, pieces)) >= PIECE_MIN_LEN + 1
    return True


def _dp_split(token: str) -> list[str] | None:
    """Most probable split of a lower-case or Capitalised token into common words, or ``None``.

    Each piece costs ``_ZIPF_CEILING - zipf`` (a unigram model's negative log-probability), so
    frequent pieces win ("of the" over "ofthe"). A split must contain a function word and a
    content word of four letters or more.
    """
    words = _function_words()
    lower = token.lower()
    n = len(lower)
    # best[i] = (cost, pieces, split points) for lower[:i]
    best: list[tuple[float, int, tuple[int, ...]] | None] = [None] * (n + 1)
    best[0] = (0.0, 0, ())
    for end in range(1, n + 1):
        for start in range(max(0, end - _MAX_PIECE_LEN), end):
            prev = best[start]
            if prev is None or prev[1] >= MAX_PIECES:
                continue
            piece = lower[start:end]
            if piece not in words and not _content(piece):
                continue
            candidate = (prev[0] + _ZIPF_CEILING - _zipf(piece), prev[1] + 1, (*prev[2], end))
            current = best[end]
            if current is None or candidate[0] < current[0]:
                best[end] = candidate
    final = best[n]
    if final is None or final[1] < 2:
        return None
    bounds = (0, *final[2])
    pieces = [token[a:b] for a, b in zip(bounds, bounds[1:])]
    lowered = [p.lower() for p in pieces]
    if not any(p in words for p in lowered):
        return None
    if not any(p not in words and len(p) > PIECE_MIN_LEN for p in lowered):
        return None
    return pieces

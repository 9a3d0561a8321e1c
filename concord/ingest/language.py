"""Language identification: a fast English check, then langdetect (seeded, so deterministic).

English news text is full of English function words, so a high share of them settles it
without langdetect (which costs ~10 ms a text). Very short texts default to English unless
they are mostly in a non-Latin script. A headline-like English sentence full of foreign names
("Mexican President Andrés Manuel López Obrador defended ...") can fool langdetect, so its answer
for a Latin-script text stands only when the text's common words are that language's, not English's.
"""

from __future__ import annotations

import functools
import re

__all__ = ["detect_language"]

_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on with as was by at from it be has have are were said "
    "this an which his her their they he she not but or will its been who after had would".split()
)
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE = 2000
#: Fewer words than this is a very short text.
_SHORT = 6
#: Share of English function words above which a Latin-script text is English.
_ENGLISH_SHARE = 0.2
#: Share of a text's lower-case words more frequent in English than in langdetect's language
#: above which the text is English after all (names are capitalised, so they do not vote).
_ENGLISH_WORDS = 0.75


@functools.lru_cache(maxsize=1)
def _detector_ready() -> bool:
    from langdetect import DetectorFactory

    DetectorFactory.seed = 0
    return True


def _langdetect(sample: str) -> str:
    from langdetect import LangDetectException, detect

    _detector_ready()
    try:
        return detect(sample)
    except LangDetectException:
        return "und"


def detect_language(text: str) -> str:
    """ISO 639-1 code (langdetect's, e.g. ``"en"``, ``"fr"``, ``"zh-cn"``) of ``text``; ``"und"`` if unknowable."""
    sample = text[:_SAMPLE]
    words = _WORD.findall(sample)
    if not words:
        return "en"
    letters = "".join(words)
    latin = sum(ch < "\u0250" for ch in letters) / len(letters)
    if len(words) < _SHORT:
        return "en" if latin >= 0.5 else _langdetect(sample)
    english = sum(w.lower() in _ENGLISH_FUNCTION_WORDS for w in words) / len(words)
    if latin >= 0.9 and english >= _ENGLISH_SHARE:
        return "en"
    detected = _langdetect(sample)
    return "en" if latin >= 0.9 and _english_words_win(words, detected) else detected


def _english_words_win(words: list[str], language: str) -> bool:
    """Whether most lower-case words are more frequent in English than in ``language`` (word
    frequencies from wordfreq; a language it lacks keeps langdetect's answer)."""
    from wordfreq import available_languages, zipf_frequency

    common = [w for w in words if w.islower()]
    if language == "en" or language not in available_languages() or len(common) < 3:
        return False
    english = sum(zipf_frequency(w, "en") > zipf_frequency(w, language) for w in common)
    return english >= _ENGLISH_WORDS * len(common)

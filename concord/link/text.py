"""Text features for linking: content terms, named tokens, shingles and a boilerplate test.

Pure functions over plain strings so that the duplicate index, the clusterer and the
evaluation share one definition of "the words of an article".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

__all__ = [
    "STOP_WORDS",
    "boilerplate_score",
    "content_terms",
    "is_boilerplate",
    "named_tokens",
    "shingles",
    "terms_are_boilerplate",
    "words",
]

#: Function words ignored by every feature (scikit-learn's English list plus news filler).
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {
    "said", "says", "say", "told", "according", "reported", "reports", "report", "news",
    "year", "years", "day", "days", "time", "just", "like", "new", "did", "does", "don",
    "mr", "mrs", "ms", "dr", "st", "ll", "ve", "re", "s", "t", "n't",
}

_WORD = re.compile(r"[^\W\d_](?:[\w'’\-]*\w)?|\d+(?:[.,:]\d+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:;\"“”]\s*$|\n\s*$")
_POSSESSIVE = re.compile(r"['’]s$")

#: Words of web chrome and scraper residue: log-in walls, crawl notices, cookie banners,
#: social-media widgets, error pages. An article made mostly of them reports no event.
_CHROME = frozenset(
    {
        "javascript", "browser", "browsers", "cookie", "cookies", "login", "log", "sign",
        "signup", "subscribe", "subscription", "subscriber", "newsletter", "tweet", "tweets",
        "twitter", "retweet", "crawl", "crawls", "crawled", "crawler", "crawling", "wayback",
        "archive", "archived", "archiving", "archive-it", "url", "urls", "404", "dns", "ip",
        "domain", "website", "web", "page", "pages", "link", "links", "embeds", "enable",
        "enabled", "disabled", "location", "applications", "third-party", "privacy", "terms",
        "copyright", "error", "sorry", "unavailable", "available", "redirect", "captcha",
        "click", "continue", "learn", "settings", "account", "password", "video", "play",
        "advertisement", "ad", "ads", "loading", "404s", "host", "hosts", "seed", "content",
    }
)


def words(text: str) -> list[str]:
    """Split text into word and number tokens, keeping their original case."""
    return _WORD.findall(text)


def _norm(token: str) -> str:
    """Lower-case a token and drop a possessive "'s" so "Reid's" matches "Reid"."""
    token = token.casefold()
    if "'" in token or "’" in token:
        token = _POSSESSIVE.sub("", token).replace("’", "'")
    return token


def content_terms(text: str) -> Counter[str]:
    """Count the lower-cased content words and numbers of ``text`` (stop words dropped)."""
    counts: Counter[str] = Counter()
    for token in words(text):
        term = _norm(token)
        if len(term) > 1 and term not in STOP_WORDS:
            counts[term] += 1
    return counts


def named_tokens(text: str) -> Counter[str]:
    """Count capitalised words that do not open a sentence, and numbers: a cheap entity bag.

    Names, places, organisations and figures are what tell two earthquakes or two rehab
    stories apart, so they get their own similarity channel.
    """
    counts: Counter[str] = Counter()
    for match in _WORD.finditer(text):
        token = match.group()
        if token[0].isdigit():
            if len(token) > 1 or token != "0":
                counts[token.replace(",", "")] += 1
            continue
        if not token[0].isupper():
            continue
        before = text[max(0, match.start() - 3) : match.start()]
        if match.start() == 0 or _SENTENCE_END.search(before):
            continue
        term = _norm(token)
        if len(term) > 1 and term not in STOP_WORDS:
            counts[term] += 1
    return counts


def shingles(text: str, size: int = 3) -> set[str]:
    """Word ``size``-grams of the lower-cased text (all words kept): the unit of near-duplicate tests."""
    tokens = [_norm(t) for t in words(text)]
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def boilerplate_score(terms: Mapping[str, int]) -> float:
    """Share of an article's content words (from :func:`content_terms`) that are web-chrome words."""
    total = sum(terms.values())
    if total == 0:
        return 1.0
    return sum(n for t, n in terms.items() if t in _CHROME) / total


def is_boilerplate(text: str, min_terms: int = 3, max_chrome: float = 0.15) -> bool:
    """True for scraper residue (too few content words, or many web-chrome words in a short page).

    Such pages report no event; the clusterer keeps each one as its own singleton.
    """
    return terms_are_boilerplate(content_terms(text), min_terms, max_chrome)


def terms_are_boilerplate(terms: Mapping[str, int], min_terms: int = 3, max_chrome: float = 0.15) -> bool:
    """:func:`is_boilerplate` on already counted content terms."""
    total = sum(terms.values())
    if total < min_terms:
        return True
    return total < 400 and boilerplate_score(terms) >= max_chrome

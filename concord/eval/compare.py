"""Score the comparison of real multi-outlet stories against a hand-made gold of shared facts and conflicts.

The gold (JSON Lines, one story a line) names, per story, facts that two or more outlets state
(``shared``) and checkable disagreements (``conflicts``), each as exact quotes of the articles
(keyed by the article ``id`` of the ARTICLES file, a clustering JSON Lines file). Per story the
articles go into a fresh store through the ingest pipeline, the primary event holding most of them
is compared, and each gold quote is mapped to the claim of its article that shares most of the
quote's words (at least half of them; else it is unmatched). Scores:

* shared recall: pairs of quotes of one shared fact whose claims sit in one group that is not unique;
* conflict recall: pairs of quotes of one conflict whose claims sit in one ``conflicting`` (or
  ``updated``) group;
* false conflicts per story: ``conflicting`` groups that hold no gold conflict pair;
* unique share: ``unique`` groups over all groups.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConcordError, MalformedRecordError
from ..model import Analysis, Article, Event, to_dict
from ..settings import Settings
from .jsonl import json_lines

if TYPE_CHECKING:
    from ..compare import Comparison

__all__ = [
    "GoldFact",
    "GoldStory",
    "PreparedStory",
    "StoryScore",
    "evaluate_compare",
    "load_compare_gold",
    "prepare_story",
    "score_story",
    "summarise",
]

#: A quote maps to a claim holding at least this share of its words.
MIN_QUOTE_SHARE = 0.5
#: Group labels that count a conflict pair as found (an update is a figure that changed over time).
CONFLICT_LABELS = frozenset({"conflicting", "updated"})
_WORD = re.compile(r"[^\W_]+")


@dataclass
class GoldFact:
    """One shared fact or conflict: what it is about and one quote per article (gold article id -> text)."""

    about: str
    quotes: dict[str, str]


@dataclass
class GoldStory:
    """The gold of one story: its cluster label, shared facts and conflicts."""

    cluster: str
    shared: list[GoldFact] = field(default_factory=list)
    conflicts: list[GoldFact] = field(default_factory=list)


@dataclass
class PreparedStory:
    """A story ingested into a fresh store: its primary event, that event's reports and analyses."""

    cluster: str
    event: Event | None
    articles: list[Article]
    analyses: dict[str, Analysis | None]
    #: Gold article id -> store article id (equal texts share one stored article).
    ids: dict[str, str]
    ingest_seconds: float = 0.0


@dataclass
class StoryScore:
    """The counts of one story (pairs found out of pairs, groups by label, quotes left unmatched)."""

    cluster: str
    articles: int
    in_event: int
    shared_pairs: int = 0
    shared_found: int = 0
    conflict_pairs: int = 0
    conflict_found: int = 0
    false_conflicts: int = 0
    groups: int = 0
    unique_groups: int = 0
    unmatched_quotes: int = 0
    #: Pairs of quotes of two different shared facts that landed in one group (a proxy for wrong alignments).
    mixed_pairs: int = 0
    missed_conflicts: list[str] = field(default_factory=list)


def load_compare_gold(path: str | Path) -> list[GoldStory]:
    """Read the compare gold; a bad line raises :class:`MalformedRecordError` with its number."""
    stories = []
    for number, row in json_lines(Path(path)):
        try:
            stories.append(GoldStory(
                str(row["cluster"]),
                [GoldFact(str(f.get("fact", "")), _quotes(f)) for f in row.get("shared", [])],
                [GoldFact(str(f.get("about", "")), _quotes(f)) for f in row.get("conflicts", [])],
            ))
        except (KeyError, TypeError, AttributeError) as exc:
            raise MalformedRecordError(str(path), f"not a compare gold story: {exc}", number) from exc
    if not stories:
        raise MalformedRecordError(str(path), "no stories")
    return stories


def _quotes(fact: Mapping[str, Any]) -> dict[str, str]:
    quotes = fact["quotes"]
    if not isinstance(quotes, dict) or len(quotes) < 2:
        raise TypeError("a fact needs quotes from two articles or more")
    return {str(k): str(v) for k, v in quotes.items()}


def _story_rows(path: Path, clusters: set[str]) -> dict[str, list[dict[str, Any]]]:
    """The article rows of the wanted stories, by cluster, in file order."""
    rows: dict[str, list[dict[str, Any]]] = {c: [] for c in clusters}
    for number, row in json_lines(path):
        if str(row.get("cluster")) in rows:
            if not row.get("id"):
                raise MalformedRecordError(str(path), "an article needs an id", number)
            rows[str(row["cluster"])].append(row)
    return rows


def prepare_story(cluster: str, rows: Sequence[Mapping[str, Any]], settings: Settings, workdir: Path) -> PreparedStory:
    """Ingest a story's articles into a fresh store (normalise, analyse, link) and take its primary
    event: the one holding most of the story's articles."""
    from ..ingest.build import build_article
    from ..ingest.record import RawRecord
    from ..pipeline import analyse_pending, embed_reports, link_pending
    from ..store import EventFilter, open_store

    started = time.perf_counter()
    store = open_store(str(workdir / f"{re.sub(r'[^A-Za-z0-9_-]', '_', cluster)}.db"))
    try:
        now = dt.datetime.now(dt.UTC)
        ids: dict[str, str] = {}
        for row in rows:
            record = RawRecord(origin=str(row["id"]), text=row.get("text"), title=row.get("title"),
                               url=row.get("url"), published=row.get("date"), source=row.get("source"))
            try:
                article = build_article(record, settings, now)
            except ConcordError:  # an empty page: its quotes stay unmatched
                continue
            store.add_article(article)
            ids[str(row["id"])] = article.id
        analyse_pending(store, settings)
        link_pending(store)
        wanted = set(ids.values())
        events = [e for e in store.events(EventFilter(include_uncoded=True, limit=10_000)) if e.story is None]
        event = max(events, key=lambda e: (len(wanted & {s["article_id"] for s in e.sources}), e.id), default=None)
        reports = store.reports(event.id) if event else []
        embed_reports(reports)  # a one-report event was not compared while linking
        members = [r.article for r in reports]
        analyses = {r.article.id: r.analysis for r in reports}
    finally:
        store.close()
    return PreparedStory(cluster, event, members, analyses, ids, time.perf_counter() - started)


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _claim_index(comparison: Comparison) -> dict[str, list[tuple[str, set[str]]]]:
    """Store article id -> (group id, words) of every claim that cites it (wire copies included)."""
    index: dict[str, list[tuple[str, set[str]]]] = {}
    for group in comparison.groups:
        for claim in group.claims:
            for citation in claim.citations:
                index.setdefault(citation.article_id, []).append((group.id, _words(citation.text)))
    return index


def _locate(quote: str, claims: Sequence[tuple[str, set[str]]]) -> str | None:
    """The group of the claim sharing most of the quote's words (at least half), else None."""
    words = _words(quote)
    if not words:
        return None
    best = max(claims, key=lambda c: (len(words & c[1]), len(words & c[1]) / (len(c[1]) or 1)), default=None)
    if best is None or len(words & best[1]) < MIN_QUOTE_SHARE * len(words):
        return None
    return best[0]


def _pairs(fact: GoldFact, where: Mapping[str, str | None]) -> list[tuple[str | None, str | None]]:
    """The groups of each pair of the fact's quotes."""
    return [(where[a], where[b]) for a, b in itertools.combinations(sorted(fact.quotes), 2)]


def score_story(story: GoldStory, prepared: PreparedStory, comparison: Comparison | None) -> StoryScore:
    """Count the story's gold pairs found in ``comparison`` (None: nothing was compared)."""
    in_event = {a.id for a in prepared.articles}
    score = StoryScore(story.cluster, len(prepared.ids), sum(1 for g in prepared.ids.values() if g in in_event))
    index = _claim_index(comparison) if comparison is not None else {}
    labels = {g.id: g.label for g in comparison.groups} if comparison is not None else {}

    def locate(fact: GoldFact) -> dict[str, str | None]:
        found = {a: _locate(q, index.get(prepared.ids.get(a, ""), [])) for a, q in fact.quotes.items()}
        score.unmatched_quotes += sum(1 for g in found.values() if g is None)
        return found

    shared_groups = []
    for fact in story.shared:
        where = locate(fact)
        shared_groups.append({g for g in where.values() if g})
        for a, b in _pairs(fact, where):
            score.shared_pairs += 1
            score.shared_found += a is not None and a == b and labels[a] != "unique"
    score.mixed_pairs = sum(len(x & y) for x, y in itertools.combinations(shared_groups, 2))
    holding_conflict: set[str] = set()
    for fact in story.conflicts:
        pairs = _pairs(fact, locate(fact))
        hits = [a for a, b in pairs if a is not None and a == b and labels[a] in CONFLICT_LABELS]
        holding_conflict.update(hits)
        score.conflict_pairs += len(pairs)
        score.conflict_found += len(hits)
        if len(hits) < len(pairs):
            score.missed_conflicts.append(fact.about)
    score.groups = len(labels)
    score.unique_groups = sum(1 for label in labels.values() if label == "unique")
    score.false_conflicts = sum(1 for g, label in labels.items() if label == "conflicting" and g not in holding_conflict)
    return score


def summarise(scores: Sequence[StoryScore]) -> dict[str, Any]:
    """The overall figures of per-story counts (ratios of summed counts)."""
    total = lambda name: sum(getattr(s, name) for s in scores)  # noqa: E731
    ratio = lambda a, b: round(a / b, 4) if b else None  # noqa: E731
    return {
        "stories": len(scores),
        "shared_recall": ratio(total("shared_found"), total("shared_pairs")),
        "conflict_recall": ratio(total("conflict_found"), total("conflict_pairs")),
        "false_conflicts_per_story": ratio(total("false_conflicts"), len(scores)),
        "unique_share": ratio(total("unique_groups"), total("groups")),
        "shared_pairs": total("shared_pairs"),
        "conflict_pairs": total("conflict_pairs"),
        "mixed_fact_pairs": total("mixed_pairs"),
        "unmatched_quotes": total("unmatched_quotes"),
        "articles_outside_event": total("articles") - total("in_event"),
    }


def evaluate_compare(gold_path: str | Path, articles_path: str | Path, settings: Settings) -> dict[str, Any]:
    """Ingest each gold story into a fresh store, compare its primary event and score it.

    Returns :func:`summarise`'s figures plus ``per_story`` (the counts of every story).
    """
    from ..compare import compare_event

    stories = load_compare_gold(gold_path)
    rows = _story_rows(Path(articles_path), {s.cluster for s in stories})
    scores = []
    with tempfile.TemporaryDirectory(prefix="concord-eval-compare-") as tmp:
        for story in stories:
            if not rows[story.cluster]:
                raise ConcordError(f"story {story.cluster}: no articles in {articles_path}")
            prepared = prepare_story(story.cluster, rows[story.cluster], settings, Path(tmp))
            comparison = compare_event(prepared.event, prepared.articles, prepared.analyses) if prepared.event else None
            scores.append(score_story(story, prepared, comparison))
    return summarise(scores) | {"per_story": [to_dict(s) for s in scores]}

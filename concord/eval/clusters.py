"""Score same-event clustering on a JSON Lines file of gold-labelled articles.

Each line holds ``cluster`` (gold event label), ``id``, ``text`` and optionally ``title``,
``date``, ``source``, ``url`` and ``junk`` (scraper residue). The articles are clustered as
one stream in date order (undated ones in file order) and scored with pairwise
precision/recall/F1 over article pairs (Miranda et al. 2018) and BCubed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConcordError, MalformedRecordError
from ..model import Article
from ..link.cluster import ClusterConfig, cluster_articles
from .jsonl import json_objects

__all__ = [
    "GoldArticle",
    "bcubed_scores",
    "evaluate_clusters",
    "load_gold",
    "pairwise_scores",
    "score_clustering",
]


@dataclass
class GoldArticle:
    """One evaluation record: the article, its gold event label and whether it is junk."""

    article: Article
    cluster: str
    junk: bool = False


def _parse_date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise MalformedRecordError(where, f"bad date {value!r}") from exc


def load_gold(path: str | Path) -> list[GoldArticle]:
    """Read a gold JSON Lines file; a bad line raises :class:`MalformedRecordError` with its number."""
    records: list[GoldArticle] = []
    seen: set[str] = set()
    for number, row in json_objects(path):
        missing = [k for k in ("cluster", "id", "text") if row.get(k) in (None, "")]
        if missing:
            raise MalformedRecordError(str(path), f"missing {', '.join(missing)}", number)
        aid = str(row["id"])
        if aid in seen:
            raise MalformedRecordError(str(path), f"duplicate id {aid!r}", number)
        seen.add(aid)
        article = Article(
            id=aid,
            text=str(row["text"]),
            title=row.get("title") or None,
            source=row.get("source") or None,
            url=row.get("url") or None,
            date=_parse_date(row.get("date"), f"{path}:{number}"),
        )
        records.append(GoldArticle(article, str(row["cluster"]), bool(row.get("junk", False))))
    if not records:
        raise MalformedRecordError(str(path), "no records")
    return records


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _labels_check(gold: Mapping[str, str], predicted: Mapping[str, str]) -> None:
    if set(gold) != set(predicted):
        raise ConcordError("gold and predicted labels cover different articles")


def pairwise_scores(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """Precision/recall/F1 over unordered article pairs placed in the same cluster.

    Counted from the contingency table, so it costs O(n) rather than O(n^2). With no
    positive pairs on a side, that side's score is 1.0 (nothing to get wrong).
    """
    _labels_check(gold, predicted)
    both = Counter((gold[a], predicted[a]) for a in gold)
    pairs = lambda counts: sum(n * (n - 1) // 2 for n in counts)  # noqa: E731
    true_pairs = pairs(both.values())
    gold_pairs = pairs(Counter(gold.values()).values())
    pred_pairs = pairs(Counter(predicted.values()).values())
    precision = true_pairs / pred_pairs if pred_pairs else 1.0
    recall = true_pairs / gold_pairs if gold_pairs else 1.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "true_pairs": true_pairs,
        "gold_pairs": gold_pairs,
        "predicted_pairs": pred_pairs,
    }


def bcubed_scores(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, float]:
    """BCubed precision/recall/F1 (Bagga & Baldwin 1998), averaged over articles."""
    _labels_check(gold, predicted)
    if not gold:
        raise ConcordError("cannot score an empty clustering")
    both = Counter((gold[a], predicted[a]) for a in gold)
    gold_size = Counter(gold.values())
    pred_size = Counter(predicted.values())
    precision = sum(n * n / pred_size[p] for (_, p), n in both.items()) / len(gold)
    recall = sum(n * n / gold_size[g] for (g, _), n in both.items()) / len(gold)
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def score_clustering(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, Any]:
    """Pairwise and BCubed scores plus cluster counts for one labelling."""
    return {
        "n": len(gold),
        "n_clusters": len(set(predicted.values())),
        "n_gold_clusters": len(set(gold.values())),
        "pairwise": pairwise_scores(gold, predicted),
        "bcubed": bcubed_scores(gold, predicted),
    }


def _primary_labels(clusters: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Article -> the first event it joined (an article in several events is scored once)."""
    labels: dict[str, str] = {}
    for eid, members in clusters.items():
        for aid in members:
            labels.setdefault(aid, eid)
    return labels


def evaluate_clusters(path: str | Path, config: ClusterConfig | None = None) -> dict[str, Any]:
    """Cluster a gold file's articles as one stream and score the result.

    Returns ``{"n", "n_clusters", "n_gold_clusters", "pairwise", "bcubed", "junk"}``;
    ``junk`` reports how many junk-flagged pages were isolated as singletons and the scores
    with junk pages left out (the gold labels junk with the story it was scraped for, which
    no text-based system can recover).
    """
    records = load_gold(path)
    clusters = cluster_articles(((r.article, None) for r in records), config)
    predicted = _primary_labels(clusters)
    gold = {r.article.id: r.cluster for r in records}
    result = score_clustering(gold, predicted)
    junk_ids = {r.article.id for r in records if r.junk}
    sizes = Counter(predicted.values())
    clean = [a for a in gold if a not in junk_ids]
    result["junk"] = {
        "n": len(junk_ids),
        "isolated": sum(1 for a in junk_ids if sizes[predicted[a]] == 1),
    }
    if junk_ids and clean:
        result["junk"]["without_junk"] = score_clustering(
            {a: gold[a] for a in clean}, {a: predicted[a] for a in clean}
        )
    return result


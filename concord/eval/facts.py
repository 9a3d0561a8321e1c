"""Score standing facts against a hand-marked gold (``concord eval facts GOLD ARTICLES``).

GOLD is JSON Lines, one article a line: ``{"id", "facts": [{"kind", "name", "quote", "year",
"parties"}]}``; ARTICLES is JSON Lines with ``id`` and ``text`` (and optionally ``title``, ``date``,
``source``), as read by ``concord ingest``. The gold's articles are ingested into a temporary
store and each one's stored facts are scored: a prediction matches a gold fact of its article when
their names share a distinctive word or the prediction's sentence holds at least 80% of the gold
quote's words. Among matched gold facts, the year is right when the paired prediction's date starts
with the gold year (a gold year of null wants no date: an unstated year is not to be invented),
and the parties are right when every gold party is among the prediction's parties.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConcordError, InputError, MalformedRecordError
from ..model import Analysis, Fact
from ..settings import Settings
from .jsonl import json_lines

__all__ = ["GoldFact", "GoldReport", "Predicted", "evaluate_facts", "load_fact_gold", "score_facts"]

#: Words two fact names may share without naming the same fact.
GENERIC = frozenset(
    "the a an of on for in to and with between by at its their his her this that new first "
    "deal deals agreement agreements treaty treaties accord accords pact pacts talks summit summits "
    "plan plans framework frameworks dialogue dialogues nuclear trade joint international global "
    "conference meeting meetings memorandum protocol convention declaration partnership initiative "
    "cooperation defence defense economic strategic bilateral multilateral us".split()
)
#: Share of the gold quote's words the prediction's sentence must hold.
QUOTE_SHARE = 0.8
_TOKEN = re.compile(r"[a-z0-9]+(?:\+[a-z0-9]+)*")
#: Dots inside abbreviations and a hyphen between a letter and a number ("U.S.", "G-20") are dropped.
_JOINERS = re.compile(r"(?<=\b[a-z])\.(?=[a-z]\b)|(?<=\b[a-z])\.(?=\s|$)|(?<=\b[a-z])-(?=\d)")


@dataclass(frozen=True)
class GoldFact:
    """One hand-marked standing fact."""

    kind: str
    name: str
    quote: str
    year: str | None
    parties: tuple[str, ...]


@dataclass(frozen=True)
class GoldReport:
    """One gold article and its facts (none: a fact-free report)."""

    id: str
    facts: tuple[GoldFact, ...]


@dataclass(frozen=True)
class Predicted:
    """A stored fact with the text of the sentence that states it."""

    fact: Fact
    sentence: str


@dataclass
class _Pairing:
    """A gold fact, the prediction paired with it (None: missed) and whether its year and parties are right."""

    gold: GoldFact
    predicted: Predicted | None
    year_right: bool = False
    parties_right: bool = False


@dataclass
class _ArticleScore:
    """One article's pairings, and each prediction with the gold fact it matches (None: a false fact)."""

    id: str
    pairings: list[_Pairing] = field(default_factory=list)
    predictions: list[tuple[Predicted, GoldFact | None]] = field(default_factory=list)


def load_fact_gold(path: str | Path) -> list[GoldReport]:
    """Read the gold JSON Lines; a bad line raises :class:`MalformedRecordError` with its number."""
    reports: list[GoldReport] = []
    seen: set[str] = set()
    for number, row in json_lines(Path(path)):
        aid = row.get("id")
        facts = row.get("facts")
        if not isinstance(aid, str) or not aid or not isinstance(facts, list):
            raise MalformedRecordError(str(path), "a line needs an id and a list of facts", number)
        if aid in seen:
            raise MalformedRecordError(str(path), f"duplicate id {aid!r}", number)
        seen.add(aid)
        reports.append(GoldReport(aid, tuple(_gold_fact(f, str(path), number) for f in facts)))
    if not reports:
        raise InputError(str(path), "no gold articles")
    return reports


def _gold_fact(raw: Any, path: str, number: int) -> GoldFact:
    """One gold fact of line ``number``, validated."""
    if not isinstance(raw, dict) or not raw.get("name") or not isinstance(raw.get("parties", []), list):
        raise MalformedRecordError(path, "a fact needs a name and a list of parties", number)
    year = raw.get("year")
    return GoldFact(str(raw.get("kind") or ""), str(raw["name"]), str(raw.get("quote") or ""),
                    str(year) if year else None, tuple(str(p).upper() for p in raw.get("parties", [])))


def words(text: str) -> list[str]:
    """Lower-cased word tokens ("U.S.-China" gives "us", "china"; "G-20" is "g20"; "2+2" stays one)."""
    return _TOKEN.findall(_JOINERS.sub("", text.lower()))


def distinctive(name: str) -> set[str]:
    """The words of a fact name that tell it from other facts."""
    return {w for w in words(name) if w not in GENERIC and len(w) > 1}


def matches(gold: GoldFact, predicted: Predicted) -> bool:
    """Names share a distinctive word, or the prediction's sentence holds most of the gold quote."""
    if distinctive(gold.name) & distinctive(predicted.fact.name):
        return True
    quote = words(gold.quote)
    held = set(words(predicted.sentence))
    return bool(quote) and sum(w in held for w in quote) >= QUOTE_SHARE * len(quote)


def _rank(gold: GoldFact, predicted: Predicted) -> tuple[int, int]:
    """Prefer the prediction that shares most name words, then the earliest."""
    return (-len(distinctive(gold.name) & distinctive(predicted.fact.name)), predicted.fact.citation.start)


def _pair(gold: GoldFact, predictions: Sequence[Predicted]) -> _Pairing:
    """The gold fact with its best matching prediction, and whether that one's year and parties are right."""
    found = sorted((p for p in predictions if matches(gold, p)), key=lambda p: _rank(gold, p))
    if not found:
        return _Pairing(gold, None)
    best = found[0]
    date = best.fact.date or ""
    year_right = date.startswith(gold.year) if gold.year else not date
    return _Pairing(gold, best, year_right, set(gold.parties) <= set(best.fact.parties))


def score_article(report: GoldReport, predictions: Sequence[Predicted]) -> _ArticleScore:
    """Pair each gold fact with its best matching prediction and each prediction with a gold fact."""
    score = _ArticleScore(report.id, [_pair(g, predictions) for g in report.facts])
    for p in predictions:
        score.predictions.append((p, next((g for g in report.facts if matches(g, p)), None)))
    return score


def score_facts(gold: Sequence[GoldReport], predicted: Mapping[str, Sequence[Predicted]]) -> dict[str, Any]:
    """Precision, recall, year and parties right, false facts on fact-free reports, per-article detail."""
    scores = [score_article(r, predicted.get(r.id, ())) for r in gold]
    preds = [pair for s in scores for pair in s.predictions]
    pairings = [p for s in scores for p in s.pairings]
    found = [p for p in pairings if p.predicted is not None]
    fact_free = {r.id for r in gold if not r.facts}
    return {
        "articles": len(gold),
        "fact_free_articles": len(fact_free),
        "gold_facts": len(pairings),
        "predicted": len(preds),
        "precision": _ratio(sum(g is not None for _, g in preds), len(preds)),
        "recall": _ratio(len(found), len(pairings)),
        "year_right": _ratio(sum(p.year_right for p in found), len(found)),
        "parties_right": _ratio(sum(p.parties_right for p in found), len(found)),
        "false_on_fact_free": [dict(article=s.id, **_fact_row(p)) for s in scores if s.id in fact_free
                               for p, _ in s.predictions],
        "per_article": [_article_row(s) for s in scores],
    }


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _fact_row(p: Predicted) -> dict[str, Any]:
    """A prediction as JSON."""
    f = p.fact
    return {"kind": f.kind, "name": f.name, "date": f.date, "parties": f.parties, "status": f.status,
            "key": f.key, "text": f.citation.text}


def _article_row(score: _ArticleScore) -> dict[str, Any]:
    """One article's detail as JSON: each gold fact with what was found for it, and each prediction."""
    return {
        "id": score.id,
        "gold": [{"name": p.gold.name, "year": p.gold.year, "parties": list(p.gold.parties),
                  "found": p.predicted.fact.name if p.predicted else None,
                  "date": p.predicted.fact.date if p.predicted else None,
                  "predicted_parties": p.predicted.fact.parties if p.predicted else None,
                  "year_right": p.year_right, "parties_right": p.parties_right} for p in score.pairings],
        "predicted": [dict(_fact_row(p), matches=g.name if g else None) for p, g in score.predictions],
    }


def predictions_of(analysis: Analysis, text: str) -> list[Predicted]:
    """The facts of one stored analysis, each with its sentence's text."""
    by_index = {s.index: s for s in analysis.sentences}
    out = []
    for fact in analysis.facts:
        sentence = by_index.get(fact.citation.sentence)
        out.append(Predicted(fact, text[sentence.start:sentence.end] if sentence else fact.citation.text))
    return out


def evaluate_facts(gold_path: str | Path, articles_path: str | Path, settings: Settings) -> dict[str, Any]:
    """Ingest the gold's articles from ``articles_path`` into a temporary store and score their facts."""
    from ..pipeline import analyse_pending, run_ingest
    from ..store import open_store

    gold = load_fact_gold(gold_path)
    wanted = {r.id for r in gold}
    rows = [row for _, row in json_lines(Path(articles_path)) if row.get("id") in wanted]
    missing = sorted(wanted - {str(r["id"]) for r in rows})
    if missing:
        raise ConcordError(f"{articles_path}: no article for gold id(s) {', '.join(missing[:5])}")
    with tempfile.TemporaryDirectory(prefix="concord-eval-facts-") as tmp:
        subset = Path(tmp) / "articles.jsonl"
        subset.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        run_settings = settings.replace(db=str(Path(tmp) / "eval.db"), analyze=False)
        store = open_store(run_settings.db)
        try:
            report = run_ingest([str(subset)], store, run_settings)
            if report.quarantined:
                raise ConcordError(f"{articles_path}: articles quarantined: {report.quarantined[:3]}")
            analyse_pending(store, run_settings)
            predicted = _stored_predictions(store)
        finally:
            store.close()
    return score_facts(gold, predicted)


def _stored_predictions(store: Any) -> dict[str, list[Predicted]]:
    """Each stored article's facts, keyed by the ``id`` field of its input line."""
    out: dict[str, list[Predicted]] = {}
    for article in store.iter_articles():
        analysis = store.get_analysis(article.id)
        gold_id = str(article.meta.get("id") or article.id)
        out[gold_id] = predictions_of(analysis, article.text) if analysis else []
    return out

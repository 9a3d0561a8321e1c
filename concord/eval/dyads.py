"""Scoring who did what to whom end to end on PLV-format TSV (``sentence``, ``source``, ``target``,
``gold_root``): each distinct sentence is one report, run through ingest normalisation, analysis and
the merge that makes a story's primary event; that event's type, actors and recipients are scored.

The rows are independent reports, so each is its own story (clustering them together would merge
unrelated sentences that share the ingest day). A predicted actor matches a gold span when its name
shares a content word with it (titles and stop words left out). ``concord eval dyads FILE --json``
prints :func:`evaluate_dyads`.
"""

from __future__ import annotations

import csv
import functools
import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConcordError, InputError, MalformedRecordError
from ..model import Actor, Event
from ..settings import Settings
from .events import to_plv_label

__all__ = ["DyadRow", "RowResult", "content_words", "evaluate_dyads", "read_dyad_rows", "score_rows"]

_MARK = re.compile(r"</?[st]>")
_WORD = re.compile(r"[^\W_]+(?:[.'’][^\W_]+)*", re.UNICODE)
#: Honorifics and ranks that stand before names, besides the office titles of the actor lexicons.
_HONORIFICS = frozenset("mr mrs ms dr sir lord lady gen lt col sgt capt maj adm sen rep gov former acting".split())


@dataclass(frozen=True)
class DyadRow:
    """One gold row: the sentence, its marked source and target spans and the gold PLV label, with the
    gold countries of source and target when the file codes them (``source_code``/``target_code``
    CAMEO codes or ``source_country``/``target_country`` ISO3 columns)."""

    sentence: str
    source: str
    target: str
    label: str
    line: int
    source_country: str | None = None
    target_country: str | None = None


def read_dyad_rows(path: str | Path) -> list[DyadRow]:
    """Read a PLV TSV with ``sentence`` (or ``marked_sentence``), ``source``, ``target`` and ``gold_root``."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(str(path), f"cannot open: {exc.strerror or exc}") from exc
    with handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        columns = set(reader.fieldnames or [])
        missing = [c for c in ("source", "target", "gold_root") if c not in columns]
        if not columns & {"sentence", "marked_sentence"}:
            missing.append("sentence")
        if missing:
            raise InputError(str(path), f"missing column(s): {', '.join(missing)}")
        rows = [_row(str(path), number, rec) for number, rec in enumerate(reader, start=2)]
    if not rows:
        raise InputError(str(path), "no rows")
    return rows


def _row(path: str, number: int, rec: dict[str, str]) -> DyadRow:
    sentence = (rec.get("sentence") or _MARK.sub("", rec.get("marked_sentence") or "")).strip()
    gold = (rec.get("gold_root") or "").strip().upper()
    if not sentence or not gold:
        raise MalformedRecordError(path, "empty sentence or gold_root", number)
    return DyadRow(sentence, _span(rec, "source", sentence), _span(rec, "target", sentence),
                   to_plv_label(gold), number, _gold_country(rec, "source"), _gold_country(rec, "target"))


def _span(rec: dict[str, str], side: str, sentence: str) -> str:
    """A side's gold span; empty when the sentence does not contain it: the file's placeholder for a
    side the sentence does not name ("a recipient", "An actor") is no span to find."""
    span = (rec.get(side) or "").strip()
    return span if span.casefold() in sentence.casefold() else ""


def _gold_country(rec: dict[str, str], side: str) -> str | None:
    """A side's gold country: its ISO3 column, else the country part of its CAMEO code (``IRNGOV``)."""
    country = (rec.get(f"{side}_country") or "").strip().upper()
    code = (rec.get(f"{side}_code") or "").strip().upper()
    if country:
        return country
    return code[:3] if len(code) >= 3 and code[:3].isalpha() and code[:3] not in ("IGO", "NGO", "MNC") else None


def content_words(text: str) -> frozenset[str]:
    """The words of a name that identify it: lower case, dots dropped ("U.S." = "us"), office titles,
    honorifics and stop words left out."""
    from spacy.lang.en.stop_words import STOP_WORDS

    skip = STOP_WORDS | _HONORIFICS | _title_words()
    words = (w.casefold().replace(".", "").replace("’", "'").removesuffix("'s") for w in _WORD.findall(text))
    return frozenset(w for w in words if w and w not in skip and not w.isdigit())


@functools.cache
def _title_words() -> frozenset[str]:
    from ..analyze.actor_lexicons import actor_lexicons

    return actor_lexicons().title_words


def _matches(actor: Actor, gold: frozenset[str]) -> bool:
    """The actor's name, or a name the report gives it (its cited mentions), shares a word with the gold,
    a country's name and its demonym counting as one word ("Japanese police", "police in Japan")."""
    gold = gold | _countries(gold)
    return any((words := content_words(name)) & gold or _countries(words) & gold
               for name in (actor.name, *(c.text for c in actor.citations)))


def _countries(words: frozenset[str]) -> frozenset[str]:
    """The countries that content words name by a one-word name or demonym, as ``@ISO3`` words."""
    from ..kb import knowledge_base

    kb = knowledge_base()
    aliases = (kb.country(word.title()) for word in words)
    return frozenset(f"@{a.iso3}" for a in aliases if a is not None and a.type in ("name", "short", "demonym"))


@dataclass
class RowResult:
    """What the pipeline made of one gold row."""

    row: DyadRow
    event: str | None
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    #: The gold countries of source and target (coded in the file, else resolved from the spans).
    countries: tuple[str | None, str | None] = (None, None)


def score_rows(results: Sequence[RowResult]) -> dict[str, Any]:
    """Type accuracy, no-event count, actor/recipient precision and recall and dyad recall, overall and
    per gold class."""
    overall = _Tally()
    per_class: dict[str, _Tally] = defaultdict(_Tally)
    for result in results:
        for tally in (overall, per_class[result.row.label]):
            tally.add(result)
    scores = overall.scores()
    scores["per_class"] = {label: per_class[label].scores() for label in sorted(per_class)}
    return scores


@dataclass
class _Tally:
    n: int = 0
    typed: int = 0
    no_event: int = 0
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, result: RowResult) -> None:
        self.n += 1
        self.no_event += result.event is None
        self.typed += result.event is not None and to_plv_label(result.event) == result.row.label
        found = {}
        for side, gold, predicted in (("actor", result.row.source, result.actors),
                                      ("recipient", result.row.target, result.recipients)):
            words = content_words(gold)
            hits = sum(_matches(a, words) for a in predicted)
            self.counts[f"{side}.predicted"] += len(predicted)
            self.counts[f"{side}.right"] += hits
            self.counts[f"{side}.gold"] += bool(words)
            found[side] = bool(words) and hits > 0
            self.counts[f"{side}.found"] += found[side]
            country = result.countries[0 if side == "actor" else 1]
            if country:
                self.counts[f"{side}.country_gold"] += 1
                self.counts[f"{side}.country_found"] += country in {a.country for a in predicted}
        self.counts["dyad.found"] += found["actor"] and found["recipient"]

    def scores(self) -> dict[str, Any]:
        c = self.counts
        side = {s: {"precision": _ratio(c[f"{s}.right"], c[f"{s}.predicted"]),
                    "recall": _ratio(c[f"{s}.found"], c[f"{s}.gold"]),
                    "predicted": c[f"{s}.predicted"],
                    "country_recall": _ratio(c[f"{s}.country_found"], c[f"{s}.country_gold"]),
                    "with_country": c[f"{s}.country_gold"]} for s in ("actor", "recipient")}
        return {"n": self.n, "type_accuracy": _ratio(self.typed, self.n), "no_event": self.no_event,
                "actor": side["actor"], "recipient": side["recipient"],
                "dyad_recall": _ratio(c["dyad.found"], self.n)}


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def evaluate_dyads(path: str | Path, settings: Settings) -> dict[str, Any]:
    """Run every distinct sentence of a PLV TSV through the pipeline as one report and score its
    primary event against every gold row of that sentence (:func:`score_rows`)."""
    rows = read_dyad_rows(path)
    events = _primary_events(dict.fromkeys(r.sentence for r in rows), settings)
    coded = any(r.source_country or r.target_country for r in rows)
    results = []
    for row in rows:
        event = events.get(row.sentence)
        countries = (row.source_country, row.target_country) if coded else (
            _span_country(row.source), _span_country(row.target))
        results.append(RowResult(row, event.event if event and event.event else None,
                                 list(event.actor) if event else [], list(event.recipient) if event else [],
                                 countries))
    scores = score_rows(results)
    scores["countries_from"] = "the file's codes" if coded else "the gold spans, resolved by the knowledge base"
    scores["event_coder"] = settings.event_coder
    scores["errors"] = [_error(r) for r in results if _wrong(r)]
    return scores


def _wrong(result: RowResult) -> bool:
    gold_a, gold_r = content_words(result.row.source), content_words(result.row.target)
    return not (any(_matches(a, gold_a) for a in result.actors) and any(_matches(a, gold_r) for a in result.recipients))


def _error(result: RowResult) -> dict[str, Any]:
    return {"line": result.row.line, "gold": [result.row.label, result.row.source, result.row.target],
            "event": result.event, "actors": [a.name for a in result.actors],
            "recipients": [a.name for a in result.recipients]}


def _primary_events(sentences: Iterable[str], settings: Settings) -> dict[str, Event | None]:
    """Each sentence as one report: normalised and dated like any ingested text, analysed, merged
    into its story's primary event (None when the report codes no event)."""
    from ..analyze import analyze_many
    from ..ingest import RawRecord, build_article
    from ..link.secondary import merge_story

    now = dt.datetime.now(dt.UTC)
    articles = {}
    for n, sentence in enumerate(sentences):
        try:
            articles[sentence] = build_article(RawRecord(origin=f"row:{n}", text=sentence), settings, now)
        except InputError:
            continue
    by_id = {a.id: a for a in articles.values()}
    primaries: dict[str, Event] = {}
    for analysis in analyze_many(list(by_id.values()), settings, workers=settings.workers):
        article = by_id[analysis.article_id]
        primaries[article.id] = merge_story(f"ev-{article.id}", [article], {article.id: analysis})[0]
    return {s: primaries.get(a.id) for s, a in articles.items()}


def _span_country(span: str) -> str | None:
    """The country a gold span names, as the knowledge base resolves it (a proxy where the file has
    no codes: "Iranian Foreign Minister ..." is IRN)."""
    from ..analyze.actors import resolve_actor_text
    from ..analyze.canonical import canonical
    from ..kb import knowledge_base

    if not span.strip():
        return None
    try:
        return canonical(resolve_actor_text(span), None, knowledge_base()).country
    except ConcordError:
        return None

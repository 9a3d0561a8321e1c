"""Align the claims of an event's reports and label each group shared, elaborated, conflicting or unique.

Similarity is TF-IDF cosine over content terms, names, numbers, dates and event types (weights
from :class:`concord.link.features.OnlineIdf`, so common words count little even in a two-report
event), optionally blended with sentence embeddings. Claims of different reports join greedily,
best pair first, at most one claim per report in a group. A group is ``conflicting`` when its
claims disagree on a figure, a date, a name or negation; ``elaborated`` when one claim adds a
figure, a finer date or a name the other report never gives; else ``shared``. Background
(history the reports repeat) is flagged: claims dated well before the event, and present-tense
statements after the lead.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import ConcordError
from ..link.features import OnlineIdf
from ..model import Analysis, Article, Event
from .claims import ParsedClaim, dates_compatible, name_key, outlet_label, split_claims
from .records import LABELS, ClaimGroup, Comparison, Report
from .semantic import Embedder, cosine_matrix

__all__ = ["compare_event", "label_group"]

#: Term-kind weights on top of IDF (a name's words also count as words); event types count little.
_KIND_WEIGHT = {"n": 1.0, "#": 1.0, "d": 1.0, "e": 0.3}
#: Weight of the event's own participants' names: every report names them, so they align nothing.
PARTICIPANT_WEIGHT = 0.2
#: Two claims align at this blended similarity ...
ALIGN_AT = 0.48
#: ... or when one is mostly contained in the other (weighted coverage) and they share enough.
CONTAIN_AT = 0.7
CONTAIN_MIN_SIM = 0.3
#: ... provided the contained claim has this many terms (short claims are contained too easily).
CONTAIN_MIN_TERMS = 6
#: Two groups join only when their claims are this similar on average (no chaining).
GROUP_MEAN_AT = 0.4
#: A wire copy's claim folds into its original's claim at this similarity.
COPY_AT = 0.5
#: A claim dated this many days before the event is history.
BACKGROUND_DAYS = 120
#: Claims this early in a report are news even when written in the present tense.
LEAD_CLAIMS = 2


@dataclass
class _Vectors:
    weights: list[dict[str, float]]
    norms: list[float]


def compare_event(
    event: Event,
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis | None],
    semantic: Embedder | None = None,
) -> Comparison:
    """Put the reports of one event side by side: claims grouped across reports, labelled and cited.

    ``articles`` are the event's reports (wire copies included: they fold into their original),
    ``analyses`` their stored analyses. Loads the spaCy pipeline on first use.
    """
    if not articles:
        raise ConcordError(f"event {event.id}: no reports to compare")
    by_id = {a.id: a for a in articles}
    originals = [a for a in articles if not (a.duplicate_of and a.duplicate_of in by_id)]
    originals.sort(key=lambda a: (a.date or dt.date.max, a.id))
    copies = [a for a in articles if a not in originals]
    outlets = _unique_labels(originals)
    docs = _parse([*originals, *copies])
    parsed = {a.id: split_claims(a, analyses.get(a.id), docs[a.id], outlets[a.id]) for a in originals}
    event_day = _day(event.date)
    for items in parsed.values():
        _flag_background(items, event_day)
    flat = [p for a in originals for p in parsed[a.id]]
    vectors = _vectorise([p.terms for p in flat], _participants(event))
    sim = _similarity(flat, vectors, semantic)
    for copy in copies:
        _fold_copy(copy, analyses.get(copy.id), docs[copy.id], outlets[copy.duplicate_of or ""], flat, semantic)
    groups = _group(flat, sim)
    whole = {aid: _report_values(items, analyses.get(aid), by_id[aid].text) for aid, items in parsed.items()}
    labelled = [_make_group(i, [flat[k] for k in members], sim, members, whole) for i, members in enumerate(groups)]
    labelled = _order(labelled, {id(p.claim): p for p in flat})
    for i, group in enumerate(labelled, 1):
        group.id = f"g{i}"
    counts = Counter(g.label for g in labelled)
    return Comparison(
        event_id=event.id,
        date=event.date,
        event=event.event,
        reports=[
            Report(a.id, outlets[a.id], a.date.isoformat() if a.date else None, a.title,
                   sorted(c.id for c in copies if c.duplicate_of == a.id))
            for a in originals
        ],
        groups=labelled,
        conflicts=list(event.conflicts),
        counts={label: counts.get(label, 0) for label in LABELS} | {"background": sum(g.background for g in labelled)},
        backend="lexical" if semantic is None else f"lexical+semantic:{semantic.name}",
    )


def _unique_labels(articles: Sequence[Article]) -> dict[str, str]:
    """Outlet labels per article; two reports of one outlet are told apart by their date or id."""
    labels = {a.id: outlet_label(a) for a in articles}
    seen = Counter(labels.values())
    for a in articles:
        if seen[labels[a.id]] > 1:
            labels[a.id] = f"{labels[a.id]} ({a.date.isoformat() if a.date else a.id[:8]})"
    if len(set(labels.values())) < len(labels):
        labels = {aid: f"{label} [{aid[:8]}]" for aid, label in labels.items()}
    return labels


def _parse(articles: Sequence[Article]) -> dict[str, object]:
    """spaCy parses of the articles' texts, in one batched pass."""
    from ..analyze.nlp import load_nlp
    from ..settings import Settings

    nlp = load_nlp(Settings().spacy_models)
    return dict(zip((a.id for a in articles), nlp.pipe(a.text for a in articles)))


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None


def _start_day(value: str) -> dt.date | None:
    """The last day a (year, month or day) date can mean: a year is history only once it is over."""
    try:
        if len(value) == 4:
            return dt.date(int(value), 12, 31)
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _flag_background(items: list[ParsedClaim], event_day: dt.date | None) -> None:
    """Flag history: claims all of whose dates lie well before the event, and present-tense
    statements past the lead that give no date of their own."""
    for item in items:
        days = [_start_day(v) for v, end in item.date_values if end is None]
        dated = [d for d in days if d is not None]
        old = bool(dated) and event_day is not None and all(
            (event_day - d).days > BACKGROUND_DAYS for d in dated
        )
        undated_generic = not item.date_values and item.stative and item.position >= LEAD_CLAIMS
        item.claim.background = old or undated_generic


def _participants(event: Event) -> frozenset[str]:
    """The words of the names of the event's actors and recipients ("rajnath", "singh", ...)."""
    return frozenset(w for a in (*event.actor, *event.recipient) for w in name_key(a.name).split())


def _vectorise(bags: Sequence[Counter[str]], participants: frozenset[str] = frozenset()) -> _Vectors:
    idf = OnlineIdf()
    for bag in bags:
        idf.add(bag)
    weights = []
    for bag in bags:
        weights.append({t: (1.0 + math.log(n)) * idf.idf(t) * _weight(t, participants) for t, n in bag.items()})
    return _Vectors(weights, [math.sqrt(sum(v * v for v in w.values())) or 1.0 for w in weights])


def _weight(term: str, participants: frozenset[str]) -> float:
    kind, sep, word = term.partition(":")
    if not sep:
        kind, word = "", term
    if participants and kind in ("", "n") and set(word.split()) <= participants:
        return PARTICIPANT_WEIGHT
    return _KIND_WEIGHT.get(kind, 1.0)


def _cosine(vectors: _Vectors, i: int, j: int) -> float:
    a, b = vectors.weights[i], vectors.weights[j]
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[t] for t, v in a.items() if t in b) / (vectors.norms[i] * vectors.norms[j])


def _coverage(vectors: _Vectors, i: int, j: int) -> float:
    """Share of claim i's weight that claim j also has."""
    a, b = vectors.weights[i], vectors.weights[j]
    total = sum(a.values())
    return sum(v for t, v in a.items() if t in b) / total if total else 0.0


def _similarity(flat: Sequence[ParsedClaim], vectors: _Vectors, semantic: Embedder | None) -> dict[tuple[int, int], float]:
    """Blended similarity of every pair of claims from different reports (i < j)."""
    dense = cosine_matrix(semantic, [p.claim.text for p in flat]) if semantic is not None else None
    sims: dict[tuple[int, int], float] = {}
    for i, a in enumerate(flat):
        for j in range(i + 1, len(flat)):
            if flat[j].claim.article_id == a.claim.article_id:
                continue
            lexical = _cosine(vectors, i, j)
            contained = max(
                (_coverage(vectors, x, y) for x, y in ((i, j), (j, i)) if len(vectors.weights[x]) >= CONTAIN_MIN_TERMS),
                default=0.0,
            )
            if contained >= CONTAIN_AT and lexical >= CONTAIN_MIN_SIM:
                lexical = max(lexical, ALIGN_AT)
            if dense is not None:
                lexical = 0.5 * lexical + 0.5 * _rescale(float(dense[i][j]))
            sims[(i, j)] = lexical
    return sims


def _rescale(cos: float) -> float:
    """Map embedding cosine (unrelated news sentences sit near 0.2-0.3) onto the lexical scale."""
    return max(0.0, min(1.0, (cos - 0.25) / 0.6))


def _group(flat: Sequence[ParsedClaim], sim: Mapping[tuple[int, int], float]) -> list[list[int]]:
    """Join claims greedily, best pair first, keeping at most one claim per report in a group."""
    owner = list(range(len(flat)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(flat))}
    for (i, j), score in sorted(sim.items(), key=lambda kv: (-kv[1], kv[0])):
        if score < ALIGN_AT:
            break
        gi, gj = owner[i], owner[j]
        if gi == gj:
            continue
        reports_i = {flat[k].claim.article_id for k in members[gi]}
        if reports_i & {flat[k].claim.article_id for k in members[gj]}:
            continue
        cross = [sim.get((min(a, b), max(a, b)), 0.0) for a in members[gi] for b in members[gj]]
        if sum(cross) / len(cross) < GROUP_MEAN_AT:
            continue
        for k in members[gj]:
            owner[k] = gi
        members[gi].extend(members.pop(gj))
    return [sorted(m) for m in members.values()]


def _fold_copy(
    copy: Article, analysis: Analysis | None, doc: object, outlet: str,
    flat: Sequence[ParsedClaim], semantic: Embedder | None,
) -> None:
    """Add a wire copy's claims as extra citations of the original claims they repeat."""
    originals = [p for p in flat if p.claim.article_id == copy.duplicate_of]
    if not originals:
        return
    for item in split_claims(copy, analysis, doc, outlet):  # type: ignore[arg-type]
        vectors = _vectorise([item.terms, *(p.terms for p in originals)])
        scores = [_cosine(vectors, 0, k + 1) for k in range(len(originals))]
        best = max(range(len(scores)), key=scores.__getitem__)
        if scores[best] >= COPY_AT:
            originals[best].claim.citations.extend(item.claim.citations)


@dataclass
class _Values:
    numbers: set[str]
    dates: set[str]
    names: set[str]
    #: The report's whole text as a name key, so a name counts as given even where NER missed it.
    text: str


def _report_values(items: Sequence[ParsedClaim], analysis: Analysis | None, text: str) -> _Values:
    """Everything a report states anywhere (its dateline too): a detail is only new if the other
    report never gives it."""
    return _Values(
        {n for p in items for n in p.claim.numbers},
        {v for p in items for v, _ in p.date_values} | {t.value for t in (analysis.times if analysis else [])},
        {n for p in items for n in p.claim.names},
        f" {name_key(text)} ",
    )


def _make_group(
    index: int, items: list[ParsedClaim], sim: Mapping[tuple[int, int], float],
    members: list[int], whole: Mapping[str, _Values],
) -> ClaimGroup:
    claims = [p.claim for p in items]
    pairs = [sim.get((a, b), 0.0) for x, a in enumerate(members) for b in members[x + 1:]]
    label, reason, lead = label_group(items, whole)
    background = sum(c.background for c in claims) * 2 >= len(claims)
    return ClaimGroup(
        id=f"g{index}",
        label=label,
        claims=claims,
        outlets=[c.outlet for c in claims],
        reason=reason,
        background=background,
        similarity=round(min(pairs), 3) if pairs else 1.0,
        lead_claim=lead,
    )


def label_group(items: Sequence[ParsedClaim], whole: Mapping[str, _Values]) -> tuple[str, str, str]:
    """The label of aligned claims, why, and the id of the most detailed claim.

    Conflicting beats elaborated beats shared; a single claim is unique.
    """
    if len(items) == 1:
        return "unique", f"only in {items[0].claim.outlet}", items[0].claim.id
    conflicts = [r for a in items for b in items if a.claim.id < b.claim.id for r in _disagreements(a, b)]
    added = {p.claim.id: _added(p, [whole[o.claim.article_id] for o in items if o is not p]) for p in items}
    lead = max(items, key=lambda p: (len(added[p.claim.id]), sum(p.terms.values()), -p.position)).claim.id
    if conflicts:
        return "conflicting", "; ".join(dict.fromkeys(conflicts)), lead
    details = [f"{p.claim.outlet} adds {', '.join(added[p.claim.id])}" for p in items if added[p.claim.id]]
    if details:
        return "elaborated", "; ".join(details), lead
    return "shared", f"in {', '.join(p.claim.outlet for p in items)}", lead


def _disagreements(a: ParsedClaim, b: ParsedClaim) -> list[str]:
    """What two aligned claims disagree on: negation, figures, dates, or names."""
    found = []
    if _denies(a, b) or _denies(b, a):
        found.append("one report denies what the other states")
    na, nb = set(a.claim.numbers), set(b.claim.numbers)
    if na - nb and nb - na:
        found.append(f"figures differ: {', '.join(sorted(na - nb))} vs {', '.join(sorted(nb - na))}")
    da = {v for v, _ in a.date_values}
    db = {v for v, _ in b.date_values}
    only_a = {x for x in da if not any(dates_compatible(x, y) for y in db)}
    only_b = {y for y in db if not any(dates_compatible(x, y) for x in da)}
    # Dates of one precision ("2018" vs "2019", one day vs another); "since 2014" vs a day is no clash.
    clash = {(x, y) for x in only_a for y in only_b if len(x) == len(y)}
    if clash:
        xs, ys = sorted({x for x, _ in clash}), sorted({y for _, y in clash})
        found.append(f"dates differ: {', '.join(xs)} vs {', '.join(ys)}")
    return found


def _denies(a: ParsedClaim, b: ParsedClaim) -> bool:
    """``a`` negates a verb that ``b`` affirms (``b`` uses it and negates nothing)."""
    return b.negations == 0 and not b.negated_verbs and any(v in b.terms for v in a.negated_verbs)


def _added(item: ParsedClaim, others: Sequence[_Values]) -> list[str]:
    """Details of a claim that another report of the group never gives: figures, (finer) dates, names.

    A figure or date counts when some other report of the group lacks it everywhere in its text.
    """
    added = [n for n in item.claim.numbers if any(n not in o.numbers for o in others)]
    added += [v for v, _ in item.date_values if any(v not in o.dates for o in others)]
    # Names are noisier than figures: one counts only when no other report gives it at all.
    added += [n for n in item.claim.names if not any(_name_known(n, o) for o in others)]
    return list(dict.fromkeys(added))


def _name_known(name: str, values: _Values) -> bool:
    """A name the other report gives: in its text, or as part of a longer or shorter name."""
    return f" {name} " in values.text or any(name in n or n in name for n in values.names)


def _order(groups: list[ClaimGroup], parsed: Mapping[int, ParsedClaim]) -> list[ClaimGroup]:
    """Reading order: by the mean relative position of a group's claims in their reports."""

    def where(group: ClaimGroup) -> float:
        spots = [parsed[id(c)].position / max(parsed[id(c)].of, 1) for c in group.claims]
        return sum(spots) / len(spots)

    return sorted(groups, key=lambda g: (where(g), g.claims[0].id))

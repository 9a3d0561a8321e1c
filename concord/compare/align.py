"""Align the claims of an event's reports and label each group (see :mod:`.labels`).

Claims come from the stored analyses (:mod:`.claims`; nothing is parsed here), their pairwise
similarity from :mod:`.similarity`. Alignment is one global assignment across reports: pairs join
best first, a group holds at most one claim per report, and two groups join only when their
claims are similar on average (no chaining). Background (history the reports repeat) is flagged:
claims dated well before the event, and present-tense statements after the lead.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from ..errors import ConcordError
from ..model import Analysis, Article, Event
from .claims import ParsedClaim, name_key, outlet_label, plain_key, split_claims
from .labels import ReportValues, contested, label_group
from .records import LABELS, ClaimGroup, Comparison, Report
from .similarity import AlignConfig, similarity_matrix

__all__ = ["AlignConfig", "compare_event"]

#: A claim dated this many days before the event is history.
BACKGROUND_DAYS = 120
#: Claims this early in a report are news even when written in the present tense.
LEAD_CLAIMS = 2
#: A wire copy's claim folds into its original's claim at this similarity.
COPY_AT = 0.5


def compare_event(
    event: Event,
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis | None],
    config: AlignConfig | None = None,
) -> Comparison:
    """Put the reports of one event side by side: claims grouped across reports, labelled and cited.

    ``articles`` are the event's reports (wire copies included: they fold into their original),
    ``analyses`` their stored analyses, whose claims are compared.
    """
    if not articles:
        raise ConcordError(f"event {event.id}: no reports to compare")
    config = config or AlignConfig()
    by_id = {a.id: a for a in articles}
    originals = sorted((a for a in articles if not (a.duplicate_of and a.duplicate_of in by_id)),
                       key=lambda a: (a.date or dt.date.max, a.id))
    copies = [a for a in articles if a not in originals]
    outlets = _unique_labels(originals)
    parsed = {a.id: split_claims(a, analyses.get(a.id), outlets[a.id]) for a in originals}
    event_day = _day(event.date)
    for items in parsed.values():
        _flag_background(items, event_day)
    flat = [p for a in originals for p in parsed[a.id]]
    participants = _participants(event)
    sim = similarity_matrix(flat, participants, config)
    for copy in copies:
        _fold_copy(copy, analyses.get(copy.id), outlets[copy.duplicate_of or ""], flat, participants)
    groups = _attach(_group(flat, sim, config), sim, _report_index(flat), config)
    groups, disputes = _join_contested(flat, sim, groups, config)
    whole = {aid: _report_values(items, analyses.get(aid), by_id[aid]) for aid, items in parsed.items()}
    labelled = [_make_group([flat[k] for k in members], sim, members, whole, config, disputes) for members in groups]
    labelled = _order(labelled, {id(p.claim): p for p in flat})
    for i, group in enumerate(labelled, 1):
        group.id = f"g{i}"
    counts = Counter(g.label for g in labelled)
    semantic = any(p.parts.vector for p in flat)
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
        backend="lexical+semantic" if semantic else "lexical",
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


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None


def _last_day(value: str) -> dt.date | None:
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
        days = [_last_day(v) for v in item.parts.dates if "/" not in v]
        dated = [d for d in days if d is not None]
        old = bool(dated) and event_day is not None and all((event_day - d).days > BACKGROUND_DAYS for d in dated)
        undated_generic = not item.parts.dates and item.parts.stative and item.position >= LEAD_CLAIMS
        item.claim.background = old or undated_generic


def _participants(event: Event) -> frozenset[str]:
    """The words of the names of the event's actors and recipients ("rajnath", "singh", ...)."""
    return frozenset(w for a in (*event.actor, *event.recipient) for w in plain_key(a.name.replace(".", "")).split())


def _group(flat: Sequence[ParsedClaim], sim: np.ndarray, config: AlignConfig) -> list[list[int]]:
    """Join claims of different reports best pair first; two groups join when their claims are
    similar on average, and claims of one report meet in a group only when they repeat each other."""
    reports = _report_index(flat)
    same = reports[:, None] == reports[None, :]
    owner = list(range(len(flat)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(flat))}
    cross = np.where(same, -1.0, sim)
    best = np.full_like(sim, -1.0)  # best[i, j]: claim i's best similarity in claim j's report
    for r in np.unique(reports):
        in_r = reports == r
        best[:, in_r] = cross[:, in_r].max(axis=1, keepdims=True)
    near = (cross >= best - config.best_margin) & (cross >= best.T - config.best_margin)
    cross = np.triu(np.where(near, cross, -1.0), k=1)
    rows, cols = np.nonzero(cross >= config.align_at)
    order = np.lexsort((cols, rows, -cross[rows, cols]))
    for i, j in zip(rows[order].tolist(), cols[order].tolist()):
        gi, gj = owner[i], owner[j]
        if gi == gj:
            continue
        block = np.ix_(members[gi], members[gj])
        both = same[block]
        if both.any() and float(sim[block][both].min()) < config.repeat_at:
            continue
        if float(sim[block][~both].mean()) < config.group_mean_at:
            continue
        for k in members[gj]:
            owner[k] = gi
        members[gi].extend(members.pop(gj))
    return [sorted(m) for m in members.values()]


def _attach(groups: list[list[int]], sim: np.ndarray, reports: np.ndarray, config: AlignConfig) -> list[list[int]]:
    """A claim left alone joins the group of its closest claim of another report when that claim is
    also (nearly) closest to it among its report's claims: that claim summarises several of them."""
    owner = {k: g for g, members in enumerate(groups) for k in members}
    cross = np.where(reports[:, None] == reports[None, :], -1.0, sim)
    out = [list(m) for m in groups]
    for g, members in enumerate(groups):
        if len(members) != 1 or cross.shape[0] < 2:
            continue
        (i,) = members
        j = int(np.argmax(cross[i]))
        if cross[i, j] < config.attach_at or owner[j] == g:
            continue
        if cross[j, i] >= cross[j, reports == reports[i]].max() - config.attach_margin:
            out[owner[j]].append(i)
            out[g] = []
            owner[i] = owner[j]
    return [sorted(m) for m in out if m]


def _join_contested(
    flat: Sequence[ParsedClaim], sim: np.ndarray, groups: list[list[int]], config: AlignConfig,
) -> tuple[list[list[int]], set[frozenset[str]]]:
    """Join the groups of claims of different reports that give disagreeing figures of one measure
    (news or background alike) and are at least loosely similar; returns the groups and those pairs."""
    owner = {k: g for g, members in enumerate(groups) for k in members}
    reports = _report_index(flat)
    figured = [k for k, p in enumerate(flat) if p.parts.quantities]
    disputes: set[frozenset[str]] = set()
    parent = list(range(len(groups)))

    def root(g: int) -> int:
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    for x, i in enumerate(figured):
        for j in figured[x + 1:]:
            a, b = flat[i], flat[j]
            if reports[i] == reports[j] or sim[i, j] < config.contest_at or a.claim.background != b.claim.background:
                continue
            if contested(a, b):
                disputes.add(frozenset((a.claim.id, b.claim.id)))
                parent[root(owner[j])] = root(owner[i])
    joined: dict[int, list[int]] = {}
    for g, members in enumerate(groups):
        joined.setdefault(root(g), []).extend(members)
    return [sorted(m) for m in joined.values()], disputes


def _report_index(flat: Sequence[ParsedClaim]) -> np.ndarray:
    """The report number of every claim."""
    index = {aid: k for k, aid in enumerate(dict.fromkeys(p.claim.article_id for p in flat))}
    return np.array([index[p.claim.article_id] for p in flat], dtype=int)


def _fold_copy(
    copy: Article, analysis: Analysis | None, outlet: str, flat: Sequence[ParsedClaim], participants: frozenset[str],
) -> None:
    """Add a wire copy's claims as extra citations of the original claims they repeat."""
    originals = [p for p in flat if p.claim.article_id == copy.duplicate_of]
    items = split_claims(copy, analysis, outlet)
    if not originals or not items:
        return
    lexical_only = AlignConfig(semantic_weight=0.0, contain_at=2.0)
    sim = similarity_matrix([*items, *originals], participants, lexical_only)[: len(items), len(items):]
    for row, item in enumerate(items):
        best = int(np.argmax(sim[row]))
        if sim[row, best] >= COPY_AT:
            originals[best].claim.citations.extend(item.claim.citations)


def _report_values(items: Sequence[ParsedClaim], analysis: Analysis | None, article: Article) -> ReportValues:
    """Everything a report states anywhere (its dateline too), and its date."""
    return ReportValues(
        {n for p in items for n in p.claim.numbers},
        {v.split("/")[0] for p in items for v in p.parts.dates} | {t.value for t in (analysis.times if analysis else [])},
        {n for p in items for n in p.claim.names},
        f" {name_key(article.text)} ",
        article.date if article.date_method != "ingest" else None,
    )


def _make_group(
    items: list[ParsedClaim], sim: np.ndarray, members: list[int], whole: Mapping[str, ReportValues],
    config: AlignConfig, disputes: set[frozenset[str]],
) -> ClaimGroup:
    claims = [p.claim for p in items]
    pairs = [float(sim[a, b]) for x, (a, p) in enumerate(zip(members, items))
             for b, q in zip(members[x + 1:], items[x + 1:]) if p.claim.article_id != q.claim.article_id]
    close = {frozenset((flat_a.claim.id, flat_b.claim.id)) for x, (a, flat_a) in enumerate(zip(members, items))
             for b, flat_b in zip(members[x + 1:], items[x + 1:])
             if sim[a, b] >= config.conflict_at and flat_a.claim.article_id != flat_b.claim.article_id}
    close |= {pair for pair in disputes if pair <= {c.id for c in claims}}
    twins = {frozenset((flat_a.claim.id, flat_b.claim.id)) for x, (a, flat_a) in enumerate(zip(members, items))
             for b, flat_b in zip(members[x + 1:], items[x + 1:]) if sim[a, b] >= config.date_conflict_at}
    label, reason, lead = label_group(items, whole, close, twins)
    background = sum(c.background for c in claims) * 2 >= len(claims)
    return ClaimGroup(
        id="",
        label=label,
        claims=claims,
        outlets=list(dict.fromkeys(c.outlet for c in claims)),
        reason=reason,
        background=background,
        similarity=round(min(pairs), 3) if pairs else 1.0,
        lead_claim=lead,
    )


def _order(groups: list[ClaimGroup], parsed: Mapping[int, ParsedClaim]) -> list[ClaimGroup]:
    """Reading order: by the mean relative position of a group's claims in their reports."""

    def where(group: ClaimGroup) -> float:
        spots = [parsed[id(c)].position / max(parsed[id(c)].of, 1) for c in group.claims]
        return sum(spots) / len(spots)

    return sorted(groups, key=lambda g: (where(g), g.claims[0].id))

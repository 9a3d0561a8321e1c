"""How alike two claims of different reports are: lexical, containment and sentence-embedding signals blended.

Lexical similarity is the TF-IDF cosine of the claims' term bags (content lemmas, names, figures,
dates, event types; IDF from the event's claims smoothed by general-English frequencies, so common
words count little even in a two-report event). Containment is the share of one claim's weight the
other also has (a short report's claim inside a long one's sentence). The embedding signal is the
cosine of the claims' stored unit vectors, rescaled so that unrelated news sentences sit near 0.
Everything is computed as matrices over the event's claims: comparing costs milliseconds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..encoders import unpack_many
from ..link.features import OnlineIdf
from .claims import ParsedClaim

__all__ = ["AlignConfig", "similarity_matrix"]

#: Term-kind weights on top of IDF (a name's words also count as words); event types count little.
_KIND_WEIGHT = {"n": 1.0, "#": 1.0, "d": 1.0, "e": 0.3}


@dataclass(frozen=True)
class AlignConfig:
    """The knobs of alignment, fitted on the compare dev gold by cross-validation over stories
    (``scripts/fit_compare.py``)."""

    #: Share of the embedding signal in the blend (the rest is lexical).
    semantic_weight: float = 0.6
    #: Embedding cosines are mapped from [floor, floor + span] onto [0, 1].
    embedding_floor: float = 0.2
    embedding_span: float = 0.6
    #: Two claims align at this blended similarity ...
    align_at: float = 0.35
    #: ... and only when each claim is within this margin of its best match in the other report (a
    #: claim whose counterpart is taken does not fall back on a merely related one).
    best_margin: float = 0.2
    #: ... or when one is mostly contained in the other (weighted coverage) and they share enough.
    contain_at: float = 0.7
    contain_min_sim: float = 0.3
    #: ... provided the contained claim has this many terms (short claims are contained too easily).
    contain_min_terms: int = 6
    #: A claim left alone joins the group of its closest claim of another report at this similarity ...
    attach_at: float = 0.35
    #: ... when it is within this margin of that claim's closest in the lone claim's report.
    attach_margin: float = 0.05
    #: Two groups join only when their claims are this similar on average (no chaining).
    group_mean_at: float = 0.25
    #: Two claims of one report may share a group (the report repeats a fact, or a claim summarises
    #: several of another report) when they are this similar to each other.
    repeat_at: float = 0.9
    #: Two claims of a group are held to disagree only when they are this similar themselves.
    conflict_at: float = 0.6
    #: ... and their dates only when they are this similar (reports date many things in one story).
    date_conflict_at: float = 0.8
    #: Claims of different reports whose figures of one measure disagree join one (contested) group
    #: at this similarity, even when they are worded too differently to align.
    contest_at: float = 0.25
    #: Weight of the event's own participants' names: every report names them, so they align nothing.
    participant_weight: float = 0.2


def similarity_matrix(
    items: Sequence[ParsedClaim], participants: frozenset[str], config: AlignConfig,
) -> np.ndarray:
    """Blended similarity of every pair of claims (the diagonal is -1)."""
    n = len(items)
    if n == 0:
        return np.zeros((0, 0))
    weights, present = _weights(items, participants, config)
    norms = np.linalg.norm(weights, axis=1)
    norms[norms == 0] = 1.0
    lexical = (weights @ weights.T) / np.outer(norms, norms)
    totals = weights.sum(axis=1)
    totals[totals == 0] = 1.0
    coverage = (weights @ present.T) / totals[:, None]  # share of i's weight that j also has
    sizes = present.sum(axis=1)
    coverage[sizes < config.contain_min_terms, :] = 0.0
    contained = np.maximum(coverage, coverage.T)
    lexical = np.where((contained >= config.contain_at) & (lexical >= config.contain_min_sim),
                       np.maximum(lexical, config.align_at), lexical)
    vectors = unpack_many([p.parts.vector for p in items])
    if vectors is not None and config.semantic_weight > 0:
        dense = np.clip((vectors @ vectors.T - config.embedding_floor) / config.embedding_span, 0.0, 1.0)
        blended = config.semantic_weight * dense + (1 - config.semantic_weight) * lexical
    else:
        blended = lexical
    np.fill_diagonal(blended, -1.0)
    return blended


def _weights(
    items: Sequence[ParsedClaim], participants: frozenset[str], config: AlignConfig,
) -> tuple[np.ndarray, np.ndarray]:
    """TF-IDF weight and presence matrices (claims x terms)."""
    idf = OnlineIdf()
    for item in items:
        idf.add(item.terms)
    vocabulary = {t: k for k, t in enumerate(sorted({t for p in items for t in p.terms}))}
    factor = {t: idf.idf(t) * _kind_weight(t, participants, config) for t in vocabulary}
    weights = np.zeros((len(items), len(vocabulary)))
    for row, item in enumerate(items):
        for term, count in item.terms.items():
            weights[row, vocabulary[term]] = (1.0 + math.log(count)) * factor[term]
    return weights, (weights > 0).astype(float)


def _kind_weight(term: str, participants: frozenset[str], config: AlignConfig) -> float:
    kind, sep, word = term.partition(":")
    if not sep:
        kind, word = "", term
    if participants and kind in ("", "n") and set(word.split()) <= participants:
        return config.participant_weight
    return _KIND_WEIGHT.get(kind, 1.0)

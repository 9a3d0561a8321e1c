"""Bisecting a grown event whose reports fall into two clearly separate groups.

Greedy incremental clustering can let the first report of an event join a similar event of
the same kind (two quakes, two shootings in one city) while both are small; the rest of the
second event then follows it in. Once the event has grown, its reports show the seam: two
groups whose reports are close within each group and far apart across. This module finds
the best two-way split of a pairwise similarity matrix and measures how clearly it separates;
:meth:`concord.link.cluster.EventClusterer.refine` decides and rebuilds the events.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from ..errors import ConcordError

__all__ = ["bisect", "cosine_matrix", "separation"]


def _within(sim: np.ndarray, rows: np.ndarray) -> float:
    """Mean similarity over the distinct pairs of ``rows`` (0.0 for fewer than two)."""
    n = len(rows)
    if n < 2:
        return 0.0
    block = sim[np.ix_(rows, rows)]
    return float((block.sum() - np.trace(block)) / (n * (n - 1)))


def bisect(sim: np.ndarray, min_group: int = 2, iterations: int = 10) -> tuple[list[int], list[int]] | None:
    """The best bisection of a symmetric similarity matrix (the part holding row 0 first), or None
    when no split leaves ``min_group`` rows per side.

    Seeds with the least similar pair, puts every row with the seed it is closer to, then
    moves each row to the group it has the higher average similarity with (leaving itself
    out) until nothing moves. Ties keep a row where it is and the lower index wins, so the
    result depends on the matrix only.
    """
    if sim.ndim != 2 or sim.shape[0] != sim.shape[1]:
        raise ConcordError(f"bisect needs a square similarity matrix, got shape {sim.shape}")
    if min_group < 1:
        raise ConcordError("bisect: min_group must be at least 1")
    n = sim.shape[0]
    if n < 2 * min_group:
        return None
    i, j = np.unravel_index(int(np.argmin(sim + np.diag(np.full(n, np.inf)))), sim.shape)
    labels = sim[:, j] > sim[:, i]
    labels[i], labels[j] = False, True
    diag = np.diag(sim)
    for _ in range(iterations):
        sizes = np.array([n - labels.sum(), labels.sum()], dtype=float)
        if sizes.min() < 1:
            return None
        to_second = sim[:, labels].sum(axis=1) - np.where(labels, diag, 0.0)
        to_first = sim[:, ~labels].sum(axis=1) - np.where(labels, 0.0, diag)
        avg_first = to_first / np.where(labels, sizes[0], np.maximum(sizes[0] - 1, 1))
        avg_second = to_second / np.where(labels, np.maximum(sizes[1] - 1, 1), sizes[1])
        moved = np.where(avg_second == avg_first, labels, avg_second > avg_first)
        if np.array_equal(moved, labels):
            break
        labels = moved
    first, second = np.flatnonzero(~labels).tolist(), np.flatnonzero(labels).tolist()
    if min(len(first), len(second)) < min_group:
        return None
    return (first, second) if first[0] < second[0] else (second, first)


def separation(sim: np.ndarray, first: list[int], second: list[int]) -> float:
    """How far two groups of rows lie apart: their between-group average link over the weaker
    within-group one (below 1: closer within than across; inf when a group has no inner link)."""
    weaker = min(_within(sim, np.array(first)), _within(sim, np.array(second)))
    between = float(sim[np.ix_(first, second)].mean())
    return between / weaker if weaker > 0 else float("inf")


def cosine_matrix(vectors: list[dict[str, float]]) -> np.ndarray:
    """Pairwise dot products of sparse unit vectors (their cosines) as a dense symmetric matrix."""
    vocab: dict[str, int] = {}
    cols: list[int] = []
    vals: list[float] = []
    starts = [0]
    for vec in vectors:
        for term, weight in vec.items():
            cols.append(vocab.setdefault(term, len(vocab)))
            vals.append(weight)
        starts.append(len(cols))
    rows = sparse.csr_matrix((vals, cols, starts), shape=(len(vectors), max(1, len(vocab))))
    return np.asarray((rows @ rows.T).todense())

"""Near-duplicate detection: MinHash LSH over word shingles marks wire copies and rewrites.

The earliest article of a group of near-copies is the original; every later copy is linked
to it (``duplicate_of``) so that it is kept and cited but not analysed twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from datasketch import MinHash, MinHashLSH

from ..errors import ConcordError
from ..model import Article
from .text import shingles

__all__ = ["DedupConfig", "DuplicateIndex"]

#: datasketch's MinHash hashing scheme, fixed so persisted signatures stay comparable.
_SCHEME = "affine32"


@dataclass(frozen=True)
class DedupConfig:
    """Knobs of the duplicate test.

    ``threshold`` is the estimated Jaccard similarity of the two articles' word 3-gram sets
    above which the later one is a copy (0.7 catches wire copies with a changed headline, a
    few swapped words and an added credit line even when the 128-permutation estimate runs
    low; independent reports of one event stay far below 0.3). The LSH index itself is
    built ``lsh_margin`` below the threshold so that such copies reach the verification.
    """

    threshold: float = 0.7
    lsh_margin: float = 0.15
    num_perm: int = 128
    shingle_size: int = 3
    seed: int = 1

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold < 1.0:
            raise ConcordError(f"dedup threshold must be in (0, 1), got {self.threshold}")
        if not 0.0 <= self.lsh_margin < self.threshold:
            raise ConcordError(f"dedup lsh_margin must be in [0, threshold), got {self.lsh_margin}")
        if self.num_perm < 16 or self.shingle_size < 1:
            raise ConcordError("dedup needs num_perm >= 16 and shingle_size >= 1")


class DuplicateIndex:
    """An incremental MinHash LSH index; :meth:`add` says which earlier article a new one copies."""

    def __init__(self, config: DedupConfig | None = None) -> None:
        self.config = config or DedupConfig()
        self._lsh = MinHashLSH(
            threshold=self.config.threshold - self.config.lsh_margin, num_perm=self.config.num_perm
        )
        self._signatures: dict[str, MinHash] = {}
        self._order: dict[str, int] = {}
        self._duplicate_of: dict[str, str] = {}
        self._permutations = MinHash(
            num_perm=self.config.num_perm, seed=self.config.seed, scheme=_SCHEME
        ).permutations

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._order

    def _blank(self, hashvalues: list[int] | None = None) -> MinHash:
        """An empty (or given) signature sharing the index's hash permutations."""
        return MinHash(
            num_perm=self.config.num_perm,
            seed=self.config.seed,
            hashvalues=hashvalues,
            permutations=self._permutations,
            scheme=_SCHEME,
        )

    def _signature(self, grams: set[str]) -> MinHash:
        sig = self._blank()
        sig.update_batch([g.encode("utf-8") for g in grams])
        return sig

    def add(self, article: Article) -> str | None:
        """Index ``article``; return the id of the earliest indexed near-duplicate, or None.

        Re-adding a known id returns what it returned the first time. LSH candidates are
        verified on the estimated Jaccard similarity of the full signatures.
        """
        if article.id in self._order:
            return self._duplicate_of.get(article.id)
        grams = shingles(article.text, self.config.shingle_size)
        sig = self._signature(grams)
        original = self._best_original(sig) if grams else None
        self._insert(article.id, sig, indexed=bool(grams))
        if original is not None:
            self._duplicate_of[article.id] = original
        return original

    def duplicate_of(self, article_id: str) -> str | None:
        """The original an indexed article copies, or None."""
        return self._duplicate_of.get(article_id)

    def _best_original(self, sig: MinHash) -> str | None:
        """The earliest candidate whose estimated Jaccard similarity reaches the threshold."""
        found = [
            cand
            for cand in self._lsh.query(sig)
            if sig.jaccard(self._signatures[cand]) >= self.config.threshold
        ]
        if not found:
            return None
        first = min(found, key=self._order.__getitem__)
        return self._duplicate_of.get(first, first)

    def _insert(self, article_id: str, sig: MinHash, indexed: bool) -> None:
        self._order[article_id] = len(self._order)
        if indexed:
            self._signatures[article_id] = sig
            self._lsh.insert(article_id, sig)

    def state(self) -> dict[str, Any]:
        """Plain rows for persistence: config and, per article in insertion order, its signature and original."""
        rows = [
            {
                "id": aid,
                "signature": (
                    [int(v) for v in self._signatures[aid].hashvalues]
                    if aid in self._signatures
                    else None
                ),
                "duplicate_of": self._duplicate_of.get(aid),
            }
            for aid in sorted(self._order, key=self._order.__getitem__)
        ]
        cfg = self.config
        return {
            "config": {
                "threshold": cfg.threshold,
                "lsh_margin": cfg.lsh_margin,
                "num_perm": cfg.num_perm,
                "shingle_size": cfg.shingle_size,
                "seed": cfg.seed,
            },
            "articles": rows,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> DuplicateIndex:
        """Rebuild an index from :meth:`state` output."""
        try:
            index = cls(DedupConfig(**state["config"]))
            for row in state["articles"]:
                values = row["signature"]
                sig = index._blank(values)
                index._insert(row["id"], sig, indexed=values is not None)
                if row.get("duplicate_of"):
                    index._duplicate_of[row["id"]] = row["duplicate_of"]
        except (KeyError, TypeError) as exc:
            raise ConcordError(f"bad duplicate-index state: {exc!r}") from exc
        return index

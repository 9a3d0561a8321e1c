"""Near-duplicate detection: MinHash LSH over word shingles marks wire copies and rewrites.

The earliest article of a group of near-copies is the original; every later copy is linked
to it (``duplicate_of``) so that it is kept and cited but not analysed twice. The index lives
in memory (datasketch's LSH) or in a store (:class:`DedupRows`: signatures and LSH band keys
as rows, so a new article reads only the articles sharing one of its bands).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..errors import ConcordError
from ..linkrows import DedupRows
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


#: A candidate original: (article id, insertion order, signature, the original it copies or None).
_Candidate = tuple[str, int, MinHash, "str | None"]


class _MemorySignatures:
    """Signatures in dicts, candidates from datasketch's in-memory LSH."""

    def __init__(self, lsh: MinHashLSH) -> None:
        self._lsh = lsh
        self._signatures: dict[str, MinHash] = {}
        self._order: dict[str, int] = {}
        self._duplicate_of: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._order)

    def lookup(self, article_id: str) -> tuple[str | None] | None:
        return (self._duplicate_of.get(article_id),) if article_id in self._order else None

    def candidates(self, sig: MinHash) -> list[_Candidate]:
        return [(c, self._order[c], self._signatures[c], self._duplicate_of.get(c)) for c in self._lsh.query(sig)]

    def insert(self, article_id: str, sig: MinHash | None, original: str | None) -> None:
        self._order[article_id] = len(self._order)
        if sig is not None:
            self._signatures[article_id] = sig
            self._lsh.insert(article_id, sig)
        if original is not None:
            self._duplicate_of[article_id] = original

    def rows(self) -> list[tuple[str, MinHash | None, str | None]]:
        return [
            (aid, self._signatures.get(aid), self._duplicate_of.get(aid))
            for aid in sorted(self._order, key=self._order.__getitem__)
        ]


class _StoredSignatures:
    """Signatures and LSH band keys in a :class:`DedupRows` backend, read per query."""

    def __init__(self, rows: DedupRows, lsh: MinHashLSH, blank: Any) -> None:
        self._rows, self._ranges, self._blank = rows, lsh.hashranges, blank

    def __len__(self) -> int:
        return self._rows.count()

    def lookup(self, article_id: str) -> tuple[str | None] | None:
        return self._rows.lookup(article_id)

    def _bands(self, sig: MinHash) -> list[tuple[int, bytes]]:
        """The LSH band keys of a signature (any exact encoding of each band gives datasketch's candidates)."""
        values = np.asarray(sig.hashvalues, dtype="<u8")
        return [(band, values[start:end].tobytes()) for band, (start, end) in enumerate(self._ranges)]

    def candidates(self, sig: MinHash) -> list[_Candidate]:
        found = self._rows.signatures(sorted(set(self._rows.band_hits(self._bands(sig)))))
        return [(aid, seq, self._blank(_values(data)), original) for aid, (seq, data, original) in found.items()]

    def insert(self, article_id: str, sig: MinHash | None, original: str | None) -> None:
        data = np.asarray(sig.hashvalues, dtype="<u8").tobytes() if sig is not None else None
        self._rows.insert(article_id, data, self._bands(sig) if sig is not None else [], original)

    def rows(self) -> list[tuple[str, MinHash | None, str | None]]:
        return [
            (aid, self._blank(_values(data)) if data is not None else None, original)
            for aid, data, original in self._rows.all_rows()
        ]


def _values(data: bytes) -> list[int]:
    return [int(v) for v in np.frombuffer(data, dtype="<u8")]


class DuplicateIndex:
    """An incremental MinHash LSH index; :meth:`add` says which earlier article a new one copies.

    In memory by default; :meth:`stored` keeps it in a store instead.
    """

    def __init__(self, config: DedupConfig | None = None, rows: DedupRows | None = None) -> None:
        self.config = config or DedupConfig()
        lsh = MinHashLSH(threshold=self.config.threshold - self.config.lsh_margin, num_perm=self.config.num_perm)
        self._permutations = MinHash(
            num_perm=self.config.num_perm, seed=self.config.seed, scheme=_SCHEME
        ).permutations
        self._index: _MemorySignatures | _StoredSignatures = (
            _MemorySignatures(lsh) if rows is None else _StoredSignatures(rows, lsh, self._blank)
        )

    @classmethod
    def stored(cls, rows: DedupRows, legacy: dict[str, Any] | None = None) -> DuplicateIndex:
        """An index kept in ``rows``; an empty store first takes in ``legacy`` (a :meth:`state`
        saved as one row by earlier versions), so the caller can drop that row."""
        saved = rows.config()
        if saved is None and legacy is not None:
            old = cls.from_state(legacy)
            index = cls(old.config, rows)
            rows.write_config(asdict(old.config))
            for aid, sig, original in old._index.rows():
                index._index.insert(aid, sig, original)
            return index
        if saved is None:
            index = cls(rows=rows)
            rows.write_config(asdict(index.config))
            return index
        return cls(DedupConfig(**saved), rows)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and self._index.lookup(article_id) is not None

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
        known = self._index.lookup(article.id)
        if known is not None:
            return known[0]
        grams = shingles(article.text, self.config.shingle_size)
        sig = self._signature(grams)
        original = self._best_original(sig) if grams else None
        self._index.insert(article.id, sig if grams else None, original)
        return original

    def duplicate_of(self, article_id: str) -> str | None:
        """The original an indexed article copies, or None."""
        known = self._index.lookup(article_id)
        return known[0] if known is not None else None

    def _best_original(self, sig: MinHash) -> str | None:
        """The earliest candidate whose estimated Jaccard similarity reaches the threshold."""
        found = [c for c in self._index.candidates(sig) if sig.jaccard(c[2]) >= self.config.threshold]
        if not found:
            return None
        _, _, _, original = first = min(found, key=lambda c: c[1])
        return original or first[0]

    def state(self) -> dict[str, Any]:
        """Plain rows for persistence: config and, per article in insertion order, its signature and original."""
        rows = [
            {
                "id": aid,
                "signature": [int(v) for v in sig.hashvalues] if sig is not None else None,
                "duplicate_of": original,
            }
            for aid, sig, original in self._index.rows()
        ]
        return {"config": asdict(self.config), "articles": rows}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> DuplicateIndex:
        """Rebuild an in-memory index from :meth:`state` output."""
        try:
            index = cls(DedupConfig(**state["config"]))
            for row in state["articles"]:
                values = row["signature"]
                index._index.insert(row["id"], index._blank(values) if values is not None else None, row.get("duplicate_of") or None)
        except (KeyError, TypeError) as exc:
            raise ConcordError(f"bad duplicate-index state: {exc!r}") from exc
        return index

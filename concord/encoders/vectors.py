"""Compact storage of unit sentence embeddings: int8 per dimension, base64 text (512 characters for 384 dimensions)."""

from __future__ import annotations

import base64
from collections.abc import Sequence

import numpy as np

__all__ = ["SCALE", "pack", "unpack", "unpack_many"]

#: A unit vector's components lie in [-1, 1]; x127 keeps cosines within about 0.01 of the float ones.
SCALE = 127.0


def pack(vector: np.ndarray) -> str:
    """A unit vector as base64 text of its int8 components."""
    quantised = np.clip(np.rint(np.asarray(vector, dtype=np.float32) * SCALE), -127, 127).astype(np.int8)
    return base64.b64encode(quantised.tobytes()).decode("ascii")


def unpack(text: str) -> np.ndarray:
    """The float32 unit vector of :func:`pack` text (empty text: an empty vector)."""
    if not text:
        return np.zeros(0, dtype=np.float32)
    vector = np.frombuffer(base64.b64decode(text), dtype=np.int8).astype(np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def unpack_many(texts: Sequence[str]) -> np.ndarray | None:
    """Rows of unit vectors for ``texts``; None when any is missing or their sizes differ."""
    vectors = [unpack(t) for t in texts]
    if not vectors or any(v.size == 0 or v.size != vectors[0].size for v in vectors):
        return None
    return np.vstack(vectors)

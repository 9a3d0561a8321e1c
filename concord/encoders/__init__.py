"""Sentence encoders shared by the stages: the analysis embeds each claim, comparison reads the vectors.

:mod:`.vectors` packs and unpacks stored embeddings (numpy only); :mod:`.minilm` runs the shipped
all-MiniLM-L6-v2 (int8 ONNX) with onnxruntime, loaded lazily once per process.
"""

from __future__ import annotations

from .vectors import pack, unpack, unpack_many

__all__ = ["pack", "unpack", "unpack_many"]

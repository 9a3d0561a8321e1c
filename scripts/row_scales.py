"""Rewrite a dynamically quantised int8 ONNX encoder so that each text of a batch gets its own activation scale.

onnxruntime's dynamic quantisation (``DynamicQuantizeLinear``) picks one scale and zero point for the
whole input tensor of a run, so a text's output depends on the texts run with it (and on their
padding). This rewrite replaces every such node by a per-row quantisation whose range is taken over
the row's real tokens only (padding masked out by ``attention_mask``): a text then gets the same
int8 activations, and so nearly the same output, whether it runs alone or inside any batch. The
int8 matrix products stay; their zero-point term is subtracted after the product (MatMulInteger
takes one activation zero point per tensor). One-off, at build time: needs ``onnx`` (the ``train``
extra). The export scripts call :func:`rewrite` after quantising; on the shipped files:

    PYTHONPATH=. .venv/bin/python scripts/row_scales.py concord/encoders/models/minilm_l6_v2.int8.onnx \
        concord/analyze/models/plover_minilm.onnx
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np

MASK = "attention_mask"


def rewrite(path: Path, out: Path | None = None) -> int:
    """Rewrite the graph at ``path`` (to ``out``, default in place); returns how many quantisers it replaced."""
    import onnx

    model = onnx.load(str(path))
    graph = model.graph
    if MASK not in {i.name for i in graph.input}:
        raise SystemExit(f"{path}: the graph has no {MASK} input")
    nodes = list(graph.node)
    quantisers = [n for n in nodes if n.op_type == "DynamicQuantizeLinear"]
    if not quantisers:
        raise SystemExit(f"{path}: no DynamicQuantizeLinear node (already rewritten?)")
    inits = {i.name: i for i in graph.initializer}
    added: list[Any] = [*_mask_nodes()]
    replaced = {}
    for node in quantisers:
        replaced[id(node)] = _row_quantiser(node)
    consumers: dict[str, list[Any]] = {}
    for node in nodes:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    for node in nodes:
        if node.op_type == "MatMulInteger":
            added += _drop_activation_zero_point(node, consumers, inits, graph)
    rebuilt = added[:]
    for node in nodes:
        rebuilt += replaced.get(id(node), [node])
    del graph.node[:]
    graph.node.extend(_topological(rebuilt, graph))
    onnx.checker.check_model(model)
    onnx.save(model, str(out or path))
    return len(quantisers)


def _mask_nodes() -> list[Any]:
    """``row_mask`` (batch, tokens, 1) as booleans: where a token is real."""
    from onnx import TensorProto, helper

    return [
        helper.make_node("Cast", [MASK], ["row_mask_bool"], to=TensorProto.BOOL, name="row_mask_cast"),
        helper.make_node("Unsqueeze", ["row_mask_bool", "row_mask_axis"], ["row_mask"], name="row_mask_unsqueeze"),
        _const("row_mask_axis", np.array([2], dtype=np.int64)),
        _const("row_zero", np.array(0.0, dtype=np.float32)),
        _const("row_levels", np.array(255.0, dtype=np.float32)),
        _const("row_tiny", np.array(1e-12, dtype=np.float32)),
        _const("row_flat", np.array([-1], dtype=np.int64)),
    ]


def _const(name: str, value: np.ndarray) -> Any:
    from onnx import helper, numpy_helper

    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(value, name), name=f"{name}_const")


def _row_quantiser(node: Any) -> list[Any]:
    """Nodes computing what ``node`` (DynamicQuantizeLinear) does, one range per batch row over its real tokens.

    Outputs keep their names: the quantised tensor (uint8), the scale as (batch, 1, 1) and the zero
    point as float (batch, 1, 1); the matrix products below are adapted to the last two.
    """
    from onnx import TensorProto, helper

    x = node.input[0]
    q, scale, zero = node.output
    p = f"{node.name}_row"
    make = helper.make_node
    return [
        make("Where", ["row_mask", x, "row_zero"], [f"{p}_masked"], name=f"{p}_where"),
        make("ReduceMax", [f"{p}_masked"], [f"{p}_max0"], axes=[1, 2], keepdims=1, name=f"{p}_rmax"),
        make("ReduceMin", [f"{p}_masked"], [f"{p}_min0"], axes=[1, 2], keepdims=1, name=f"{p}_rmin"),
        make("Max", [f"{p}_max0", "row_zero"], [f"{p}_max"], name=f"{p}_max"),
        make("Min", [f"{p}_min0", "row_zero"], [f"{p}_min"], name=f"{p}_min"),
        make("Sub", [f"{p}_max", f"{p}_min"], [f"{p}_range"], name=f"{p}_range"),
        make("Div", [f"{p}_range", "row_levels"], [f"{p}_scale0"], name=f"{p}_scale0"),
        make("Max", [f"{p}_scale0", "row_tiny"], [scale], name=f"{p}_scale"),
        make("Div", [f"{p}_min", scale], [f"{p}_ratio"], name=f"{p}_ratio"),
        make("Neg", [f"{p}_ratio"], [f"{p}_zero0"], name=f"{p}_neg"),
        make("Clip", [f"{p}_zero0", "row_zero", "row_levels"], [f"{p}_zero1"], name=f"{p}_clip"),
        make("Round", [f"{p}_zero1"], [zero], name=f"{p}_round"),
        make("Reshape", [scale, "row_flat"], [f"{p}_scale_flat"], name=f"{p}_scale_flat"),
        make("Reshape", [zero, "row_flat"], [f"{p}_zero_flat"], name=f"{p}_zero_flat"),
        make("Cast", [f"{p}_zero_flat"], [f"{p}_zero_u8"], to=TensorProto.UINT8, name=f"{p}_zero_u8"),
        make("QuantizeLinear", [x, f"{p}_scale_flat", f"{p}_zero_u8"], [q], axis=0, name=f"{p}_quantize"),
    ]


def _drop_activation_zero_point(node: Any, consumers: dict[str, list[Any]], inits: dict[str, Any], graph: Any) -> list[Any]:
    """Run ``node`` (MatMulInteger) without the activation zero point and subtract ``zero * column sums
    of the centred weights`` from its float product instead (the same integer result)."""
    from onnx import helper, numpy_helper

    x_q, w_q, zero, w_zero = node.input
    weights = numpy_helper.to_array(inits[w_q]).astype(np.int64)
    centre = numpy_helper.to_array(inits[w_zero]).astype(np.int64) if w_zero else np.int64(0)
    sums = (weights - centre).sum(axis=0).astype(np.float32)
    del node.input[2]
    node.input.insert(2, "")
    (cast,) = consumers[node.output[0]]
    (scale_mul,) = consumers[cast.output[0]]
    p = f"{node.name}_row"
    graph.initializer.append(numpy_helper.from_array(sums, f"{p}_colsum"))
    corrected = f"{p}_corrected"
    scale_mul.input[list(scale_mul.input).index(cast.output[0])] = corrected
    return [
        helper.make_node("Mul", [zero, f"{p}_colsum"], [f"{p}_offset"], name=f"{p}_offset"),
        helper.make_node("Sub", [cast.output[0], f"{p}_offset"], [corrected], name=f"{p}_correct"),
    ]


def _topological(nodes: list[Any], graph: Any) -> list[Any]:
    """``nodes`` ordered so every input is made before it is read."""
    ready = {i.name for i in graph.input} | {i.name for i in graph.initializer} | {""}
    pending, ordered = list(nodes), []
    while pending:
        left = []
        for node in pending:
            if all(name in ready for name in node.input):
                ordered.append(node)
                ready.update(node.output)
            else:
                left.append(node)
        if len(left) == len(pending):
            raise SystemExit(f"cannot order the graph: {[n.name for n in left[:3]]} wait on missing inputs")
        pending = left
    return ordered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("graphs", nargs="+", type=Path)
    for path in parser.parse_args().graphs:
        print(f"{path}: {rewrite(path)} activation quantisers now per row")


if __name__ == "__main__":
    main()

"""atheris (libFuzzer) over the ingest property tests: each hypothesis test of
``tests/ingest/test_ingest_properties.py`` is a fuzz target, its strategies decoding the fuzzer's
bytes, its assertions the oracle (only InputErrors escape, idempotent normalisation, datelines
that are spans of the text). concord's own modules are instrumented for coverage guidance.

    python fuzz/fuzz_ingest.py TARGET [libFuzzer options, e.g. -max_total_time=60 CORPUS_DIR]
    python fuzz/fuzz_ingest.py --list

``make fuzz`` runs every target for ``FUZZ_TIME`` seconds.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import atheris

PROPERTIES = Path(__file__).resolve().parents[1] / "tests" / "ingest" / "test_ingest_properties.py"


def load_properties() -> ModuleType:
    """Import the property tests, instrumenting the concord modules they import."""
    spec = importlib.util.spec_from_file_location("ingest_properties", PROPERTIES)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with atheris.instrument_imports(include=["concord"]):
        spec.loader.exec_module(module)
    return module


def targets(module: ModuleType) -> dict[str, object]:
    """The hypothesis tests of ``module`` by name: every one is a fuzz target."""
    return {name: obj for name, obj in vars(module).items()
            if name.startswith("test_") and hasattr(obj, "hypothesis")}


def main(argv: list[str]) -> None:
    """Fuzz the target named in ``argv[1]`` with the libFuzzer options that follow it."""
    found = targets(load_properties())
    if len(argv) < 2 or argv[1] not in found:
        print("targets:\n  " + "\n  ".join(sorted(found)), file=sys.stderr)
        sys.exit(0 if argv[1:2] == ["--list"] else 2)
    test = found[argv[1]]
    atheris.Setup([argv[0], *argv[2:]], test.hypothesis.fuzz_one_input)  # type: ignore[attr-defined]
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)

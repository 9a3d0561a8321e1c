"""A short run of every atheris fuzz target (``make fuzz`` runs them for longer): each must end
cleanly, with no crash file written."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[1] / "fuzz" / "fuzz_ingest.py"
pytestmark = pytest.mark.skipif(importlib.util.find_spec("atheris") is None,
                                reason="atheris is not installed (it is in the dev extra, on Linux)")


def _targets() -> list[str]:
    if importlib.util.find_spec("atheris") is None:
        return []
    listed = subprocess.run([sys.executable, str(FUZZ), "--list"], capture_output=True, text=True, check=True)
    return [line.strip() for line in listed.stderr.splitlines() if line.startswith("  test_")]


@pytest.mark.parametrize("target", _targets())
def test_a_short_fuzz_run_finds_nothing(target: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(FUZZ), target, "-runs=150", "-max_total_time=60", f"-artifact_prefix={tmp_path}/"],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert not list(tmp_path.iterdir()), "the fuzzer wrote a crash file"


def test_there_are_targets() -> None:
    assert len(_targets()) >= 8

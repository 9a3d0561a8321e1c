"""Shared fixtures: where ../shared is, and a fresh store per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONCORD_SHARED", REPO.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder of seeds and dev sets; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED} (set CONCORD_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared: Path) -> list[Path]:
    """The two wire reports of the 6 Feb 2025 Singh-Hegseth call."""
    files = sorted((shared / "seeds").glob("*.txt"))
    if len(files) != 2:
        pytest.skip(f"expected 2 seed reports in {shared / 'seeds'}, found {len(files)}")
    return files

"""Reading the small data files under ``concord/ingest/data`` (comments ``#`` and blank lines skipped)."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources

__all__ = ["data_lines"]


def data_lines(name: str) -> Iterator[tuple[str, int, str]]:
    """``(path, line number, stripped line)`` for each content line of data file ``name``."""
    resource = resources.files("concord.ingest") / "data" / name
    path = str(resource)
    for number, line in enumerate(resource.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            yield path, number, stripped

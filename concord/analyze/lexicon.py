"""Lexicons are data: tab-separated files in ``concord/analyze/lexicon/`` that analysts read and extend.

Format: ``#`` starts a comment line, blank lines are skipped, the first other line is the header
naming the columns. Every row is validated at load; a bad row raises :class:`LexiconError` with
``file:line``. Extra lexicon folders can be layered on top with ``CONCORD_LEXICON_PATH``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from ..errors import LexiconError

__all__ = ["LEXICON_DIR", "Row", "load_table", "read_table"]

LEXICON_DIR = Path(__file__).with_name("lexicon")

Row = dict[str, str]
#: A column check: returns an error message for a bad value, or None.
Check = Callable[[str], str | None]


def read_table(
    path: Path,
    required: tuple[str, ...],
    checks: Mapping[str, Check] | None = None,
) -> list[Row]:
    """Read and validate one TSV lexicon file; each row keeps its ``_line`` for later error messages."""
    checks = checks or {}
    header: list[str] | None = None
    rows: list[Row] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(str(path), 0, f"cannot read: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            missing = [c for c in required if c not in header]
            if missing:
                raise LexiconError(str(path), number, f"header lacks column(s) {', '.join(missing)}")
            continue
        if len(cells) > len(header):
            raise LexiconError(str(path), number, f"{len(cells)} cells but {len(header)} columns")
        row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        for column in required:
            if not row[column]:
                raise LexiconError(str(path), number, f"empty required column {column!r}")
        for column, check in checks.items():
            if row.get(column):
                problem = check(row[column])
                if problem:
                    raise LexiconError(str(path), number, f"column {column!r}: {problem}")
        row["_line"] = f"{path.name}:{number}"
        rows.append(row)
    if header is None:
        raise LexiconError(str(path), 0, "no header line")
    return rows


_CACHE: dict[str, list[Row]] = {}


def load_table(
    name: str, required: tuple[str, ...], checks: Mapping[str, Check] | None = None
) -> list[Row]:
    """Load lexicon ``name`` from the package folder plus any ``CONCORD_LEXICON_PATH`` folders.

    Loaded once per process: callers pass module-level ``required``/``checks`` for a given name.
    """
    if name not in _CACHE:
        if not (LEXICON_DIR / name).is_file():
            raise LexiconError(str(LEXICON_DIR / name), 0, "lexicon file not found")
        rows: list[Row] = []
        for folder in _folders():
            path = folder / name
            if path.is_file():
                rows.extend(read_table(path, required, checks))
        _CACHE[name] = rows
    return _CACHE[name]


def _folders() -> list[Path]:
    extra = [Path(p) for p in os.environ.get("CONCORD_LEXICON_PATH", "").split(os.pathsep) if p]
    return [LEXICON_DIR, *extra]

"""Reading the knowledge base's tab-separated tables, each row checked, errors pointing at file:line.

Format: ``#`` starts a comment line, blank lines are skipped, the first other line may be the
column header (it is skipped when it names the table's columns), every other line is one row.
Missing trailing cells are empty; more cells than columns is an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import TypeVar

from ..errors import LexiconError

__all__ = ["DATA_DIR", "ISO3_RE", "check_iso3", "check_sectors", "one_of", "read_rows", "split_items"]

T = TypeVar("T")

DATA_DIR = Path(__file__).with_name("data")
ISO3_RE = re.compile(r"[A-Z]{3}")


def read_rows(path: Path, columns: tuple[str, ...], parse: Callable[[list[str]], T]) -> Iterator[T]:
    """Each row of ``path`` parsed by ``parse``; a ``ValueError`` it raises becomes a LexiconError at file:line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(str(path), 0, f"cannot read: {exc}") from exc
    first = True
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = list(map(str.strip, line.split("\t")))
        if first and cells[: len(columns)] == list(columns):
            first = False
            continue
        first = False
        if len(cells) > len(columns):
            raise LexiconError(str(path), number, f"{len(cells)} cells but {len(columns)} columns ({', '.join(columns)})")
        try:
            yield parse(cells + [""] * (len(columns) - len(cells)))
        except ValueError as exc:
            raise LexiconError(str(path), number, str(exc)) from None


def split_items(value: str, sep: str = ",") -> tuple[str, ...]:
    """The non-empty, stripped items of a list cell."""
    if not value:
        return ()
    return tuple(item for item in map(str.strip, value.split(sep)) if item)


def check_iso3(value: str, column: str = "country") -> str:
    """``value`` if it is an ISO3 code (three capitals); raises ValueError otherwise."""
    if not ISO3_RE.fullmatch(value):
        raise ValueError(f"{column} {value!r} is not an ISO 3166 alpha-3 code (three capitals)")
    return value


def check_sectors(value: str, known: Collection[str]) -> tuple[str, ...]:
    """The sector codes of a comma-separated cell; raises ValueError on a code not in sectors.tsv."""
    codes = split_items(value)
    unknown = [c for c in codes if c not in known] if codes else []
    if unknown:
        raise ValueError(f"unknown sector code(s) {', '.join(unknown)} (see sectors.tsv)")
    return codes


def one_of(value: str, options: Collection[str], column: str) -> str:
    """``value`` if it is among ``options``; raises ValueError otherwise."""
    if value not in options:
        raise ValueError(f"{column} {value!r} must be one of {', '.join(options)}")
    return value

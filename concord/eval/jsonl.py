"""The JSON Lines files the scorers read: one object a line, a bad line named by its number."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import InputError, MalformedRecordError

__all__ = ["json_objects"]


def json_objects(path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    """The objects of a JSON Lines file with their line numbers (blank lines skipped); a missing file
    raises :class:`InputError`, a line that is not a JSON object :class:`MalformedRecordError`."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot open: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise MalformedRecordError(str(path), "not UTF-8 text") from exc
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MalformedRecordError(str(path), f"invalid JSON: {exc.msg}", number) from exc
        if not isinstance(row, dict):
            raise MalformedRecordError(str(path), "a line must hold a JSON object", number)
        rows.append((number, row))
    return rows

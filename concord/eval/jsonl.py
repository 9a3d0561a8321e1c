"""Reading gold files: JSON Lines, one object a line, errors naming the file and line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, MalformedRecordError

__all__ = ["json_lines"]


def json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for every non-empty line; a bad line raises :class:`MalformedRecordError`."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise InputError(str(path), "no such file") from exc
    except OSError as exc:
        raise InputError(str(path), f"cannot open: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise MalformedRecordError(str(path), "not UTF-8 text") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MalformedRecordError(str(path), f"invalid JSON: {exc.msg}", number) from exc
        if not isinstance(row, dict):
            raise MalformedRecordError(str(path), "a line must hold a JSON object", number)
        yield number, row

"""Write export rows to files: JSON Lines, CSV, TSV and Parquet, each atomically (a temporary
file in the target directory, renamed into place) so a failed export leaves no half file."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from ..errors import ConcordError

__all__ = ["cell", "write_delimited", "write_jsonl", "write_parquet"]

#: Separator of list items inside one CSV/TSV cell.
LIST_SEP = ";"


@contextlib.contextmanager
def _atomic(out: str | Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary file next to ``out`` and move it over ``out`` only when writing succeeded."""
    target = Path(out)
    if not target.parent.is_dir():
        raise ConcordError(f"cannot write {target}: directory {target.parent} does not exist")
    if target.is_dir():
        raise ConcordError(f"cannot write {target}: it is a directory")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        kwargs: dict[str, Any] = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_jsonl(records: Iterable[dict[str, Any]], out: str | Path) -> int:
    """Write one JSON object per line (UTF-8); returns the number of records."""
    count = 0
    with _atomic(out) as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
            count += 1
    return count


def cell(value: Any) -> str:
    """One value as text for a CSV/TSV cell: None empty, lists joined by ``;``, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST_SEP.join(cell(v) for v in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def write_delimited(rows: Iterable[dict[str, Any]], columns: Sequence[str], out: str | Path, delimiter: str) -> int:
    """Write a header and one line per row (``,`` for CSV, tab for TSV); returns the row count."""
    count = 0
    with _atomic(out) as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([cell(row[c]) for c in columns])
            count += 1
    return count


def _pyarrow() -> Any:
    """Import pyarrow lazily: it is optional, and its absence must be a clear error."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError as exc:
        raise ConcordError("the parquet export needs pyarrow: pip install pyarrow") from exc
    return pyarrow


def _arrow_type(pa: Any, kind: str) -> Any:
    types = {
        "string": pa.string(),
        "date": pa.date32(),
        "int": pa.int64(),
        "float": pa.float64(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "list": pa.list_(pa.string()),
    }
    return types[kind]


def write_parquet(rows: Sequence[dict[str, Any]], schema: Sequence[tuple[str, str]], out: str | Path) -> int:
    """Write rows as a Parquet table with typed columns; ``schema`` is (column, kind) pairs with kind
    one of string, date, int, float, timestamp (UTC; naive times are read as UTC), list (of
    strings). Returns the row count."""
    pa = _pyarrow()
    fields = [pa.field(name, _arrow_type(pa, kind)) for name, kind in schema]
    arrays = {name: [row[name] for row in rows] for name, _ in schema}
    table = pa.Table.from_pydict(arrays, schema=pa.schema(fields))
    with _atomic(out, "wb") as handle:
        pa.parquet.write_table(table, handle)
    return len(rows)

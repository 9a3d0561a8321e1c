"""Parquet files to raw records, streamed a row group at a time: each row is read as a JSON Lines
object would be (the usual news column names), a row without a text is quarantined as ``FILE:ROW``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError, MalformedRecordError
from .readers import record_from_mapping
from .record import RawRecord

__all__ = ["PARQUET_MAGIC", "read_parquet"]

#: How a Parquet file begins (and ends).
PARQUET_MAGIC = b"PAR1"
_ROWS = 1024


def read_parquet(path: Path, origin: str) -> Iterator[RawRecord | InputError]:
    """One record per row (rows numbered from 1; values JSON cannot hold, such as timestamps, as
    text); a file pyarrow cannot open or read is an :class:`InputError` after the rows before it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
        batches = table.iter_batches(batch_size=_ROWS)
        row = 0
        for batch in batches:
            for obj in batch.to_pylist():
                row += 1
                obj = json.loads(json.dumps(obj, default=str))  # timestamps, decimals, bytes as text
                try:
                    yield record_from_mapping(obj, origin, row)
                except MalformedRecordError as exc:
                    yield exc
    except (pa.ArrowException, OSError) as exc:
        raise InputError(origin, f"unreadable Parquet file: {exc}") from None

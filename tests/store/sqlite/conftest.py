"""Helpers of the SQLite-only tests: a store file turned back into an older schema version."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest


@pytest.fixture()
def downgrade() -> Callable[..., None]:
    """``downgrade(path, version, *tables)``: drop the tables a later migration made and set the
    file's schema version, as a file written by an older concord."""
    def apply(path: Path, version: int, *tables: str) -> None:
        with closing(sqlite3.connect(path)) as conn:
            for table in tables:
                conn.execute(f"DROP TABLE {table}")
            conn.execute(f"PRAGMA user_version = {version}")
            conn.commit()
    return apply

"""The contract suite's store: every test runs once per backend (``backend`` fixture) on an empty
store: a fresh SQLite file, or the session's PostgreSQL schema emptied."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from concord.store import Store, open_store


@pytest.fixture(scope="session")
def pg_session_url(pg_schemas: Callable[[], str]) -> str:
    """The PostgreSQL schema of this test session."""
    return pg_schemas()


@pytest.fixture()
def store(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty, open store of ``backend``."""
    if backend == "sqlite":
        opened = open_store(tmp_path / "c.db")
    else:
        opened = open_store(request.getfixturevalue("pg_session_url"))
        _empty(opened)
    yield opened
    opened.close()


def _empty(store: Store) -> None:
    """Delete every row of a PostgreSQL store (its schema version stays)."""
    with store.transaction():
        tables = [r[0] for r in store._rows(  # type: ignore[attr-defined]
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            " AND tablename NOT IN ('concord_schema', 'generation')"
        )]
        store._execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")  # type: ignore[attr-defined]
        store._execute("UPDATE generation SET n = 0")  # type: ignore[attr-defined]

"""``open_store``: which backend a ``--db`` value opens, and one-line errors for stores it cannot."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from concord.errors import StoreError
from concord.store import open_store
from concord.store.open import store_location
from concord.store.sqlite import SQLiteStore


def test_paths_and_sqlite_urls_open_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for db, file in (("plain.db", tmp_path / "plain.db"), ("sqlite:///rel.db", tmp_path / "rel.db"),
                     (f"sqlite:///{tmp_path}/abs.db", tmp_path / "abs.db")):
        store = open_store(db)
        assert isinstance(store, SQLiteStore) and file.is_file()
        store.close()


def test_a_postgresql_url_opens_postgresql(pg_schemas: Callable[[], str]) -> None:
    from concord.store.postgres import PostgresStore

    with open_store(pg_schemas()) as store:  # type: ignore[attr-defined]
        assert isinstance(store, PostgresStore) and store.stats()["articles"] == 0


def test_stores_that_cannot_be_opened_are_one_line_errors(pg_schemas: Callable[[], str]) -> None:
    with pytest.raises(StoreError, match="unsupported store 'mysql://u:\\*\\*\\*@db/x'"):
        open_store("mysql://u:secret@db/x")
    with pytest.raises(StoreError, match="cannot connect to the store postgresql://u:\\*\\*\\*@127.0.0.1:1/x"):
        open_store("postgresql://u:secret@127.0.0.1:1/x", timeout=2)
    base = pg_schemas().split("?")[0]
    with pytest.raises(StoreError, match="no schema of its search_path exists"):
        open_store(f"{base}?options=-csearch_path%3Dconcord_no_such_schema")


def test_locations_hide_passwords() -> None:
    assert store_location("postgresql://me:pw@host/db") == "postgresql://me:***@host/db"
    assert store_location("postgresql://host/db") == "postgresql://host/db"

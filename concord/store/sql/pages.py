"""Keyset pages in (date, id) order and lookups by id or unique id prefix, shared by the listings."""

from __future__ import annotations

from collections.abc import Callable

from ...errors import NotFoundError
from .database import Database, Row

__all__ = ["AFTER", "BEFORE", "PagedSQL"]

#: Keyset condition "after (date, id)" with the cursor row's sort key ``{key}`` and id ``?``,
#: written so the database walks the (coalesce(date, ''), id) index.
AFTER = "coalesce(date, '') >= {key} AND (coalesce(date, '') > {key} OR id > ?)"
#: The same, newest first: "before (date, id)".
BEFORE = "coalesce(date, '') <= {key} AND (coalesce(date, '') < {key} OR id < ?)"
#: Above every character: ids starting with a prefix sort in [prefix, prefix + _TOP) bytewise.
_TOP = "\U0010ffff"


class PagedSQL(Database):
    """Pages and id lookups over the tables keyed by ``id`` with a ``date`` (articles, events)."""

    def _one(self, table: str, columns: str, key: str, what: str) -> Row:
        """The row whose id is ``key``, else the only row whose id starts with it (a range of the
        id index; ids compare bytewise on every backend, so the range does not hang on a locale)."""
        rows = self._rows(f"SELECT {columns} FROM {table} WHERE id = ?", (key,))
        if not rows and key:
            rows = self._rows(
                f"SELECT {columns}, id AS prefix_id FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
                (key, key + _TOP),
            )
            rows = [r for r in rows if str(r["prefix_id"]).startswith(key)]
            if len(rows) > 1:
                raise NotFoundError(f"{what} id prefix {key!r} is ambiguous")
        if not rows:
            raise NotFoundError(f"no {what} {key!r}")
        return rows[0]

    def _page(
        self,
        table: str,
        columns: str,
        clauses: list[tuple[str, object]],
        filters: list[tuple[str, str, object]],
        after: str | None,
        limit: int,
        source: str | None = None,
        newest_first: bool = False,
    ) -> list[Row]:
        """One keyset page of ``table`` in (date, id) order (or the reverse): raw ``clauses`` (SQL,
        parameter or None) and ``column op value`` filters whose value is not None; ``source``
        replaces the FROM clause (``table`` joined to what the columns need)."""
        where = [sql for sql, _ in clauses]
        params = [value for _, value in clauses if value is not None]
        for column, op, value in filters:
            if value is not None:
                where.append(f"{column} {op} ?")
                params.append(value)
        order = " DESC" if newest_first else ""

        def fetch(key: str, cursor: str | None) -> list[Row]:
            terms = [*where, (BEFORE if newest_first else AFTER).format(key=key)] if cursor is not None else where
            sql = f"SELECT {columns} FROM {source or table}" + (" WHERE " + " AND ".join(terms) if terms else "")
            keys = (cursor,) * 3 if cursor is not None else ()
            return self._rows(f"{sql} ORDER BY coalesce(date, ''){order}, id{order} LIMIT ?", (*params, *keys, limit))

        return fetch("", None) if after is None else self._after(table, after, fetch)

    def _after(self, table: str, after: str, fetch: Callable[[str, str], list[Row]]) -> list[Row]:
        """A page continuing after the row ``after`` in one statement: ``fetch(key, id)`` runs it
        with ``key`` the SQL of that row's sort key (a subquery on ``id``, the ``?`` it takes).
        An empty page is checked: an unknown or ambiguous id is a NotFoundError, a unique id
        prefix is run again with its full id."""
        key = f"(SELECT coalesce(date, '') FROM {table} WHERE id = ?)"
        rows = fetch(key, after)
        if rows:
            return rows
        full = self._one(table, "id", after, table.removesuffix("s"))["id"]
        return rows if full == after else fetch(key, full)

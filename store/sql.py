"""Backend-specific SQL in one place: inserts that ignore duplicates, driver-level statements."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

T = TypeVar("T")


def insert_ignoring(connection: Connection, table: Table, keys: Sequence[str]) -> Insert:
    """INSERT … ON CONFLICT (keys) DO NOTHING, for either backend."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=list(keys))
    return sqlite.insert(table).on_conflict_do_nothing(index_elements=list(keys))


# Statements of the write path that run once per version or per trade are sent to the driver as
# written: SQLAlchemy's compile and per-row parameter processing cost more than the database did.
# They carry only ints and NUL-free strings, so no column type has anything to convert; the SQL
# they build holds placeholders only, never a value.


def driver_sql(connection: Connection, sql: str) -> str:
    """`sql` written with `?` placeholders, in the driver's own parameter style."""
    return sql if connection.dialect.paramstyle == "qmark" else sql.replace("?", "%s")


def run(connection: Connection, sql: str, params: Sequence[object] = ()) -> None:
    connection.exec_driver_sql(driver_sql(connection, sql), tuple(params))


def fetch(connection: Connection, sql: str, params: Sequence[object] = ()) -> list[Any]:
    """The rows `sql` returns, as tuples."""
    return list(connection.exec_driver_sql(driver_sql(connection, sql), tuple(params)).all())


def run_many(connection: Connection, sql: str, rows: Sequence[Sequence[object]]) -> None:
    if rows:
        connection.exec_driver_sql(driver_sql(connection, sql), [tuple(row) for row in rows])


# Parameters per statement: SQLite allows 32766, PostgreSQL 65535.
MAX_PARAMS = 30_000


def chunks(items: Sequence[T], width: int = 1) -> Iterator[Sequence[T]]:
    """`items` in slices small enough to bind `width` parameters each in one statement."""
    size = MAX_PARAMS // width
    for start in range(0, len(items), size):
        yield items[start : start + size]


def marks(count: int, width: int = 1) -> str:
    """`?, ?, …` for an IN list, or `(?, ?), (?, ?), …` for multi-row VALUES when width > 1."""
    if width == 1:
        return ", ".join("?" * count)
    row = f"({', '.join('?' * width)})"
    return ", ".join([row] * count)

"""Engines for SQLite (WAL, BEGIN IMMEDIATE for writes) and PostgreSQL (psycopg 3), and the
transaction helpers every store module uses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

# Long enough for a cycle's batch write by the other process to finish; short enough to surface
# a stuck writer as an error instead of a silent hang.
BUSY_TIMEOUT_MS = 30_000
_BEGIN_OPTION = "jifen_sqlite_begin"


def make_engine(url: str) -> Engine:
    """An engine for `url`: sqlite:///path or postgresql[+psycopg]://…"""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url)
    if backend == "postgresql":
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True)
    raise ValueError(
        f"database url {parsed.render_as_string(hide_password=True)!r}: unsupported backend "
        f"{backend!r}; use sqlite:///path/to/file.db or postgresql://user@host/db"
    )


def _sqlite_engine(url: str) -> Engine:
    parsed = make_url(url)
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite would emit its own deferred BEGIN lazily; we emit BEGIN ourselves (below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # WAL + NORMAL never corrupts; the last commits may roll back after a power loss.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A deferred transaction that reads then writes fails with "database is locked" without
        # waiting for busy_timeout; writers therefore take the write lock up front.
        connection.exec_driver_sql(connection.get_execution_options().get(_BEGIN_OPTION, "BEGIN"))

    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction: BEGIN IMMEDIATE on SQLite; committed on success, else rolled back."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.execution_options(**{_BEGIN_OPTION: "BEGIN IMMEDIATE"})
        with connection.begin():
            yield connection


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """One read transaction (a consistent snapshot on both backends)."""
    with engine.connect() as connection, connection.begin():
        yield connection

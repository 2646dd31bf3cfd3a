"""Engines for SQLite (WAL, BEGIN IMMEDIATE for writes) and PostgreSQL (psycopg 3), and the
transaction helpers every store module uses. A database that cannot be reached or written comes
out of them as `StoreUnavailable`, whatever the driver said."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url

from store.errors import StoreConfigError, StoreUnavailable

# Long enough for a cycle's batch write by the other process to finish; short enough to surface
# a stuck writer as an error instead of a silent hang.
BUSY_TIMEOUT_MS = 30_000
_BEGIN_OPTION = "jifen_sqlite_begin"
# PostgreSQL: a server that does not answer a connection, or stops acknowledging what was sent
# on one, is an error after these instead of a hang of minutes (libpq's defaults are no limit
# and the kernel's retransmission time). A URL that sets them keeps its own.
PG_CONNECT_TIMEOUT_SECONDS = 5
PG_TCP_USER_TIMEOUT_MS = 10_000
# The driver errors that mean the database cannot be reached or cannot take the write now.
_UNAVAILABLE = (exc.OperationalError, exc.InterfaceError, exc.TimeoutError)


def make_engine(url: str) -> Engine:
    """An engine for `url`: sqlite:///path or postgresql[+psycopg]://…"""
    parsed = parse_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    if backend == "postgresql":
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        defaults = {
            "connect_timeout": PG_CONNECT_TIMEOUT_SECONDS,
            "tcp_user_timeout": PG_TCP_USER_TIMEOUT_MS,
        }
        connect_args = {k: v for k, v in defaults.items() if k not in parsed.query}
        return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    raise StoreConfigError(
        f"{shown_url(parsed)}: unsupported backend {backend!r}; use sqlite:///path/to/file.db "
        "or postgresql://user@host/db"
    )


def parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except exc.ArgumentError:
        raise StoreConfigError(
            "not a database URL; use sqlite:///path/to/file.db or postgresql://user@host/db"
        ) from None


def shown_url(url: str | URL) -> str:
    """The URL as it may appear in a message or a log: as given, with any password masked."""
    parsed = parse_url(url) if isinstance(url, str) else url
    if isinstance(url, str) and parsed.password is None:
        return url
    return parsed.render_as_string(hide_password=True)


def unavailable_reason(error: BaseException) -> str:
    """The driver's message in one short line: "connection refused", "database or disk is
    full", 'database "x" does not exist'."""
    original = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    if not lines:
        return type(original).__name__
    # libpq chains its context: 'connection failed: connection to server at …: Connection refused'
    reason = lines[0].rsplit(": ", 1)[-1].strip()
    if len(reason) > 1 and reason[0].isupper() and reason[1].islower():
        reason = reason[0].lower() + reason[1:]
    return reason


def _sqlite_engine(parsed: URL) -> Engine:
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        folder = Path(database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreUnavailable(f"cannot create {folder}: {error.strerror}") from None
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
    with _translated(), engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.execution_options(**{_BEGIN_OPTION: "BEGIN IMMEDIATE"})
        with connection.begin():
            yield connection


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """One read transaction (a consistent snapshot on both backends)."""
    with _translated(), engine.connect() as connection, connection.begin():
        yield connection


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except _UNAVAILABLE as error:
        raise StoreUnavailable(unavailable_reason(error)) from error

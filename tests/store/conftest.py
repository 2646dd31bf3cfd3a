"""Store fixtures: `store` runs each test on SQLite and, when reachable, on PostgreSQL.

PostgreSQL runs get a fresh database for the session and a fresh schema per test. When the server
at JIFEN_TEST_POSTGRES_URL is down, the postgres cases are deselected and the reason is printed.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from functools import cache

import psycopg
import pytest
from sqlalchemy.engine import make_url

from store.store import Store

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", "postgres"]
_PREFIX = "jifen_test_"


def _admin_url() -> str:
    return os.environ.get("JIFEN_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def _conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@cache
def postgres_down_reason() -> str | None:
    try:
        with psycopg.connect(_conninfo(_admin_url()), connect_timeout=3):
            return None
    except psycopg.Error as error:
        return f"{make_url(_admin_url()).render_as_string()}: {str(error).strip()}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = postgres_down_reason()
    if reason is None:
        return
    postgres = [item for item in items if _uses_postgres(item)]
    if not postgres:
        return
    items[:] = [item for item in items if item not in postgres]
    config.hook.pytest_deselected(items=postgres)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"store: deselected {len(postgres)} PostgreSQL cases, server unreachable ({reason}); "
            "set JIFEN_TEST_POSTGRES_URL to run them",
            yellow=True,
        )


def _uses_postgres(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    return callspec is not None and callspec.params.get("store_url") == "postgres"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    admin = _admin_url()
    name = f"{_PREFIX}{int(time.time())}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_conninfo(admin), autocommit=True) as connection:
        _sweep_abandoned(connection)
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield (
            make_url(admin)
            .set(drivername="postgresql+psycopg", database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        with psycopg.connect(_conninfo(admin), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _sweep_abandoned(connection: psycopg.Connection[tuple[object, ...]]) -> None:
    """Drop test databases left by sessions that were killed more than a day ago."""
    cutoff = time.time() - 24 * 3600
    rows = connection.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE %s", (f"{_PREFIX}%",)
    ).fetchall()
    for (name,) in rows:
        created = str(name).removeprefix(_PREFIX).split("_")[0]
        if created.isdigit() and int(created) < cutoff:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('store') / 'db' / 'jifen.db'}"
    base: str = request.getfixturevalue("postgres_url")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_conninfo(base), autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    return (
        make_url(base)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store(store_url)
    try:
        yield opened
    finally:
        opened.close()

"""The schema comes from migrations, matches the models, and opening is safe to repeat or race."""

from __future__ import annotations

import importlib
import multiprocessing
import pkgutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

import store as store_package
from store.db import make_engine
from store.migrate import alembic_config
from store.store import Store
from store.tables import metadata


def _head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_models_and_migrations_agree(store: Store) -> None:
    # every module of the package that declares tables registers them on the shared metadata
    for module in pkgutil.iter_modules(store_package.__path__):
        importlib.import_module(f"store.{module.name}")
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_opening_twice_leaves_one_schema_version(store_url: str) -> None:
    Store(store_url).close()
    again = Store(store_url)
    with again.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [
            (_head(),)
        ]
    again.close()


def _open(url: str) -> None:
    Store(url).close()


def test_two_processes_opening_a_new_database_at_once_both_succeed(store_url: str) -> None:
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=_open, args=(store_url,)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    engine = make_engine(store_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    engine.dispose()


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'dir' / 'jifen.db'}"
    store = Store(url)
    with store.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 30_000
        assert pragma("synchronous") == 1  # NORMAL
    store.close()
    assert (tmp_path / "nested" / "dir" / "jifen.db").exists()


def test_postgresql_urls_use_psycopg_3() -> None:
    engine = make_engine("postgresql://user@127.0.0.1:1/none")
    assert engine.dialect.driver == "psycopg"
    engine.dispose()


def test_unsupported_backend_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="sqlite:///"):
        make_engine("mysql://user@host/db")

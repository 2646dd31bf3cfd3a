"""Reliability rows 24–26: concurrent writers, kill -9 mid-transaction, disk full."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

import store.versioning as versioning_module
from scraper.records import Outcome
from store.records import CheckRecord
from store.store import Store, StoreUnavailable
from store.tables import ATTEMPT, BLOB, EVENT, SNAPSHOT, VERSION
from tests.store.builders import at, document, fetch, new_version_check, source, trade

FORK = multiprocessing.get_context("fork")


def _hammer(url: str, source_id: str, rounds: int, errors: Any) -> None:
    """Each round reads the state, then writes in a transaction that reads before it writes."""
    store = Store(url)
    base = None
    try:
        for n in range(rounds):
            store.states([source_id])
            doc = document(source_id, (trade(f"工种{n}"),))
            base = store.record_check(
                new_version_check(doc, base=base, started_at=at(n))
            ).version_id
            store.record_check(CheckRecord(fetch=fetch(source_id, outcome=Outcome.NOT_MODIFIED)))
    except OperationalError as error:
        errors.put(str(error))
        raise
    finally:
        store.close()


def test_two_writer_processes_never_see_database_is_locked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'jifen.db'}"
    Store(url).upsert_sources([source("a"), source("b")])
    errors = FORK.Queue()
    writers = [FORK.Process(target=_hammer, args=(url, s, 60, errors)) for s in ("a", "b")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(120)
    assert errors.empty()
    assert [w.exitcode for w in writers] == [0, 0]
    store = Store(url)
    assert [store.health(s).checks for s in ("a", "b")] == [120, 120]
    assert len(store.versions("a")) == len(store.versions("b")) == 60
    store.close()


def test_a_deferred_read_then_write_transaction_fails_where_ours_waits(tmp_path: Path) -> None:
    """Why writes BEGIN IMMEDIATE: a stale read snapshot cannot be upgraded to a write lock,
    and SQLite then fails at once instead of waiting for busy_timeout."""
    url = f"sqlite:///{tmp_path / 'jifen.db'}"
    store = Store(url)
    store.upsert_sources([source("a")])
    reader = sqlite3.connect(tmp_path / "jifen.db", timeout=5, isolation_level=None)
    reader.execute("BEGIN")  # deferred, as pysqlite would start it
    reader.execute("SELECT count(*) FROM fetch_attempt").fetchall()
    store.record_check(CheckRecord(fetch=fetch("a")))  # another writer commits meanwhile
    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        reader.execute(
            "INSERT INTO lease (name, holder, expires_at) VALUES ('x', 'y', '2026-01-01 00:00:00')"
        )
    reader.execute("ROLLBACK")
    reader.close()
    assert store.acquire_lease("x", "y", 60, at(0))  # our write transactions are unaffected
    store.close()


def _write_forever(url: str, started: Any) -> None:
    store = Store(url)
    real = versioning_module.add_event

    def slow_event(*args: Any, **kwargs: Any) -> int:
        time.sleep(random.uniform(0, 0.004))  # widen the window inside the transaction
        return real(*args, **kwargs)

    versioning_module.add_event = slow_event  # type: ignore[assignment]
    base = store.latest_version("a")
    base_id = base.id if base else None
    for n in range(10_000):
        doc = document("a", (trade(f"工种{os.getpid()}-{n}"),))
        base_id = store.record_check(new_version_check(doc, base=base_id)).version_id
        started.set()


def _count(connection: Any, table: Any) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar())


@pytest.mark.slow
def test_kill_9_mid_transaction_leaves_a_consistent_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'jifen.db'}"
    Store(url).upsert_sources([source("a")])
    for _ in range(20):
        started = FORK.Event()
        writer = FORK.Process(target=_write_forever, args=(url, started))
        writer.start()
        assert started.wait(30)
        time.sleep(random.uniform(0, 0.05))
        os.kill(writer.pid or 0, signal.SIGKILL)
        writer.join()
    raw = sqlite3.connect(tmp_path / "jifen.db")
    assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    raw.close()
    store = Store(url)
    with store.engine.connect() as connection:
        versions = _count(connection, VERSION)
        assert versions >= 20
        assert _count(connection, EVENT) == versions  # every version came with its event
        orphans = connection.execute(
            select(func.count())
            .select_from(EVENT.outerjoin(VERSION, VERSION.c.id == EVENT.c.to_version_id))
            .where(VERSION.c.id.is_(None))
        ).scalar()
        assert orphans == 0
        assert _count(connection, ATTEMPT) == versions
    store.close()


def test_disk_full_during_a_check_rolls_everything_back(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.upsert_sources([source("a")])

    def disk_full(*_args: Any, **_kwargs: Any) -> int:
        raise OperationalError(
            "INSERT INTO change_event", {}, Exception("database or disk is full")
        )

    monkeypatch.setattr(versioning_module, "add_event", disk_full)
    check = new_version_check(document("a"), base=None)
    with pytest.raises(StoreUnavailable, match="database or disk is full"):
        store.record_checks([CheckRecord(fetch=fetch("a", started_at=at(0))), check])
    with store.engine.connect() as connection:
        assert [_count(connection, t) for t in (ATTEMPT, BLOB, SNAPSHOT, VERSION, EVENT)] == [
            0,
            0,
            0,
            0,
            0,
        ]
    monkeypatch.undo()
    outcome = store.record_check(check)  # the next tick succeeds
    assert outcome.version_id is not None and outcome.event_id is not None

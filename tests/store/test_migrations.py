"""The schema comes from migrations, matches the models, and opening is safe to repeat or race."""

from __future__ import annotations

import importlib
import json
import multiprocessing
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import column, inspect, table, text

import store as store_package
from scraper.records import ParsedDocument
from store.codec import to_plain
from store.db import make_engine, write_transaction
from store.errors import StoreConfigError
from store.migrate import alembic_config, head_revision, is_at_head
from store.records import TradeEventKind
from store.store import Store
from store.tables import BLOB, SOURCE, TRADE, TRADE_NAME, VERSION, metadata
from tests.store.builders import (
    T0,
    at,
    content_hash,
    document,
    new_version_check,
    source,
    trade,
)

SRC = "skill-catalogue"


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
    with pytest.raises(StoreConfigError, match=r"unsupported backend 'mysql'.*sqlite:///"):
        make_engine("mysql://user@host/db")
    with pytest.raises(StoreConfigError, match="not a database URL"):
        make_engine("not a url")


def _old_layout_document(doc: ParsedDocument) -> str:
    """A document as the store wrote it before 0005 (pure-Python codec)."""
    return json.dumps(to_plain(doc), ensure_ascii=False, separators=(",", ":"))


def test_version_trade_rows_move_into_their_version_and_entities_carry_on(
    store_url: str,
) -> None:
    v1_doc = document(trades=(trade("电工", "维修电工"), trade("焊工")))
    engine = make_engine(store_url)
    with write_transaction(engine) as connection:
        command.upgrade(alembic_config(connection), "0004_change_event_observed")
        connection.execute(
            SOURCE.insert().values(id=SRC, name="目录", url="https://x", kind="catalogue")
        )
        connection.execute(BLOB.insert().values(sha256="a" * 64, size_bytes=1, data=b"x"))
        v1 = connection.execute(
            VERSION.insert()
            .returning(VERSION.c.id)
            .values(
                source_id=SRC,
                seq=1,
                snapshot_sha256="a" * 64,
                content_hash=content_hash(v1_doc),
                status="published",
                parser="catalogue_table",
                parser_version=1,
                observed_at=T0,
                last_seen_at=T0,
                in_force_on=T0.date(),
                url=v1_doc.url,
                is_technical=False,
                row_count=2,
                text_length=len(v1_doc.main_text),
                document=_old_layout_document(v1_doc),
            )
        ).scalar_one()
        electrician, welder = (
            connection.execute(
                TRADE.insert()
                .returning(TRADE.c.id)
                .values(source_id=SRC, current_name=name, first_version_id=v1, last_version_id=v1)
            ).scalar_one()
            for name in ("电工", "焊工")
        )
        for trade_id, name in ((electrician, "电工"), (electrician, "维修电工"), (welder, "焊工")):
            connection.execute(
                TRADE_NAME.insert().values(
                    trade_id=trade_id, name=name, first_version_id=v1, last_version_id=v1
                )
            )
        old_rows = table(
            "version_trade",
            column("version_id"),
            column("position"),
            column("trade_id"),
            column("name"),
            column("aliases"),
            column("code"),
        )
        connection.execute(
            old_rows.insert(),
            [
                {
                    "version_id": v1,
                    "position": 0,
                    "trade_id": electrician,
                    "name": "电工",
                    "aliases": '["维修电工"]',
                    "code": None,
                },
                {
                    "version_id": v1,
                    "position": 1,
                    "trade_id": welder,
                    "name": "焊工",
                    "aliases": "[]",
                    "code": None,
                },
            ],
        )
    engine.dispose()

    store = Store(store_url)  # migrates to head
    assert "version_trade" not in inspect(store.engine).get_table_names()
    stored = store.version(v1)
    assert stored is not None and stored.document == v1_doc  # the old-format row reads as before
    assert store.documents([v1, v1 + 99]) == {v1: v1_doc}
    # The moved list drives entity matching: the alias keeps 电工's id, 焊工 disappears.
    v2_doc = document(trades=(trade("维修电工"), trade("钳工")))
    v2 = store.record_check(new_version_check(v2_doc, base=v1, started_at=at(1))).version_id
    history = store.trade_history(electrician)
    assert history is not None
    assert [(e.kind, e.version_id, e.name) for e in history.events] == [
        (TradeEventKind.APPEARED, v1, "电工"),
        (TradeEventKind.RENAMED, v2, "维修电工"),
    ]
    gone = store.trade_history(welder)
    assert gone is not None
    assert [(e.kind, e.version_id) for e in gone.events] == [
        (TradeEventKind.APPEARED, v1),
        (TradeEventKind.DISAPPEARED, v2),
    ]
    assert [(m.trade_id, m.is_listed) for m in store.search_trades("焊工")] == [(welder, False)]
    store.close()


def test_event_ids_survive_the_upgrade_and_are_never_handed_out_again(store_url: str) -> None:
    store = Store(store_url)
    store.upsert_sources([source()])
    base = None
    for step in range(3):
        doc = document(trades=(trade("电工"), trade(f"焊工{step}")))
        outcome = store.record_check(new_version_check(doc, base=base, started_at=at(step)))
        base = outcome.version_id
    ids = sorted(e.id for e in store.changes(limit=10))
    assert len(ids) == 3
    # Back to before 0007 and up again: the table is rebuilt, the ids stay.
    with write_transaction(store.engine) as connection:
        command.downgrade(alembic_config(connection), "0006_drop_trade_name_index")
    with write_transaction(store.engine) as connection:
        command.upgrade(alembic_config(connection), "head")
    assert sorted(e.id for e in store.changes(limit=10)) == ids

    with write_transaction(store.engine) as connection:  # the newest change goes away
        connection.execute(text("DELETE FROM change_event WHERE id = :id"), {"id": ids[-1]})
    doc = document(trades=(trade("电工"), trade("焊工9")))
    store.record_check(new_version_check(doc, base=base, started_at=at(9)))
    assert max(e.id for e in store.changes(limit=10)) > ids[-1]
    store.close()


def test_the_head_read_from_the_scripts_is_alembics_head() -> None:
    assert head_revision() == _head()


def test_a_database_at_head_opens_without_loading_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'jifen.db'}"
    Store(url).close()  # the first open migrates
    program = (
        "import sys\n"
        "from store.store import Store\n"
        f"Store({url!r}).close()\n"
        "print('alembic' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )

    assert out.stdout.split() == ["False"]


def test_a_database_behind_head_is_migrated(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'jifen.db'}")
    with write_transaction(store.engine) as connection:
        command.downgrade(alembic_config(connection), "0008_lease_term")
    assert not is_at_head(store.engine)

    store.migrate()

    assert is_at_head(store.engine)
    store.close()

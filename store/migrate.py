"""Brings a database to the newest schema with alembic, safely when several processes open it."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, text

from store.db import write_transaction

MIGRATIONS = Path(__file__).parent / "migrations"
# Any constant works; it only has to be the same in every process that migrates this database.
_PG_LOCK_KEY = 0x6A6966656E  # "jifen"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade_head(engine: Engine) -> None:
    """Run `upgrade head` in one transaction that holds the database's migration lock.

    SQLite: BEGIN IMMEDIATE takes the single write lock, so a racing process waits and then finds
    the schema current. PostgreSQL: a transaction-scoped advisory lock does the same.
    """
    with write_transaction(engine) as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        command.upgrade(alembic_config(connection), "head")

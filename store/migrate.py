"""Brings a database to the newest schema with alembic, safely when several processes open it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from store.db import write_transaction

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# Any constant works; it only has to be the same in every process that migrates this database.
_PG_LOCK_KEY = 0x6A6966656E  # "jifen"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade_head(engine: Engine) -> None:
    """Run `upgrade head` in one transaction that holds the database's migration lock.

    SQLite: BEGIN IMMEDIATE takes the single write lock, so a racing process waits and then finds
    the schema current. PostgreSQL: a transaction-scoped advisory lock does the same.
    """
    if is_at_head(engine):
        return
    from alembic import command

    with write_transaction(engine) as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        command.upgrade(alembic_config(connection), "head")


_REVISION = re.compile(r"^(down_)?revision\b[^=]*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)


def head_revision() -> str | None:
    """The newest migration, read from the scripts' own `revision` / `down_revision` lines
    without loading alembic; None unless there is exactly one."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        for is_down, name in _REVISION.findall(script.read_text(encoding="utf-8")):
            (parents if is_down else revisions).add(name)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def is_at_head(engine: Engine) -> bool:
    """Whether the database is at the newest schema already: the common case of every command
    but the first, which then never imports alembic (0.1-0.2 s of each start, ~10 MB)."""
    head = head_revision()
    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except SQLAlchemyError:  # no such table (a new database), or none to reach: alembic says
        return False
    return head is not None and [row[0] for row in found] == [head]

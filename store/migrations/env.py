"""Alembic environment: runs on the connection `store.migrate` hands over, inside its lock."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from store.tables import metadata

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError(
        "store migrations run through store.migrate.upgrade_head(engine), not the alembic CLI"
    )
context.configure(connection=connection, target_metadata=metadata, compare_type=True)
with context.begin_transaction():
    context.run_migrations()

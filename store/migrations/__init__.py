"""Alembic migration scripts of the store, run programmatically by `store.migrate`."""

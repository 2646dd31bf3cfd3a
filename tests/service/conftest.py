"""Service tests reuse the store's database fixtures: `store_url` on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.store.conftest import postgres_url, store, store_url

__all__ = ["postgres_url", "store", "store_url"]

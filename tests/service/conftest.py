"""Service tests reuse the store's database fixtures (`store_url` on SQLite and PostgreSQL), and
most API and page tests ask the same small world (tests/service/test_api_world.py) through a
client; a module that needs another world defines its own `world`, and `client` follows it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.service.test_api_world import World, build_world
from tests.store.conftest import postgres_url, store, store_url

__all__ = ["client", "postgres_url", "store", "store_url", "world"]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    built = build_world(tmp_path)
    yield built
    built.store.close()


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(world.app, raise_server_exceptions=False) as c:
        yield c

"""Database trouble is visible: while PostgreSQL is cut off (a proxy the test cuts) or SQLite
cannot be opened, every route answers 503 with Retry-After in its own format, and answers again
by itself once the database is back; a check whose write fails (disk full, read-only) counts in
the source's health, in /healthz and in /metrics."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from scraper.fetch import FetchLimits, make_client
from scraper.records import Source, SourceKind
from service.pipeline.cycle import Pipeline, check_sources
from service.pipeline.record import Recorder
from service.pipeline.writes import WriteHealth
from store.errors import StoreUnavailable
from store.store import Store
from tests.fakesite import FakeSite
from tests.outbound import FAKE_SITES
from tests.service.official import SEED_TRADES, catalogue_page
from tests.service.test_api_world import World, build_world
from tests.tcpproxy import TcpProxy

# Every kind of GET route, and the format its errors come in.
ROUTES = [
    ("/", "html"),
    ("/sources", "html"),
    ("/catalogues/skill", "html"),
    ("/changes/{change}", "html"),
    ("/v1/sources", "json"),
    ("/v1/sources/skill", "json"),
    ("/v1/changes", "json"),
    ("/v1/changes/{change}", "json"),
    ("/v1/catalogues/skill", "json"),
    ("/v1/trades?q=%E7%84%8A", "json"),
    ("/v1/rules", "json"),
    ("/v1/rules.csv", "json"),
    ("/v1/snapshots/{evidence}/raw", "json"),
    ("/feeds/changes.atom", "text"),
    ("/feeds/skill.atom", "text"),
    ("/feeds/changes.rss", "text"),
    ("/metrics", "text"),
    ("/healthz", "health"),
]
LIMITS = replace(
    FetchLimits(),
    outbound=FAKE_SITES,
    per_host_delay_seconds=0.0,
    backoff_base_seconds=0.01,
    retries=0,
)


def _paths(world: World) -> list[tuple[str, str]]:
    return [
        (path.format(change=world.change_id, evidence=world.evidence_sha), shape)
        for path, shape in ROUTES
    ]


def _assert_unavailable(client: TestClient, path: str, shape: str) -> None:
    started = time.monotonic()
    response = client.get(path)
    assert time.monotonic() - started < 10, f"{path} hung"
    assert response.status_code == 503, path
    assert response.headers["retry-after"] == "30", path
    content_type = response.headers["content-type"]
    message = "数据库不可用，请稍后重试 / database unavailable, retry later"
    if shape == "json":
        error = {"code": "database_unavailable", "message": message, "fields": []}
        assert response.json()["error"] == error
    elif shape == "html":
        assert content_type.startswith("text/html") and message in response.text
    elif shape == "text":
        assert content_type.startswith("text/plain") and message in response.text
    else:
        health = response.json()
        assert (health["status"], health["database"]) == ("unhealthy", "unavailable")
    assert "Traceback" not in response.text
    head = client.head(path)
    assert (head.status_code, head.content) == (503, b"")


def _assert_all_answer(client: TestClient, world: World) -> None:
    for path, _ in _paths(world):
        assert client.get(path).status_code == 200, path


@pytest.fixture
def cut_postgres(store_url: str, tmp_path: Path) -> Iterator[tuple[World, TcpProxy]]:
    parsed = make_url(store_url)
    proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
    through = parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(False)
    world = build_world(tmp_path, store_url=store_url, served_url=through)
    try:
        yield world, proxy
    finally:
        world.store.close()
        proxy.close()


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_every_route_answers_503_while_postgres_is_cut_and_recovers(
    cut_postgres: tuple[World, TcpProxy],
) -> None:
    world, proxy = cut_postgres
    with TestClient(world.app, raise_server_exceptions=False) as client:
        _assert_all_answer(client, world)
        proxy.cut()
        for path, shape in _paths(world):
            _assert_unavailable(client, path, shape)
        proxy.restore()
        _assert_all_answer(client, world)  # no restart: the pool reconnects by itself


def _failing(store: Store, message: str, *, writes_only: bool) -> Any:
    """Make the database answer `message` to every statement, or to every write."""

    def fail(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        is_write = statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        if is_write or not writes_only:
            raise OperationalError(statement, params, sqlite3.OperationalError(message))

    event.listen(store.engine, "before_cursor_execute", fail)
    return fail


def test_every_route_answers_503_while_sqlite_cannot_be_opened(tmp_path: Path) -> None:
    world = build_world(tmp_path)
    with TestClient(world.app, raise_server_exceptions=False) as client:
        fail = _failing(world.store, "unable to open database file", writes_only=False)
        for path, shape in _paths(world):
            _assert_unavailable(client, path, shape)
        event.remove(world.store.engine, "before_cursor_execute", fail)
        _assert_all_answer(client, world)
    world.store.close()


@pytest.mark.parametrize(
    "message", ["database or disk is full", "attempt to write a readonly database"]
)
def test_a_failed_write_counts_in_health_healthz_and_metrics(
    fake_site: FakeSite, tmp_path: Path, message: str
) -> None:
    writes = WriteHealth()
    world = build_world(tmp_path, writes=writes)
    fake_site.publish("/skill.html", catalogue_page(SEED_TRADES))
    skill = Source("skill", fake_site.url("/skill.html"), SourceKind.CATALOGUE)

    def check() -> None:
        async def run() -> None:
            async with make_client(LIMITS) as client:
                pipeline = Pipeline(Recorder(world.store, writes=writes), client, LIMITS)
                await check_sources(pipeline, [skill])

        asyncio.run(run())

    with TestClient(world.app, raise_server_exceptions=False) as client:
        assert client.get("/healthz").status_code == 200
        fail = _failing(world.store, message, writes_only=True)
        with pytest.raises(StoreUnavailable, match=message):
            check()
        with pytest.raises(StoreUnavailable):
            check()
        health = client.get("/healthz")
        assert health.status_code == 503 and health.headers["retry-after"] == "30"
        body = health.json()
        assert body["database"] == "ok" and body["last_write_failed_at"] is not None
        assert body["problems"] == [f"the latest write of a check failed: {message}"]
        shown = client.get("/v1/sources/skill").json()
        assert (shown["status"], shown["write_failures"]) == ("failing", 2)
        assert shown["error_streak"] >= 2
        assert 'jifen_failed_writes{source_id="skill"} 2.0' in client.get("/metrics").text
        assert client.get("/v1/changes").status_code == 200  # reads still work

        event.remove(world.store.engine, "before_cursor_execute", fail)
        check()  # the next tick writes again
        assert client.get("/healthz").status_code == 200
        shown = client.get("/v1/sources/skill").json()
        assert (shown["status"], shown["write_failures"]) == ("ok", 0)
        assert 'jifen_failed_writes{source_id="skill"} 2.0' in client.get("/metrics").text
    world.store.close()

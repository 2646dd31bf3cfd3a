"""Hostile and malformed input gets a 4xx JSON error, never a 500 or a traceback (rows 35, 36)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.http.api.schemas import ErrorPublic
from tests.service.test_api_world import World, build_world

CHINESE = re.compile(r"^[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    built = build_world(tmp_path_factory.mktemp("errors"))
    yield built
    built.store.close()


@pytest.fixture(scope="module")
def client(world: World) -> Iterator[TestClient]:
    with TestClient(world.app, raise_server_exceptions=False) as c:
        yield c


HOSTILE = [
    ("/v1/changes?limit=-1", 422),
    ("/v1/changes?limit=0", 422),
    (f"/v1/changes?limit={10**30}", 422),
    ("/v1/changes?limit=abc", 422),
    ("/v1/changes?since=2026-13-45", 422),
    ("/v1/changes?since=yesterday", 422),
    ("/v1/changes?kind=bogus", 422),
    ("/v1/changes?cursor=not-ours", 422),
    ("/v1/changes?cursor=%00", 422),
    ("/v1/changes?cursor=YmVmb3JlOi0x", 422),  # "before:-1", well-formed but out of range
    ("/v1/changes?source=nope", 404),
    ("/v1/changes?source=%27%20OR%201%3D1%20--", 404),
    ("/v1/changes/abc", 422),
    (f"/v1/changes/{10**30}", 422),
    ("/v1/changes/0", 422),
    ("/v1/catalogues/skill?as_of=2026-13-45", 422),
    ("/v1/catalogues/skill?as_of=1e309", 422),
    ("/v1/catalogues/skill?timeline=sideways", 422),
    ("/v1/catalogues/skill?as_of=9999-12-31&timeline=observed", 422),  # end of day overflows
    ("/v1/catalogues/skill?as_of=0001-01-01", 422),
    ("/v1/rules?as_of=9999-12-31", 422),
    ("/v1/changes?since=0001-01-01T00:00:00%2B01:00", 422),  # overflows once made UTC
    ("/v1/changes?since=9999-12-31T23:59:59-05:00", 422),
    ("/v1/catalogues/nope", 404),
    ("/v1/catalogues/%00", 404),
    ("/v1/catalogues/sk%00ill", 404),
    ("/v1/rules?as_of=0000-00-00", 422),
    ("/v1/rules.csv?as_of=2026-02-30", 422),
    ("/v1/trades", 422),
    ("/v1/trades?q=", 422),
    ("/v1/trades?q=" + "x" * 51, 422),
    ("/v1/trades?q=%E7%84%8A&limit=1000", 422),
    ("/v1/trades/-1/history", 422),
    ("/v1/trades/1e309/history", 422),
    ("/v1/trades/%097/history", 422),
    ("/v1/trades/%207/history", 422),
    ("/v1/changes/+1", 422),
    ("/v1/snapshots/..%2f..%2fetc%2fpasswd/raw", 404),
    ("/v1/snapshots/1e309/raw", 422),
    ("/v1/snapshots/" + "A" * 64, 422),
    ("/v1/snapshots/" + "0" * 63 + "g/raw", 422),
    ("/v1/sources/nope", 404),
    ("/v1/nothing-here", 404),
]


@pytest.mark.parametrize(("url", "status"), HOSTILE)
def test_hostile_input_is_a_json_4xx(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    error = ErrorPublic.model_validate(response.json()).error
    assert set(response.json()["error"]) == {"code", "message", "fields"}
    if status == 422:  # each refused field named in Chinese first, then in English
        assert error.fields and all(CHINESE.match(f.message) for f in error.fields)
        assert all(f" / {f.field}: " in f.message for f in error.fields)
    assert "Traceback" not in response.text
    assert "SELECT" not in response.text.upper()


def test_feeds_answer_errors_as_plain_text(client: TestClient) -> None:
    response = client.get("/feeds/nope.atom")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith("404 not_found: unknown source 'nope'")


async def call_asgi(app: FastAPI, path: str, query: bytes) -> tuple[int, bytes]:
    """One GET straight into the app: HTTP clients refuse URLs this long before sending them."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert isinstance(status, int)
    return status, body


def test_a_megabyte_query_is_refused_without_echoing_it(world: World) -> None:
    query = b"q=" + quote("焊" * 350_000).encode()  # about 3 MB once percent-encoded
    status, body = asyncio.run(call_asgi(world.app, "/v1/trades", query))
    assert status == 422
    assert len(body) < 2_000


def test_sql_looking_search_is_a_literal(client: TestClient) -> None:
    response = client.get("/v1/trades", params={"q": "' OR 1=1 --"})
    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.parametrize("blank", ["\x00", " ", "\x1d", "\u3000"])
def test_a_search_for_blanks_or_control_characters_finds_nothing(
    client: TestClient, blank: str
) -> None:
    response = client.get("/v1/trades", params={"q": blank})
    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("url", ["/v1/sources", "/v1/changes", "/feeds/changes.atom", "/"])
def test_read_only_routes_refuse_writes(client: TestClient, method: str, url: str) -> None:
    response = client.request(method, url)
    assert response.status_code == 405


def test_a_programming_error_is_a_generic_500_without_traceback(
    world: World, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    app: FastAPI = world.app

    def broken_changes(**_: object) -> list[object]:
        raise RuntimeError("secret internal detail")

    original = world.store.changes
    world.store.changes = broken_changes  # type: ignore[method-assign]
    try:
        with TestClient(app, raise_server_exceptions=False) as c:
            response = c.get("/v1/changes")
    finally:
        world.store.changes = original  # type: ignore[method-assign]
    assert response.status_code == 500
    assert response.json() == {
        "error": {
            "code": "internal_error",
            "message": "内部错误，运维人员可查日志 / internal error; the operator has the log",
            "fields": [],
        }
    }
    assert "secret internal detail" not in response.text
    assert "secret internal detail" in caplog.text


def test_pages_answer_errors_as_html(client: TestClient) -> None:
    response = client.get("/changes/999999")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert client.get("/catalogues/nope").status_code == 404
    assert client.get("/changes/abc").status_code == 422
    edge = client.get("/catalogues/skill", params={"as_of": "9999-12-31", "timeline": "observed"})
    assert edge.status_code == 422
    hostile = client.get("/catalogues/skill", params={"q": "<script>" + "x" * 60})
    assert hostile.status_code == 422
    assert "<script>" not in hostile.text

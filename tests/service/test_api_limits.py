"""One client flooding the service gets 429 with Retry-After while others are served; bodies over
the cap get 413 before anything reads them (reliability row 39)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from service.settings import Settings, SettingsError
from tests.service.test_api_world import ADMIN_TOKEN, World, build_world

PROFILE = {"birth_date": "1990-05-20", "skill_certificates": []}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def world(tmp_path: Path, clock: Clock) -> Iterator[World]:
    built = build_world(
        tmp_path, rate_limit_per_second=2.0, rate_limit_burst=5, max_body_bytes=4096, clock=clock
    )
    yield built
    built.store.close()


def _get(world: World, client: str, *paths: str, **headers: str) -> list[httpx.Response]:
    """GET each of `paths` in turn from the address `client`."""

    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=world.app, client=(client, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return [await http.get(path, headers=headers) for path in paths]

    return asyncio.run(run())


def _post(
    world: World, path: str, content: bytes | AsyncIterator[bytes], **headers: str
) -> httpx.Response:
    async def run() -> httpx.Response:
        transport = httpx.ASGITransport(app=world.app, client=("10.0.0.9", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            sent = {name.replace("_", "-"): value for name, value in headers.items()}
            return await http.post(path, content=content, headers=sent)

    return asyncio.run(run())


def _refused_count(world: World, reason: str) -> float:
    (metrics,) = _get(world, "10.0.0.99", "/metrics")
    for line in metrics.text.splitlines():
        if line.startswith(f'jifen_http_refused_total{{reason="{reason}"}}'):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_a_flooding_client_gets_429_while_others_are_served(world: World, clock: Clock) -> None:
    refused_before = _refused_count(world, "rate")
    burst = _get(world, "10.0.0.1", *["/feeds/changes.atom", "/v1/changes"] * 2, "/v1/sources")
    assert [r.status_code for r in burst] == [200] * 5

    flood = _get(world, "10.0.0.1", "/v1/changes", "/feeds/changes.atom")
    for refused in flood:
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "1"  # half a second to the next token
        assert refused.headers["x-content-type-options"] == "nosniff"
    api, feed = flood
    assert api.json()["error"]["code"] == "rate_limited"
    assert feed.text.startswith("429 rate_limited:")  # a feed reader shows text as it is
    (page,) = _get(world, "10.0.0.1", "/", accept="text/html")
    assert page.status_code == 429 and page.headers["content-type"].startswith("text/html")

    # Someone else is served as before; health and metrics never count against anyone.
    assert [r.status_code for r in _get(world, "10.0.0.2", "/v1/changes")] == [200]
    assert {r.status_code for r in _get(world, "10.0.0.1", *["/healthz"] * 20)} == {200}
    assert _refused_count(world, "rate") == refused_before + 3

    # The bucket refills at two requests a second.
    clock.now += 0.5
    assert [r.status_code for r in _get(world, "10.0.0.1", "/v1/changes", "/v1/changes")] == [
        200,
        429,
    ]
    clock.now += 60
    assert [r.status_code for r in _get(world, "10.0.0.1", *["/v1/changes"] * 6)] == [200] * 5 + [
        429
    ]


def test_retry_after_says_when_the_next_request_will_pass(tmp_path: Path, clock: Clock) -> None:
    world = build_world(tmp_path, rate_limit_per_second=0.1, rate_limit_burst=1, clock=clock)
    try:
        first, second = _get(world, "10.0.0.3", "/v1/changes", "/v1/changes")
        assert (first.status_code, second.status_code) == (200, 429)
        assert second.headers["retry-after"] == "10"
        clock.now += 9.9
        assert _get(world, "10.0.0.3", "/v1/changes")[0].status_code == 429
        clock.now += 0.2
        assert _get(world, "10.0.0.3", "/v1/changes")[0].status_code == 200
    finally:
        world.store.close()


def test_a_body_over_the_cap_is_refused_before_anything_reads_it(world: World) -> None:
    refused_before = _refused_count(world, "body")
    huge = b'{"birth_date": "' + b"9" * 10_000_000 + b'"}'
    admin = _post(
        world,
        "/v1/sources/skill/check",
        huge,
        authorization=f"Bearer {ADMIN_TOKEN}",
        content_type="application/json",
    )
    assert admin.status_code == 413
    assert admin.json()["error"]["code"] == "payload_too_large"
    assert world.checks == []  # the admin action never ran
    score = _post(world, "/v1/score", huge, content_type="application/json")
    assert score.status_code == 413

    async def chunked(body: bytes) -> AsyncIterator[bytes]:
        for start in range(0, len(body), 1000):
            yield body[start : start + 1000]

    # No Content-Length: the body is read up to the cap, then refused.
    streamed = _post(world, "/v1/score", chunked(b" " * 5000 + huge[:100]))
    assert streamed.status_code == 413
    assert _refused_count(world, "body") == refused_before + 3


def test_a_body_within_the_cap_reaches_the_app_whole(world: World) -> None:
    body = json.dumps(PROFILE).encode()

    async def chunked() -> AsyncIterator[bytes]:
        for byte in range(len(body)):
            yield body[byte : byte + 1]

    declared = _post(world, "/v1/score", body, content_type="application/json")
    streamed = _post(world, "/v1/score", chunked(), content_type="application/json")
    assert declared.status_code == 200, declared.text
    assert streamed.status_code == 200, streamed.text
    assert streamed.json() == declared.json()
    assert "total" in declared.json() and "lines" in declared.json()


def test_limits_come_from_the_environment() -> None:
    env = {
        "JIFEN_RATE_LIMIT_PER_SECOND": "0.5",
        "JIFEN_RATE_LIMIT_BURST": "7",
        "JIFEN_MAX_BODY_BYTES": "2048",
    }
    settings = Settings.from_env(env)
    assert (settings.rate_limit_per_second, settings.rate_limit_burst) == (0.5, 7)
    assert settings.max_body_bytes == 2048
    defaults = Settings.from_env({})
    assert (defaults.rate_limit_per_second, defaults.rate_limit_burst) == (10.0, 100)
    assert Settings.from_env({"JIFEN_RATE_LIMIT_PER_SECOND": "0"}).rate_limit_per_second == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("JIFEN_RATE_LIMIT_PER_SECOND", "-1"),
        ("JIFEN_RATE_LIMIT_PER_SECOND", "nan"),
        ("JIFEN_RATE_LIMIT_PER_SECOND", "inf"),
        ("JIFEN_RATE_LIMIT_PER_SECOND", "fast"),
        ("JIFEN_RATE_LIMIT_BURST", "0"),
        ("JIFEN_RATE_LIMIT_BURST", "1.5"),
        ("JIFEN_MAX_BODY_BYTES", "0"),
    ],
)
def test_unusable_limits_are_refused_by_name(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


def test_no_limit_when_the_rate_is_zero(tmp_path: Path, clock: Clock) -> None:
    world = build_world(tmp_path, rate_limit_per_second=0, rate_limit_burst=1, clock=clock)
    try:
        assert {r.status_code for r in _get(world, "10.0.0.4", *["/v1/changes"] * 30)} == {200}
    finally:
        world.store.close()

"""`jifen serve` as a user runs it: a subprocess that checks on schedule and serves what it saw."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import feedparser
import httpx
import pytest

from tests.outbound import FAKE_SITES_ENV
from tests.service.official import SEED_TRADES, catalogue_page, publish_official


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(what: str, probe: Callable[[], Any], timeout_seconds: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        try:
            value = probe()
        except httpx.HTTPError:
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def served(fake_site, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:  # type: ignore[no-untyped-def]
    sources = publish_official(fake_site, tmp_path, catalogue_name="高技能人才职业工种目录")
    port = free_port()
    env = {
        **os.environ,
        "JIFEN_DATA_DIR": str(tmp_path / "data"),
        "JIFEN_SOURCES": str(sources),
        **FAKE_SITES_ENV,
        "JIFEN_PORT": str(port),
        "JIFEN_DEFAULT_SCHEDULE": "*/2 * * * * *",  # every 2 seconds, seconds field first
        "JIFEN_SCHEDULE_JITTER_SECONDS": "0",
        "JIFEN_PER_HOST_DELAY_SECONDS": "0",
    }
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "serve"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        log.close()


def test_serve_checks_on_schedule_and_publishes_the_change(served, fake_site) -> None:  # type: ignore[no-untyped-def]
    base, process = served
    with httpx.Client(base_url=base, timeout=5) as client:
        check_and_read(client, fake_site)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=15) == 0


def check_and_read(client: httpx.Client, fake_site) -> None:  # type: ignore[no-untyped-def]
    wait_for("the server", lambda: client.get("/healthz").status_code == 200)

    # The first scheduled run records the catalogue; nothing is a change yet.
    catalogue = wait_for(
        "the first check",
        lambda: (r := client.get("/v1/catalogues/skill-trades")).status_code == 200 and r.json(),
    )
    assert len(catalogue["trades"]) == 63
    assert client.get("/v1/changes").json()["changes"] == []

    fake_site.publish("/catalogue.html", catalogue_page([*SEED_TRADES, "工业机器人系统操作员"]))
    changes = wait_for(
        "a scheduled check to publish the change",
        lambda: client.get("/v1/changes").json()["changes"],
    )
    (change,) = changes
    assert change["source_id"] == "skill-trades"
    assert [(i["kind"], i["subject"]) for i in change["items"]] == [
        ("trade_added", "工业机器人系统操作员")
    ]
    feed = feedparser.parse(client.get("/feeds/changes.atom").content)
    assert feed.bozo == 0 and "工业机器人系统操作员" in feed.entries[0].title
    health = {s["id"]: s for s in client.get("/v1/sources").json()}
    assert health["skill-points"]["status"] in ("ok", "unchanged")
    assert health["skill-trades"]["next_run_at"] is not None

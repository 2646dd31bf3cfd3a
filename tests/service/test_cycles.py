"""A cycle of a running `jifen serve` started through the admin API: 202 at once, followed to its
end, its checks written under the scheduler's lease; refused without the token or the lease."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from scraper.records import Outcome
from service.http.app import create_app
from service.pipeline.record import CheckSummary
from service.pipeline.runs import CycleRuns
from service.settings import Settings
from store.records import Fence
from store.store import Store
from tests.outbound import FAKE_SITES_ENV
from tests.service.official import SEED_TRADES, catalogue_page, publish_official
from tests.service.test_api_world import SOURCES
from tests.service.test_serve import free_port, wait_for

TOKEN = "cycle-admin-token"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
FENCE = Fence(lease="scheduler", holder="here", term=7)


@pytest.fixture
def served(fake_site, tmp_path: Path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    sources = publish_official(fake_site, tmp_path)
    port = free_port()
    env = {
        **os.environ,
        "JIFEN_DATA_DIR": str(tmp_path / "data"),
        "JIFEN_SOURCES": str(sources),
        **FAKE_SITES_ENV,
        "JIFEN_PORT": str(port),
        "JIFEN_DEFAULT_SCHEDULE": "0 0 1 1 *",  # once a year: only the first start and the cycle
        "JIFEN_SCHEDULE_JITTER_SECONDS": "0",
        "JIFEN_PER_HOST_DELAY_SECONDS": "0",
        "JIFEN_ADMIN_TOKEN": TOKEN,
    }
    with (tmp_path / "serve.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "service", "serve"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=15) == 0


def test_a_requested_cycle_checks_every_source_and_says_when_it_ended(  # type: ignore[no-untyped-def]
    served, fake_site
) -> None:
    with httpx.Client(base_url=served, timeout=5) as client:
        # The first start checks each never-checked source once; then nothing is due for a year.
        wait_for("the first checks", lambda: client.get("/v1/catalogues/skill-trades").is_success)
        wait_for("both first checks", lambda: fake_site.hits("/points.html") >= 1)
        fake_site.publish("/catalogue.html", catalogue_page([*SEED_TRADES, "工业机器人系统操作员"]))
        hits = fake_site.hits("/catalogue.html")

        assert client.post("/v1/cycles").status_code == 401
        started = client.post("/v1/cycles", headers=ADMIN)
        assert started.status_code == 202
        run = started.json()
        assert run["state"] == "running" and run["ended_at"] is None
        assert started.headers["Location"] == f"/v1/cycles/{run['id']}"

        def ended() -> dict[str, Any] | None:
            body: dict[str, Any] = client.get(f"/v1/cycles/{run['id']}", headers=ADMIN).json()
            return body if body["state"] != "running" else None

        done = wait_for("the cycle to end", ended)
        assert done["state"] == "done" and done["ended_at"] >= done["started_at"]
        assert done["checks"] == 2 and done["changes"] == 1
        assert sum(done["outcomes"].values()) == 2
        assert fake_site.hits("/catalogue.html") == hits + 1
        (change,) = client.get("/v1/changes").json()["changes"]
        assert change["items"][0]["subject"] == "工业机器人系统操作员"
        assert client.get("/v1/cycles/999", headers=ADMIN).status_code == 404


# --- the same contract in-process, with the checks stood in for ----------------------------------


class Checks:
    def __init__(self, *, fence: Fence | None = FENCE, error: Exception | None = None) -> None:
        self.fence = fence
        self.error = error
        self.release = asyncio.Event()
        self.fences: list[Fence] = []

    async def run(self, fence: Fence) -> Sequence[CheckSummary]:
        self.fences.append(fence)
        await self.release.wait()
        if self.error is not None:
            raise self.error
        return [CheckSummary("skill", Outcome.NOT_MODIFIED, "", 0.1)]


def _client(tmp_path: Path, checks: Checks) -> TestClient:
    store = Store(f"sqlite:///{tmp_path / 'jifen.db'}")
    store.upsert_sources(SOURCES)
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'jifen.db'}",
        sources_path=tmp_path / "sources.toml",
        admin_token=TOKEN,
    )
    cycles = CycleRuns(checks.run, lambda: checks.fence)
    app = create_app(settings=settings, store=store, sources=SOURCES, cycles=cycles)
    return TestClient(app, raise_server_exceptions=False)


def _release(client: TestClient, checks: Checks) -> None:
    assert client.portal is not None
    client.portal.call(checks.release.set)


def test_asking_again_while_a_cycle_runs_answers_that_cycle(tmp_path: Path) -> None:
    checks = Checks()
    with _client(tmp_path, checks) as client:
        first = client.post("/v1/cycles", headers=ADMIN).json()
        again = client.post("/v1/cycles", headers=ADMIN).json()
        assert again["id"] == first["id"] and again["term"] == 7
        _release(client, checks)
        done = wait_for(
            "the end",
            lambda: (r := client.get("/v1/cycles/1", headers=ADMIN).json())["ended_at"] and r,
        )
        assert done["outcomes"] == {"not_modified": 1}
    assert checks.fences == [FENCE]


def test_a_failed_cycle_says_why(tmp_path: Path) -> None:
    checks = Checks(error=RuntimeError("database is locked"))
    with _client(tmp_path, checks) as client:
        client.post("/v1/cycles", headers=ADMIN)
        _release(client, checks)
        failed = wait_for(
            "the end",
            lambda: (r := client.get("/v1/cycles/1", headers=ADMIN).json())["ended_at"] and r,
        )
    assert failed["state"] == "failed" and failed["error"] == "database is locked"


def test_a_process_without_the_lease_starts_no_cycle(tmp_path: Path) -> None:
    checks = Checks(fence=None)
    with _client(tmp_path, checks) as client:
        refused = client.post("/v1/cycles", headers=ADMIN)
        assert refused.status_code == 503
        assert "scheduler lease" in refused.json()["error"]["message"]
        assert client.get("/v1/cycles/1", headers=ADMIN).status_code == 404
    assert checks.fences == []


def test_the_openapi_document_declares_the_admin_token(tmp_path: Path) -> None:
    with _client(tmp_path, Checks()) as client:
        paths = client.get("/openapi.json").json()["paths"]
    for operation in (paths["/v1/cycles"]["post"], paths["/v1/cycles/{cycle_id}"]["get"]):
        assert operation["security"] == [{"adminToken": []}]
        assert {"401", "403", "503"} <= set(operation["responses"])
    assert "202" in paths["/v1/cycles"]["post"]["responses"]

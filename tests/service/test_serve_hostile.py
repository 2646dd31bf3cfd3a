"""`jifen serve` while it checks hostile pages: 100,000 nested `<div>`s (1 MB, 15-22 s of lexbor
on the event loop before) and a page that reads longer than its time limit. /healthz and the
API keep answering in their normal time; both checks are recorded and shown as suspect."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.fakesite import FakeSite
from tests.outbound import FAKE_SITES_ENV
from tests.service.official import SEED_TRADES, catalogue_page
from tests.service.test_readers import nested_page, slow_page
from tests.service.test_serve import free_port, wait_for


@pytest.fixture
def hostile_serve(fake_site: FakeSite, tmp_path: Path) -> Iterator[str]:
    fake_site.publish("/deep.html", nested_page())
    fake_site.publish("/slow.html", slow_page())
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
    sources = tmp_path / "sources.toml"
    sources.write_text(
        "".join(
            f'[[source]]\nid = "{name}"\nurl = "{fake_site.url(f"/{name}.html")}"\n'
            'kind = "catalogue"\n\n'
            for name in ("deep", "slow", "catalogue")
        ),
        encoding="utf-8",
    )
    port = free_port()
    env = {
        **os.environ,
        "JIFEN_DATA_DIR": str(tmp_path / "data"),
        "JIFEN_SOURCES": str(sources),
        "JIFEN_PORT": str(port),
        "JIFEN_DEFAULT_SCHEDULE": "*/2 * * * * *",
        "JIFEN_SCHEDULE_JITTER_SECONDS": "0",
        "JIFEN_PER_HOST_DELAY_SECONDS": "0",
        "JIFEN_READ_TIMEOUT_SECONDS": "1",
        "JIFEN_RATE_LIMIT_PER_SECOND": "0",
        **FAKE_SITES_ENV,
    }
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "serve"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.kill()
        process.wait(timeout=10)
        log.close()


@pytest.mark.slow
def test_healthz_and_the_api_answer_in_normal_time_while_hostile_pages_are_read(
    hostile_serve: str,
) -> None:
    with httpx.Client(base_url=hostile_serve, timeout=30) as client:
        wait_for("the server", lambda: client.get("/healthz").status_code == 200)
        latencies: dict[str, list[float]] = {"/healthz": [], "/v1/sources": []}
        deadline = time.monotonic() + 8  # four scheduled rounds of both hostile pages
        while time.monotonic() < deadline:
            for path, seen in latencies.items():
                started = time.perf_counter()
                assert client.get(path).status_code == 200
                seen.append(time.perf_counter() - started)
            time.sleep(0.02)
        health = {s["id"]: s for s in client.get("/v1/sources").json()}
    figures = {
        path: (round(statistics.median(seen) * 1000, 1), round(max(seen) * 1000, 1), len(seen))
        for path, seen in latencies.items()
    }
    print(f"latency while reading hostile pages (median ms, max ms, requests): {figures}")
    for path, seen in latencies.items():
        assert max(seen) < 1.0, f"{path} took {max(seen):.2f} s"
    assert health["deep"]["last_detail"].startswith("markup_too_deep")
    assert health["slow"]["last_detail"] == "parse_timeout: over 1 s"
    assert {health[name]["last_outcome"] for name in ("deep", "slow")} == {"suspect"}
    assert health["catalogue"]["last_outcome"] in ("ok", "not_modified")

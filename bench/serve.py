"""`python -m bench.serve`: API latency of a running `jifen serve` while a cold cycle runs.

Starts the benchmark site (bench/server.py) and `jifen serve` as subprocesses, on SQLite, with
N catalogue sources on the site. At the first start every page but one answers 304, so the
scheduler's catch-up records a check of each and keeps no page (no source is failing); one
page is there so the catalogue route has something to answer. Then the pages are shown, and a separate load process measures p99 of
`GET /v1/catalogues/{id}` and `GET /feeds/changes.atom` idle, starts a cycle through the admin
endpoint (`POST /v1/cycles`), and measures the same while that cold cycle runs, until
`GET /v1/cycles/{id}` says it ended. Prints a markdown table; the target is during ≤ 2× idle.

    .venv/bin/python -m bench.serve [--sources 1000] [--requests 300]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.check import write_sources

TOKEN = "bench-admin-token"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
ROUTES = ("/v1/catalogues/s00000", "/feeds/changes.atom")
PAUSE_SECONDS = 0.01  # between requests: a steady trickle, not a flood


def p99(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


def start_site(count: int, workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port_file = workdir / "site-port"
    proc = subprocess.Popen([sys.executable, "-m", "bench.server", str(port_file), str(count)])
    deadline = time.monotonic() + 30
    while not port_file.exists() or not port_file.read_text():
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise RuntimeError("benchmark site did not start")
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port_file.read_text()}"
    httpx.post(f"{base}/_warm", timeout=600)
    return proc, base


def start_serve(site: str, count: int, workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    sources = workdir / "sources.toml"
    write_sources(sources, site, count)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "JIFEN_DATA_DIR": str(workdir / "data"),
        "JIFEN_SOURCES": str(sources),
        "JIFEN_PORT": str(port),
        "JIFEN_ALLOW_PRIVATE_TARGETS": "127.0.0.1",  # the site is on loopback
        "JIFEN_PER_HOST_DELAY_SECONDS": "0",
        "JIFEN_DEFAULT_SCHEDULE": "0 0 1 1 *",  # only the first start's catch-up, then the cycle
        "JIFEN_SCHEDULE_JITTER_SECONDS": "0",
        "JIFEN_ADMIN_TOKEN": TOKEN,
        "JIFEN_RATE_LIMIT_PER_SECOND": "0",
    }
    log = (workdir / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "service", "serve"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    return proc, f"http://127.0.0.1:{port}"


def wait_first_checks(base: str, count: int, timeout_seconds: float = 900) -> None:
    """Until every source has a check recorded (the first start's catch-up)."""
    deadline = time.monotonic() + timeout_seconds
    with httpx.Client(base_url=base, timeout=30) as client:
        while time.monotonic() < deadline:
            try:
                listed = client.get("/v1/sources").json()
            except httpx.HTTPError:
                listed = []
            if len(listed) == count and all(s.get("last_check_at") for s in listed):
                return
            time.sleep(1)
    raise RuntimeError("the first start's checks did not end in time")


def measure(base: str, requests: int, *, cycle: bool) -> dict[str, Any]:
    """In the load process: latencies of ROUTES, `requests` rounds idle, or until the cycle it
    starts has ended."""
    latencies: dict[str, list[float]] = {route: [] for route in ROUTES}
    result: dict[str, Any] = {}
    with httpx.Client(base_url=base, timeout=60) as client:
        for route in ROUTES:  # warm: first answers build caches
            client.get(route).raise_for_status()
        run_id = None
        if cycle:
            started = client.post("/v1/cycles", headers=ADMIN)
            started.raise_for_status()
            run_id = started.json()["id"]
        rounds = 0
        while True:
            for route in ROUTES:
                begun = time.perf_counter()
                client.get(route).raise_for_status()
                latencies[route].append(time.perf_counter() - begun)
                time.sleep(PAUSE_SECONDS)
            rounds += 1
            if run_id is None and rounds >= requests:
                break
            if run_id is not None and rounds % 10 == 0:
                run = client.get(f"/v1/cycles/{run_id}", headers=ADMIN).json()
                if run["state"] != "running":
                    result["cycle"] = run
                    break
    result["p99_ms"] = {route: round(p99(v) * 1000, 2) for route, v in latencies.items()}
    result["requests"] = {route: len(v) for route, v in latencies.items()}
    return result


def run_load(base: str, requests: int, *, cycle: bool) -> dict[str, Any]:
    args = [sys.executable, "-m", "bench.serve", "--load", base, "--requests", str(requests)]
    out = subprocess.run(
        [*args, *(["--cycle"] if cycle else [])], check=True, capture_output=True, text=True
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def wall_seconds(run: dict[str, Any]) -> float:
    started = time.mktime(time.strptime(run["started_at"][:19], "%Y-%m-%dT%H:%M:%S"))
    ended = time.mktime(time.strptime(run["ended_at"][:19], "%Y-%m-%dT%H:%M:%S"))
    fraction = float("0" + run["ended_at"][19:26]) - float("0" + run["started_at"][19:26])
    return ended - started + fraction


def table(count: int, idle: dict[str, Any], busy: dict[str, Any]) -> list[str]:
    run = busy["cycle"]
    if run["state"] != "done":
        print(f"the cycle failed: {run['error']}", file=sys.stderr)
    lines = [
        f"API p99 while `jifen serve` runs a cold cycle, N = {count} "
        f"(cycle: {run['state']}, {wall_seconds(run):.1f} s wall, outcomes {run['outcomes']})",
        "",
        "| route | idle p99 | during cycle p99 | ratio (target ≤ 2×) | requests idle / during |",
        "|---|---|---|---|---|",
    ]
    for route in ROUTES:
        before, during = idle["p99_ms"][route], busy["p99_ms"][route]
        lines.append(
            f"| `{route}` | {before:.1f} ms | {during:.1f} ms | {during / before:.2f}× | "
            f"{idle['requests'][route]} / {busy['requests'][route]} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=300, help="idle rounds of both routes")
    parser.add_argument("--load", metavar="BASE", help=argparse.SUPPRESS)
    parser.add_argument("--cycle", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:  # the load process
        print(json.dumps(measure(args.load, args.requests, cycle=args.cycle)))
        return
    with tempfile.TemporaryDirectory(prefix="jifen-bench-serve-") as tmp:
        workdir = Path(tmp)
        site, site_base = start_site(args.sources, workdir)
        serve = None
        try:
            httpx.post(f"{site_base}/_quiet", params={"from": 1})
            serve, base = start_serve(site_base, args.sources, workdir)
            wait_first_checks(base, args.sources)
            httpx.post(f"{site_base}/_quiet", params={"from": args.sources})
            idle = run_load(base, args.requests, cycle=False)
            busy = run_load(base, args.requests, cycle=True)
        finally:
            if serve is not None:
                serve.terminate()
                serve.wait(timeout=60)
            site.terminate()
            site.wait(timeout=10)
    print("\n".join(table(args.sources, idle, busy)))


if __name__ == "__main__":
    main()

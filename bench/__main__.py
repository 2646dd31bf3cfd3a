"""`python -m bench`: one check cycle over N sources served on 127.0.0.1, jifen vs a floor.

For each N, three phases — cold (empty state), unchanged (every page answers 304) and 10 %
changed — are measured for the floor (bench/floor.py), for the bound (bench/bound.py: the floor
plus the records jifen must keep, written lean with plain sqlite3) and for jifen's full pipeline
(bench/tracker.py), each phase in a fresh process against the same server process. Figures are
medians over --repeat runs; ratios are to the floor measured in the same run, and jifen's to the
bound (what jifen costs beyond the records it must keep).

`python -m bench deliver` measures delivery instead (bench/deliver.py): 10,000 queued notices to
a webhook receiver on 127.0.0.1, beside the time the receiver alone needs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.request import Request, urlopen

PHASES = ("cold", "unchanged", "changed_10pct")


def start_server(count: int, workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port_file = workdir / "port"
    proc = subprocess.Popen([sys.executable, "-m", "bench.server", str(port_file), str(count)])
    deadline = time.monotonic() + 30
    while not port_file.exists() or not port_file.read_text():
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise RuntimeError("benchmark server did not start")
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port_file.read_text()}"
    urlopen(Request(f"{base}/_warm", method="POST"), timeout=600).read()
    return proc, base


def run_worker(module: str, *args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", module, *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def one_round(base: str, count: int, workdir: Path, seed: int) -> dict[str, dict[str, Any]]:
    state = workdir / f"floor-{seed}.json"
    db = f"sqlite:///{workdir / f'jifen-{seed}.db'}"
    bound = str(workdir / f"bound-{seed}.db")
    results: dict[str, dict[str, Any]] = {}
    for phase in PHASES:
        if phase == "changed_10pct":
            url = f"{base}/_revise?fraction=0.1&seed={seed}"
            urlopen(Request(url, method="POST"), timeout=60).read()
        results[f"floor:{phase}"] = run_worker("bench.floor", base, str(count), str(state))
        results[f"bound:{phase}"] = run_worker("bench.bound", base, str(count), bound)
        results[f"jifen:{phase}"] = run_worker("bench.tracker", base, str(count), db)
    return results


def summarise(count: int, rounds: list[dict[str, dict[str, Any]]]) -> list[str]:
    lines = []
    for phase in PHASES:
        floor = statistics.median(r[f"floor:{phase}"]["wall_seconds"] for r in rounds)
        ours = statistics.median(r[f"jifen:{phase}"]["wall_seconds"] for r in rounds)
        bound = statistics.median(r[f"bound:{phase}"]["wall_seconds"] for r in rounds)
        floor_mem = max(r[f"floor:{phase}"]["peak_rss_mib"] for r in rounds)
        our_mem = max(r[f"jifen:{phase}"]["peak_rss_mib"] for r in rounds)
        counts = rounds[-1][f"jifen:{phase}"]["counts"]
        lines.append(
            f"N={count:<5} {phase:<14} floor {floor:7.3f}s  jifen {ours:7.3f}s  "
            f"ratio {ours / floor:5.2f}x   bound {bound:7.3f}s ({bound / floor:4.2f}x, "
            f"jifen/bound {ours / bound:4.2f}x)   peak RSS floor {floor_mem:6.1f} MiB  "
            f"jifen {our_mem:6.1f} MiB   jifen outcomes {counts}"
        )
    return lines


def main() -> None:
    if sys.argv[1:2] == ["deliver"]:  # `python -m bench deliver`: the delivery throughput
        from bench.deliver import main as deliver

        deliver(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated N (default 100,1000)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per N (median reported)")
    args = parser.parse_args()
    report: list[str] = []
    for count in (int(n) for n in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="jifen-bench-") as tmp:
            workdir = Path(tmp)
            server, base = start_server(count, workdir)
            try:
                rounds = [
                    one_round(base, count, workdir, seed) for seed in range(1, args.repeat + 1)
                ]
            finally:
                server.terminate()
                server.wait(timeout=10)
        lines = summarise(count, rounds)
        report.extend(lines)
        print("\n".join(lines), flush=True)
    print("\nsummary (jifen / floor, same run):")
    print("\n".join(report))


if __name__ == "__main__":
    main()

"""`python -m bench`: what a user runs, `jifen check` as a process, over N catalogue pages served
on 127.0.0.1, beside the floor, the bound and urlwatch, each as its own process.

For each N, three phases — cold (empty state), unchanged (every page answers 304) and 10 %
changed — are run by:
- the floor (bench/floor.py): aiohttp GETs, selectolax table, sha256, state in a JSON file;
- the bound (bench/bound.py): the floor plus the records jifen must keep, in plain sqlite3;
- urlwatch, installed into bench/.venv, one job per page keeping its table;
- `jifen check`, the installed command, with a sources.toml and a data directory of its own;
- with --tracker, jifen's pipeline called in-process (bench/tracker.py), as a diagnostic.
Each phase is a fresh process against the same server process; times are process wall times
(spawn to exit), medians over --repeat rounds; memory is the peak RSS of the process tree.
Then, unless --check-only: the API's p99 while `jifen serve` runs a cold cycle (bench/serve.py)
and the bytes a check of a page with a visit counter stores (bench/storage.py).
Ratios are between figures of the same run. The tables print as markdown, ready to paste.

`python -m bench deliver` measures delivery instead (bench/deliver.py): 10,000 queued notices to
a webhook receiver on 127.0.0.1, beside the time the receiver alone needs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.request import Request, urlopen

from bench.check import outcomes, run_check
from bench.process import ProcessRun, run_process
from bench.report import (
    PHASES,
    Figure,
    Round,
    Summary,
    growth_lines,
    memory_table,
    summarise,
    target_lines,
    time_table,
)
from bench.startup import startup_table, startup_times
from bench.urlwatch import counted, installed, run_urlwatch

REPO = Path(__file__).resolve().parent.parent
Runner = Callable[[Path, str, int], Figure]


def start_server(count: int, workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port_file = workdir / "port"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.server", str(port_file), str(count)], cwd=REPO
    )
    deadline = time.monotonic() + 30
    while not port_file.exists() or not port_file.read_text():
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise RuntimeError("benchmark server did not start")
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port_file.read_text()}"
    urlopen(Request(f"{base}/_warm", method="POST"), timeout=600).read()
    return proc, base


def _ended(run: ProcessRun, what: str, *, ok_codes: tuple[int, ...] = (0,)) -> ProcessRun:
    if run.returncode not in ok_codes:
        raise RuntimeError(f"{what} exited {run.returncode}:\n{run.stderr[-2000:]}")
    return run


def python_worker(module: str, state_name: str) -> Runner:
    """A benchmark module run as `python -m module BASE N STATE`; it prints its figures as JSON."""

    def run(workdir: Path, base: str, count: int) -> Figure:
        workdir.mkdir(parents=True, exist_ok=True)
        argv = [sys.executable, "-m", module, base, str(count), str(workdir / state_name)]
        done = _ended(run_process(argv, cwd=REPO), module)
        report = json.loads(done.stdout.strip().splitlines()[-1])
        return Figure(
            done.wall_seconds, done.peak_rss_mib, report["counts"], report["wall_seconds"]
        )

    return run


def jifen_check(command: str | None) -> Runner:
    def run(workdir: Path, base: str, count: int) -> Figure:
        workdir.mkdir(parents=True, exist_ok=True)
        done = _ended(run_check(workdir, base, count, command), "jifen check")
        return Figure(done.wall_seconds, done.peak_rss_mib, outcomes(done.stdout))

    return run


def urlwatch_runner(command: Path) -> Runner:
    def run(workdir: Path, base: str, count: int) -> Figure:
        done = _ended(run_urlwatch(command, workdir, base, count), "urlwatch")
        return Figure(done.wall_seconds, done.peak_rss_mib, counted(done.stdout))

    return run


def one_round(base: str, count: int, workdir: Path, seed: int, tools: dict[str, Runner]) -> Round:
    figures: dict[tuple[str, str], Figure] = {}
    for phase in PHASES:
        if phase == "changed":
            url = f"{base}/_revise?fraction=0.1&seed={seed}"
            urlopen(Request(url, method="POST"), timeout=60).read()
        for name, runner in tools.items():
            figures[name, phase] = runner(workdir / f"{name}-{seed}", base, count)
    return figures


def tools_for(args: argparse.Namespace) -> dict[str, Runner]:
    tools: dict[str, Runner] = {
        "floor": python_worker("bench.floor", "state.json"),
        "bound": python_worker("bench.bound", "bound.db"),
    }
    command = None if args.no_urlwatch else installed()
    if command is not None:
        tools["urlwatch"] = urlwatch_runner(command)
    elif not args.no_urlwatch:
        print("urlwatch: not installed", file=sys.stderr)
    tools["jifen"] = jifen_check(args.jifen)
    if args.tracker:
        tools["tracker"] = python_worker("bench.tracker", "tracker.db")
    return tools


def measure_size(count: int, repeat: int, tools: dict[str, Runner]) -> list[Summary]:
    with tempfile.TemporaryDirectory(prefix="jifen-bench-") as tmp:
        workdir = Path(tmp)
        server, base = start_server(count, workdir)
        try:
            rounds = [one_round(base, count, workdir, seed, tools) for seed in range(1, repeat + 1)]
        finally:
            server.terminate()
            server.wait(timeout=10)
    return summarise(count, rounds)


def diagnostics(summaries: list[Summary]) -> list[str]:
    lines = []
    for s in summaries:
        cycles = ", ".join(f"{t} {v:.3f} s" for t, v in s.cycle_seconds.items())
        seen = "; ".join(f"{t} {dict(o)}" for t, o in s.outcomes.items())
        lines.append(f"- N={s.count} {s.phase}: in-process cycle {cycles}. Reported: {seen}")
    return lines


def main() -> None:
    if sys.argv[1:2] == ["deliver"]:  # `python -m bench deliver`: the delivery throughput
        from bench.deliver import main as deliver

        deliver(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--sizes", default="100,1000", help="comma-separated N (default 100,1000; add 10000)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="rounds per N (median reported)")
    parser.add_argument("--no-urlwatch", action="store_true", help="leave urlwatch out")
    parser.add_argument(
        "--jifen",
        metavar="COMMAND",
        help="the jifen command to measure (default: the one installed beside this Python), "
        "e.g. another checkout's .venv/bin/jifen for a before/after",
    )
    parser.add_argument(
        "--tracker", action="store_true", help="also run jifen's pipeline in-process (diagnostic)"
    )
    parser.add_argument(
        "--check-only",
        action="store_true",
        help="leave out the serve (API p99 under a cycle) and storage benchmarks",
    )
    args = parser.parse_args()
    tools = tools_for(args)
    times = startup_times(args.jifen)
    summaries: list[Summary] = []
    for count in (int(n) for n in args.sizes.split(",")):
        summaries.extend(measure_size(count, args.repeat, tools))
        print("\n".join(time_table([s for s in summaries if s.count == count])), flush=True)
    report = [
        f"Medians of {args.repeat} rounds; wall time of each command as a process.",
        "",
        *time_table(summaries),
        "",
        "Peak RSS (the process tree, max over rounds):",
        "",
        *memory_table(summaries),
        "",
        "Per 1,000 pages (flat when growth is linear):",
        "",
        *growth_lines(summaries),
        "",
        "Start-up:",
        "",
        *startup_table(times),
        "",
        "Targets (issue 15):",
        "",
        *target_lines(summaries, times["jifen --help"][0]),
        "",
        "Diagnostics:",
        "",
        *diagnostics(summaries),
    ]
    print("\n" + "\n".join(report), flush=True)
    if not args.check_only:
        for module in ("bench.serve", "bench.storage"):
            print(flush=True)
            subprocess.run([sys.executable, "-m", module], check=True)


if __name__ == "__main__":
    main()

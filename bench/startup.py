"""How long a command takes to start: `jifen --help` and each command's `--help`, beside a bare
`python -c pass` of the same interpreter measured in the same run (medians); and what merely
importing the work of `jifen check` costs, against the floor's imports: a share of every check
that no change to the check itself removes."""

from __future__ import annotations

import statistics
import sys

from bench.check import jifen_command
from bench.process import ProcessRun, run_process

COMMANDS = (("--help",), ("check", "--help"), ("serve", "--help"), ("score", "--help"))
IMPORTS = {
    "imports of the floor": "import aiohttp, selectolax.lexbor",
    "imports of jifen check's work": (
        "import service.cli.check, service.runtime, service.pipeline.check, "
        "service.pipeline.fallback"
    ),
}


def _median(argv: list[str], repeat: int) -> tuple[float, float]:
    runs: list[ProcessRun] = [run_process(argv) for _ in range(repeat)]
    return (
        statistics.median(r.wall_seconds for r in runs),
        statistics.median(r.peak_rss_mib for r in runs),
    )


def startup_times(command: str | None = None, repeat: int = 7) -> dict[str, tuple[float, float]]:
    """Seconds to start and exit and peak MiB, by command line; `python -c pass` is the
    interpreter alone."""
    times = {"python -c pass": _median([sys.executable, "-c", "pass"], repeat)}
    for args in COMMANDS:
        argv = [command or jifen_command(), *args]
        times["jifen " + " ".join(args)] = _median(argv, repeat)
    for name, code in IMPORTS.items():
        times[name] = _median([sys.executable, "-c", code], repeat)
    return times


def startup_table(times: dict[str, tuple[float, float]]) -> list[str]:
    bare, _ = times["python -c pass"]
    lines = ["| command | start and exit | / `python -c pass` | peak RSS |", "|---|---|---|---|"]
    for name, (seconds, rss) in times.items():
        shown = name if name.startswith("imports") else f"`{name}`"
        lines.append(f"| {shown} | {seconds:.3f} s | {seconds / bare:.1f}x | {rss:.0f} MiB |")
    return lines

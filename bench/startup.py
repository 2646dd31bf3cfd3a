"""How long a command takes to start: `jifen --help` and each command's `--help`, beside a bare
`python -c pass` of the same interpreter measured in the same run (medians)."""

from __future__ import annotations

import statistics
import sys

from bench.check import jifen_command
from bench.process import run_process

COMMANDS = (("--help",), ("check", "--help"), ("serve", "--help"), ("score", "--help"))


def _median_seconds(argv: list[str], repeat: int) -> float:
    return statistics.median(run_process(argv).wall_seconds for _ in range(repeat))


def startup_times(command: str | None = None, repeat: int = 7) -> dict[str, float]:
    """Seconds to start and exit, by command line; `python -c pass` is the interpreter alone."""
    times = {"python -c pass": _median_seconds([sys.executable, "-c", "pass"], repeat)}
    for args in COMMANDS:
        argv = [command or jifen_command(), *args]
        times["jifen " + " ".join(args)] = _median_seconds(argv, repeat)
    return times


def startup_table(times: dict[str, float]) -> list[str]:
    bare = times["python -c pass"]
    lines = ["| command | start and exit | / `python -c pass` |", "|---|---|---|"]
    for name, seconds in times.items():
        lines.append(f"| `{name}` | {seconds:.3f} s | {seconds / bare:.1f}x |")
    return lines

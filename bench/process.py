"""One command run as a process, as a user runs it: its wall time from spawn to exit and its
peak memory, the whole process tree's (jifen check reads pages in a worker process).

Peak RSS is sampled every 10 ms as the sum over the process and its descendants
(/proc/PID/status VmRSS), and is at least the process's own high-water mark (VmHWM), which no
sampling can miss. (wait4's ru_maxrss cannot serve: a child's starts at its parent's RSS at
fork, before the exec.)
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.01


@dataclass(frozen=True, slots=True)
class ProcessRun:
    wall_seconds: float
    peak_rss_mib: float  # the whole tree, sampled
    returncode: int
    stdout: str
    stderr: str


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
            found.extend(int(child) for child in text.split())
    except OSError:  # the process ended between two reads
        pass
    return found


def _status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kib(pid: int) -> int:
    """The resident memory of a process and all its descendants, now."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _status_kib(current, "VmRSS:")
        todo.extend(_children(current))
    return total


def run_process(
    argv: Sequence[str], *, env: Mapping[str, str] | None = None, cwd: Path | None = None
) -> ProcessRun:
    """Run `argv` to its end; its output goes to files, never to a pipe it could fill."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(argv), env=dict(env) if env else None, cwd=cwd, stdout=out, stderr=err
        )
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_rss_kib(proc.pid), _status_kib(proc.pid, "VmHWM:"))
                done.wait(SAMPLE_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status = os.waitpid(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        stderr = err.read().decode(errors="replace")
    return ProcessRun(
        wall_seconds=round(wall, 3),
        peak_rss_mib=round(peak / 1024, 1),
        returncode=proc.returncode,
        stdout=stdout,
        stderr=stderr,
    )

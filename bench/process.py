"""One command run as a process, as a user runs it: its wall time from spawn to exit and its
peak memory, the whole process tree's (jifen check reads pages in a worker process).

Peak RSS is sampled every 10 ms as the sum over the process and its descendants
(/proc/PID/status VmRSS), and also taken from the kernel's own high-water mark of the largest
process (wait4's ru_maxrss), which no sampling can miss.
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
    max_rss_mib: float  # the largest single process, from the kernel
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


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kib(pid: int) -> int:
    """The resident memory of a process and all its descendants, now."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _rss_kib(current)
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
                peak = max(peak, tree_rss_kib(proc.pid))
                done.wait(SAMPLE_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
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
        peak_rss_mib=round(max(peak, usage.ru_maxrss) / 1024, 1),
        max_rss_mib=round(usage.ru_maxrss / 1024, 1),
        returncode=proc.returncode,
        stdout=stdout,
        stderr=stderr,
    )

"""`jifen check` as cron runs it: the installed command, in its own process, over a sources.toml
of N catalogue pages on the benchmark server, with its database and tables in a directory of
its own.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from bench.process import ProcessRun, run_process

# `s00042: ok → change #7: …` / `s00042: not_modified`
_LINE = re.compile(r"^s\d{5}: (\w+)")


def jifen_command() -> str:
    """The `jifen` console script installed beside this interpreter."""
    return str(Path(sys.executable).parent / "jifen")


def write_sources(path: Path, base: str, count: int) -> None:
    entries = [
        f'[[source]]\nid = "s{i:05d}"\nurl = "{base}/p/{i}.html"\nkind = "catalogue"\n'
        for i in range(count)
    ]
    path.write_text("\n".join(entries), encoding="utf-8")


def check_env(workdir: Path, base: str, count: int) -> dict[str, str]:
    """The environment of a deployment checking the benchmark server: no politeness delay
    (every page is on one host), and 127.0.0.1 allowed, which the outbound policy refuses by
    default."""
    sources = workdir / "sources.toml"
    if not sources.exists():
        write_sources(sources, base, count)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIFEN_")}
    env.update(
        JIFEN_SOURCES=str(sources),
        JIFEN_DATA_DIR=str(workdir / "data"),
        JIFEN_PER_HOST_DELAY_SECONDS="0",
        JIFEN_ALLOW_PRIVATE_TARGETS=str(urlsplit(base).hostname),
    )
    return env


def outcomes(stdout: str) -> dict[str, int]:
    """How many sources ended in each outcome, and how many changed, from the summary lines."""
    counts: Counter[str] = Counter()
    for line in stdout.splitlines():
        match = _LINE.match(line)
        if match:
            counts[match.group(1)] += 1
            if "→ change #" in line:
                counts["changed"] += 1
    return dict(counts)


def run_check(workdir: Path, base: str, count: int, command: str | None = None) -> ProcessRun:
    argv = [command or jifen_command(), "check"]
    return run_process(argv, env=check_env(workdir, base, count), cwd=workdir)

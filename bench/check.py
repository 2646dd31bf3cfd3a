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
from scraper.records import Outcome
from words import Lang, badge

# `s00042: 正常 → 变更 #7：…` / `s00042: 未修改`, or in English (`--lang en`, and builds before
# the message catalogue: `s00042: not_modified`). An outcome's label up to what may follow it.
_LINE = re.compile(r"^s\d{5}: (.+?)(?= \(| →| version |$| 版本)")
_CHANGED = ("→ change #", "→ 变更 #")


def _labels() -> dict[str, str]:
    """Every way a summary line names an outcome, to the outcome's value."""
    labels = {o.value: o.value for o in Outcome}
    for lang in Lang:
        labels.update((badge(o, lang), o.value) for o in Outcome)
    return labels


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
    labels = _labels()
    for line in stdout.splitlines():
        match = _LINE.match(line)
        if match:
            counts[labels.get(match.group(1), match.group(1))] += 1
            if any(mark in line for mark in _CHANGED):
                counts["changed"] += 1
    return dict(counts)


def run_check(workdir: Path, base: str, count: int, command: str | None = None) -> ProcessRun:
    argv = [command or jifen_command(), "check"]
    return run_process(argv, env=check_env(workdir, base, count), cwd=workdir)

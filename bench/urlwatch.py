"""urlwatch, the best-known change monitor, over the same N pages: installed into the
benchmark's own environment (bench/.venv, never jifen's), one url job per page keeping the
page's table (`css: table`, as the floor does), run as its command.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.process import ProcessRun, run_process

VENV = Path(__file__).parent / ".venv"
PACKAGES = ("urlwatch", "lxml", "cssselect")


def installed() -> Path | None:
    """The urlwatch command, installing it first when needed; None when pip cannot."""
    command = VENV / "bin" / "urlwatch"
    if command.exists():
        return command
    try:
        if not (VENV / "bin" / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(VENV / "bin" / "python"), "-m", "pip", "install", "-q", *PACKAGES],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"urlwatch: not installed ({error})", file=sys.stderr)
        return None
    return command if command.exists() else None


def write_jobs(path: Path, base: str, count: int) -> None:
    jobs = [
        f"name: s{i:05d}\nurl: {base}/p/{i}.html\nfilter:\n  - css: table\n" for i in range(count)
    ]
    path.write_text("---\n".join(jobs), encoding="utf-8")


def run_urlwatch(command: Path, workdir: Path, base: str, count: int) -> ProcessRun:
    """One urlwatch run over its jobs; its cache (ETags, last contents) stays in `workdir`."""
    workdir.mkdir(parents=True, exist_ok=True)
    jobs = workdir / "urls.yaml"
    if not jobs.exists():
        write_jobs(jobs, base, count)
    argv = [
        str(command),
        "--urls",
        str(jobs),
        "--config",
        str(workdir / "urlwatch.yaml"),
        "--cache",
        str(workdir / "cache.db"),
    ]
    return run_process(argv, cwd=workdir)


def counted(stdout: str) -> dict[str, int]:
    """What urlwatch reported: NEW, CHANGED and ERROR lines of its stdout report."""
    counts: dict[str, int] = {}
    for line in stdout.splitlines():
        for word in ("NEW", "CHANGED", "ERROR"):
            if f". {word}: " in line:
                counts[word.lower()] = counts.get(word.lower(), 0) + 1
    return counts

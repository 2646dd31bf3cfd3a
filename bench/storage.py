"""`python -m bench.storage`: what `jifen check` stores per check of pages whose visit counter
changes on every fetch.

A site on 127.0.0.1 serves N catalogue pages of ~10 KB whose footer counter goes up with every
request (no validators, so each fetch is a new body that parses the same). `jifen check` runs as
a process once cold and then `--cycles` times unchanged. Printed, per unchanged check and
extrapolated to N = 1000 and 100 cycles: the compressed bodies as stored (zstd deltas) and as
whole zlib blobs of the same bodies would take; the rows that hold them with their keys (for
whole blobs estimated from the same rows); the attempt and snapshot rows every distinct capture
has either way; and the database file's growth.

    .venv/bin/python -m bench.storage [--sources 100] [--cycles 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import httpx
from aiohttp import web
from sqlalchemy import func, select

from bench.check import write_sources
from bench.pages import _chrome, _major
from store.blobs import BLOB_ZLIB_LEVEL, read_bodies
from store.store import Store
from store.tables import BLOB

TARGET_SOURCES, TARGET_CYCLES = 1000, 100


def page(index: int, visits: int) -> bytes:
    """Source `index`'s ~10 KB page; only the visit counter differs between fetches."""
    rng = random.Random(index)
    rows = "".join(
        f"<tr><td>{n}</td><td>{code}</td><td>{name}</td><td>{kind}</td></tr>"
        for n, (code, name, kind) in enumerate((_major(rng, i) for i in range(1, 41)), start=1)
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>紧缺急需专业目录 {index}</title></head><body>"
        f'<div id="ivs_content"><p>本市紧缺急需专业目录（第{index}号）如下：</p>'
        f"<table><tr><td>序号</td><td>专业代码</td><td>专业名称</td><td>所属类别</td></tr>{rows}"
        f"</table></div>{_chrome(rng, 3000)}"
        f'<div class="footer">浏览次数：{visits}</div></body></html>'
    ).encode()


def serve_site(port_file: Path, count: int) -> None:
    visits = [random.Random(i).randint(1000, 9999) for i in range(count)]

    async def one(request: web.Request) -> web.Response:
        index = int(request.match_info["index"])
        if not 0 <= index < count:
            raise web.HTTPNotFound()
        visits[index] += 1
        return web.Response(body=page(index, visits[index]), content_type="text/html")

    async def run() -> None:
        app = web.Application()
        app.router.add_get("/p/{index}.html", one)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port_file.write_text(str(site._server.sockets[0].getsockname()[1]))  # type: ignore[union-attr]
        await asyncio.Event().wait()

    asyncio.run(run())


def start_site(count: int, workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port_file = workdir / "port"
    args = [
        sys.executable,
        "-m",
        "bench.storage",
        "--site",
        str(port_file),
        "--sources",
        str(count),
    ]
    proc = subprocess.Popen(args)
    deadline = time.monotonic() + 30
    while not port_file.exists() or not port_file.read_text():
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise RuntimeError("benchmark site did not start")
        time.sleep(0.05)
    return proc, f"http://127.0.0.1:{port_file.read_text()}"


def check(env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "service", "check"],
        check=False,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"jifen check failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


def blob_bytes(store: Store) -> tuple[int, int]:
    """Bytes of the blobs as stored, and as whole zlib blobs of the same bodies."""
    with store.engine.connect() as connection:
        stored = int(connection.scalar(select(func.sum(func.length(BLOB.c.data)))) or 0)
        shas = list(connection.scalars(select(BLOB.c.sha256)))
        bodies = read_bodies(connection, shas)
    whole = sum(len(zlib.compress(body, BLOB_ZLIB_LEVEL)) for body in bodies.values())
    return stored, whole


BODY_TABLES = ("blob", "sqlite_autoindex_blob_1", "blob_delta")


def table_bytes(database: Path) -> dict[str, int]:
    """Bytes of each table and index in the SQLite file (its dbstat table)."""
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    return {str(name): int(size) for name, size in rows}


def measure(count: int, cycles: int, workdir: Path, site: str) -> dict[str, float]:
    sources = workdir / "sources.toml"
    write_sources(sources, site, count)
    data = workdir / "data"
    env = {
        **os.environ,
        "JIFEN_DATA_DIR": str(data),
        "JIFEN_SOURCES": str(sources),
        "JIFEN_ALLOW_PRIVATE_TARGETS": "127.0.0.1",
        "JIFEN_PER_HOST_DELAY_SECONDS": "0",
    }
    check(env)  # cold
    store = Store(f"sqlite:///{data / 'jifen.db'}")
    cold_stored, cold_whole = blob_bytes(store)
    cold_file = (data / "jifen.db").stat().st_size
    cold_tables = table_bytes(data / "jifen.db")
    started = time.perf_counter()
    for _ in range(cycles):
        check(env)
    seconds = time.perf_counter() - started
    stored, whole = blob_bytes(store)
    store.engine.dispose()
    with Store(f"sqlite:///{data / 'jifen.db'}").engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    tables = table_bytes(data / "jifen.db")
    grown = {name: size - cold_tables.get(name, 0) for name, size in tables.items()}
    checks = count * cycles
    body_rows = sum(grown.get(name, 0) for name in BODY_TABLES) / checks
    return {
        "body_rows": body_rows,
        # The same rows with whole blobs: a blob row and its key each, no blob_delta row.
        "body_rows_whole": body_rows
        - grown.get("blob_delta", 0) / checks
        - (stored - cold_stored) / checks
        + (whole - cold_whole) / checks,
        "other_rows": sum(v for k, v in grown.items() if k not in BODY_TABLES) / checks,
        "cold_blob": cold_stored / count,
        "stored": (stored - cold_stored) / checks,
        "whole": (whole - cold_whole) / checks,
        "file": ((data / "jifen.db").stat().st_size - cold_file) / checks,
        "seconds_per_cycle": seconds / cycles,
    }


def table(count: int, cycles: int, m: dict[str, float]) -> list[str]:
    checks = TARGET_SOURCES * TARGET_CYCLES

    def mib(per_check: float) -> str:
        return f"{per_check * checks / 2**20:,.1f} MiB"

    return [
        f"Storage per unchanged check of a ~10 KB page whose visit counter changes, "
        f"`jifen check` x {cycles} at N = {count} ({m['seconds_per_cycle']:.1f} s a cycle; "
        f"first capture {m['cold_blob']:,.0f} B a source); target ≤ 1 KB a check",
        "",
        f"| stored as | bytes a check | N = {TARGET_SOURCES}, {TARGET_CYCLES} cycles |",
        "|---|---|---|",
        f"| whole zlib blob each (before): compressed bytes | {m['whole']:,.0f} B | "
        f"{mib(m['whole'])} |",
        f"| zstd delta (now): compressed bytes | {m['stored']:,.0f} B | {mib(m['stored'])} |",
        f"| whole zlib blob each (before): body rows with keys (est.) | "
        f"{m['body_rows_whole']:,.0f} B | {mib(m['body_rows_whole'])} |",
        f"| zstd delta (now): body rows with keys | {m['body_rows']:,.0f} B | "
        f"{mib(m['body_rows'])} |",
        f"| attempt and snapshot rows with keys (either way) | {m['other_rows']:,.0f} B | "
        f"{mib(m['other_rows'])} |",
        f"| database file growth (now) | {m['file']:,.0f} B | {mib(m['file'])} |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=100)
    parser.add_argument("--cycles", type=int, default=20, help="unchanged cycles after the cold")
    parser.add_argument("--site", metavar="PORTFILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.site:  # the site's process
        serve_site(Path(args.site), args.sources)
        return
    with tempfile.TemporaryDirectory(prefix="jifen-bench-storage-") as tmp:
        site, base = start_site(args.sources, Path(tmp))
        try:
            httpx.get(f"{base}/p/0.html").raise_for_status()
            measured = measure(args.sources, args.cycles, Path(tmp), base)
        finally:
            site.terminate()
            site.wait(timeout=10)
    print("\n".join(table(args.sources, args.cycles, measured)))


if __name__ == "__main__":
    main()

"""The bound: the least a tracker can do and still keep what jifen must keep, written lean.

The floor's fetch, table extraction and hash, plus the records issue 2 asks the store for, in plain
sqlite3 (WAL, synchronous=NORMAL) with one transaction per 250 checks: a row per fetch attempt,
each distinct raw capture compressed under its sha256, a version row holding the table's rows
when they changed, one entity row per trade the source never listed before, and an event row
naming the trades added and removed. It knows the benchmark's page layout, so it skips what
jifen cannot: decoding detection, page anatomy, WAF and plausibility gates, aliases, keyed diffs
of every field, evidence, feeds. Its ratio to the floor is what storing alone costs; jifen's
ratio can go no lower.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
import sys
import time
import zlib
from dataclasses import dataclass

import aiohttp
from selectolax.lexbor import LexborHTMLParser

from bench.floor import page_text

CONCURRENCY = 64
BATCH = 250
SCHEMA = """
CREATE TABLE IF NOT EXISTS head (
    source TEXT PRIMARY KEY, etag TEXT, digest TEXT, version INTEGER, names TEXT);
CREATE TABLE IF NOT EXISTS attempt (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, status INTEGER, at REAL NOT NULL, sha TEXT);
CREATE TABLE IF NOT EXISTS blob (sha TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS version (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, sha TEXT NOT NULL, digest TEXT NOT NULL,
    rows TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entity (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS ix_entity_source ON entity (source);
CREATE TABLE IF NOT EXISTS event (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, version INTEGER NOT NULL, added TEXT NOT NULL,
    removed TEXT NOT NULL);
"""


@dataclass(slots=True)
class Capture:
    source: str
    status: int
    etag: str
    sha: str | None = None
    data: bytes | None = None
    rows: list[list[str]] | None = None
    digest: str | None = None


def read(source: str, status: int, etag: str, body: bytes, content_type: str) -> Capture:
    table = LexborHTMLParser(page_text(body, content_type)).css_first("table")
    rows = (
        [] if table is None else [tr.text(separator="\x1f").split("\x1f") for tr in table.css("tr")]
    )
    text = json.dumps(rows, ensure_ascii=False)
    return Capture(
        source,
        status,
        etag,
        sha=hashlib.sha256(body).hexdigest(),
        data=zlib.compress(body, 1),
        rows=rows,
        digest=hashlib.sha256(text.encode()).hexdigest(),
    )


def names_of(rows: list[list[str]]) -> list[str]:
    if not rows:
        return []
    column = next((i for i, cell in enumerate(rows[0]) if "名称" in cell), 0)
    return [row[column] for row in rows[1:] if column < len(row)]


def write(
    db: sqlite3.Connection, heads: dict[str, tuple[str, str, int]], batch: list[Capture]
) -> int:
    """One transaction for the batch; returns how many versions changed an earlier one."""
    now = time.time()
    changed = 0
    listings: dict[str, str] = {}
    with db:
        db.executemany(
            "INSERT INTO attempt (source, status, at, sha) VALUES (?, ?, ?, ?)",
            [(c.source, c.status, now, c.sha) for c in batch],
        )
        captured = [c for c in batch if c.data is not None]
        db.executemany(
            "INSERT INTO blob (sha, data) VALUES (?, ?) ON CONFLICT (sha) DO NOTHING",
            [(c.sha, c.data) for c in captured],
        )
        for c in captured:
            assert c.rows is not None and c.digest is not None and c.sha is not None
            head = heads.get(c.source)
            if head is not None and head[1] == c.digest:
                heads[c.source] = (c.etag, head[1], head[2])
                continue
            version = db.execute(
                "INSERT INTO version (source, sha, digest, rows) VALUES (?, ?, ?, ?)",
                (c.source, c.sha, c.digest, json.dumps(c.rows, ensure_ascii=False)),
            ).lastrowid
            assert version is not None
            names = names_of(c.rows)
            old: set[str] = set()
            if head is not None:  # the names a changed page had: read only for that page
                (listed,) = db.execute("SELECT names FROM head WHERE source = ?", (c.source,))
                old.update(json.loads(listed[0]))
            added = [n for n in names if n not in old]
            db.executemany(
                "INSERT INTO entity (source, name, version) VALUES (?, ?, ?)",
                [(c.source, n, version) for n in added],
            )
            if head is not None:
                removed = sorted(old.difference(names))
                db.execute(
                    "INSERT INTO event (source, version, added, removed) VALUES (?, ?, ?, ?)",
                    (c.source, version, json.dumps(added), json.dumps(removed)),
                )
                changed += 1
            heads[c.source] = (c.etag, c.digest, version)
            listings[c.source] = json.dumps(names, ensure_ascii=False)
        db.executemany(
            "INSERT INTO head (source, etag, digest, version, names) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (source) DO UPDATE SET etag = excluded.etag, digest = excluded.digest, "
            "version = excluded.version, names = coalesce(excluded.names, head.names)",
            [(c.source, *heads[c.source], listings.get(c.source)) for c in captured],
        )
    return changed


async def cycle(base: str, count: int, db: sqlite3.Connection) -> dict[str, int]:
    heads = {
        source: (etag, digest, version)
        for source, etag, digest, version in db.execute(
            "SELECT source, etag, digest, version FROM head"
        )
    }
    counts = {"ok": 0, "not_modified": 0, "changed": 0}
    gate = asyncio.Semaphore(CONCURRENCY)
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(index: int) -> Capture:
            source = f"s{index:05d}"
            head = heads.get(source)
            headers = {"If-None-Match": head[0]} if head is not None else {}
            async with gate, session.get(f"{base}/p/{index}.html", headers=headers) as response:
                etag = response.headers.get("ETag", "")
                if response.status == 304:
                    return Capture(source, 304, etag)
                body = await response.read()
                content_type = response.headers.get("Content-Type", "")
                return read(source, response.status, etag, body, content_type)

        batch: list[Capture] = []
        for done in asyncio.as_completed([one(i) for i in range(count)]):
            capture = await done
            counts["ok" if capture.status == 200 else "not_modified"] += 1
            batch.append(capture)
            if len(batch) >= BATCH:
                counts["changed"] += write(db, heads, batch)
                batch = []
        counts["changed"] += write(db, heads, batch)
    return counts


def main() -> None:
    base, count, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    from bench.measure import measured

    db = sqlite3.connect(path, isolation_level="DEFERRED")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(SCHEMA)
    with measured() as result:
        result["counts"] = asyncio.run(cycle(base, count, db))
    db.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()

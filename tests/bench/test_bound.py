"""The benchmark's bound keeps the records it claims and sees the changes jifen publishes, so its
ratio to the floor is a fair lower bound for jifen's."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, web

from bench import bound, tracker
from bench.server import make_app
from scraper.records import Source, SourceKind
from store.store import Store

COUNT = 8


async def _phases(tmp_path: Path) -> dict[str, Any]:
    runner = web.AppRunner(make_app(COUNT), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    base = f"http://127.0.0.1:{port}"
    db = sqlite3.connect(tmp_path / "bound.db")
    db.executescript(bound.SCHEMA)
    store = Store(f"sqlite:///{tmp_path / 'jifen.db'}")
    sources = [
        Source(id=f"s{i:05d}", url=f"{base}/p/{i}.html", kind=SourceKind.CATALOGUE)
        for i in range(COUNT)
    ]
    store.upsert_sources(sources)
    seen: dict[str, Any] = {}
    try:
        for phase in ("cold", "unchanged", "changed"):
            if phase == "changed":
                async with ClientSession() as client:
                    await client.post(f"{base}/_revise?fraction=0.25&seed=3")
            seen[f"bound:{phase}"] = await bound.cycle(base, COUNT, db)
            seen[f"jifen:{phase}"] = await tracker.cycle(store, sources)
            seen[f"attempts:{phase}"] = db.execute("SELECT count(*) FROM attempt").fetchone()[0]
            seen[f"entities:{phase}"] = db.execute("SELECT count(*) FROM entity").fetchone()[0]
        seen["blobs"] = db.execute("SELECT count(*) FROM blob").fetchone()[0]
        seen["versions"] = db.execute("SELECT count(*) FROM version").fetchone()[0]
        seen["events"] = [
            (json.loads(added), json.loads(removed))
            for added, removed in db.execute("SELECT added, removed FROM event ORDER BY id")
        ]
        seen["first_rows"] = [
            json.loads(rows)
            for (rows,) in db.execute("SELECT rows FROM version ORDER BY id LIMIT 1")
        ]
    finally:
        db.close()
        store.close()
        await runner.cleanup()
    return seen


def test_bound_keeps_the_records_and_finds_the_changes_jifen_publishes(tmp_path: Path) -> None:
    seen = asyncio.run(_phases(tmp_path))

    assert seen["bound:cold"] == {"ok": COUNT, "not_modified": 0, "changed": 0}
    assert seen["jifen:cold"] == {"ok": COUNT}
    header, *rows = seen["first_rows"][0]
    assert header == ["序号", "专业代码", "专业名称", "所属类别"]
    assert len(rows) >= 60 and all(len(row) == 4 for row in rows)
    # One entity per trade of every page, one attempt per fetch, one blob per page.
    first_entities = seen["entities:cold"]
    assert first_entities >= 60 * COUNT
    assert seen["attempts:cold"] == COUNT

    assert seen["bound:unchanged"] == {"ok": 0, "not_modified": COUNT, "changed": 0}
    assert seen["jifen:unchanged"] == {"not_modified": COUNT}
    assert seen["attempts:unchanged"] == 2 * COUNT
    assert seen["entities:unchanged"] == first_entities

    # Two pages revised: each lost one row and gained 新增专业1; jifen publishes those two.
    assert seen["bound:changed"] == {"ok": 2, "not_modified": COUNT - 2, "changed": 2}
    assert seen["jifen:changed"] == {"ok": 2, "not_modified": COUNT - 2, "changed": 2}
    assert [added for added, _ in seen["events"]] == [["新增专业1"], ["新增专业1"]]
    assert all(len(removed) == 1 for _, removed in seen["events"])
    assert seen["entities:changed"] == first_entities + 2
    assert seen["blobs"] == COUNT + 2
    assert seen["versions"] == COUNT + 2

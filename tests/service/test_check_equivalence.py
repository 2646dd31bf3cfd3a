"""`check_source`, the plain reference path, and `check_sources`, the concurrent and batched one,
leave the same records in the store for the same captures: attempts, snapshots, versions,
change events and hashes, through first captures, 304s, changes, quarantine and confirmation.
So does `check_sources` as `jifen serve` runs it: reading in reader processes, writing in the
writer thread."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select

from scraper.fetch import make_client
from scraper.records import Source, SourceKind
from service.pipeline.check import check_source
from service.pipeline.cycle import Pipeline, check_sources
from service.pipeline.readers import ReaderPool
from service.pipeline.record import Recorder
from service.pipeline.writers import WriterThread
from store.store import Store
from store.tables import ATTEMPT, EVENT, SNAPSHOT, VERSION
from tests.fakesite import FakeSite
from tests.service.official import SEED_TRADES, catalogue_page, points_page
from tests.service.test_scenario import FAST

# Columns that say what was recorded; ids, clocks and durations differ between two runs.
COMPARED: dict[Table, tuple[str, ...]] = {
    ATTEMPT: (
        "outcome",
        "detail",
        "status",
        "snapshot_sha256",
        "etag",
        "encoding",
        "decided_by",
        "gate",
        "parse_error",
    ),
    SNAPSHOT: ("sha256", "content_type", "status", "encoding", "decided_by"),
    VERSION: ("seq", "snapshot_sha256", "content_hash", "status", "is_technical", "document"),
    EVENT: ("classification", "title", "summary", "items", "evidence_sha256", "text_diff"),
}


def _sources(site: FakeSite) -> list[Source]:
    return [
        Source("trades", site.url("/catalogue.html"), SourceKind.CATALOGUE, name="工种目录"),
        Source("points", site.url("/points.html"), SourceKind.POINTS, name="技能等级分值"),
        Source("gone", site.url("/gone.html"), SourceKind.CATALOGUE),
        Source("flaky", site.url("/flaky.html"), SourceKind.POINTS),
        Source("empty", site.url("/empty.html"), SourceKind.CATALOGUE),
    ]


def _revisions(site: FakeSite) -> list[Callable[[], None]]:
    """What the site shows before each cycle."""

    def first() -> None:
        site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
        site.publish("/points.html", points_page())
        site.publish("/empty.html", "<html><body><p>栏目建设中</p></body></html>")
        site.fail("/gone.html", 404)
        site.fail("/flaky.html", 503)

    def changed() -> None:
        site.publish("/catalogue.html", catalogue_page([*SEED_TRADES[:-1], "无人机驾驶员"]))
        site.publish("/points.html", points_page({"三": 70}, visits=99))

    def dropped() -> None:  # a drastic drop: held for confirmation
        site.publish("/catalogue.html", catalogue_page(SEED_TRADES[:10]))

    return [first, lambda: None, changed, dropped, lambda: None]


def _run(store: Store, sources: Sequence[Source], *, batched: bool, served: bool = False) -> None:
    async def cycle() -> None:
        async with make_client(FAST) as client, ReaderPool(inline_max_bytes=0) as pool:
            pipeline = Pipeline(recorder=Recorder(store), client=client, limits=FAST)
            if served:  # as jifen serve: every page read in a process, written in a thread
                async with WriterThread() as writers:
                    await check_sources(replace(pipeline, readers=pool, writers=writers), sources)
            elif batched:
                await check_sources(pipeline, sources)
            else:
                for source in sources:
                    await check_source(pipeline, source)

    asyncio.run(cycle())


def _records(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Per table, the compared columns of every row, per source in the order written."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    with store.engine.connect() as connection:
        for table, columns in COMPARED.items():
            rows = connection.execute(
                select(table.c.source_id, *(table.c[c] for c in columns)).order_by(
                    table.c.source_id, table.c.id
                )
            )
            found[table.name] = [tuple(row) for row in rows]
    return found


def test_the_reference_path_and_the_batched_cycle_record_the_same(
    fake_site: FakeSite, tmp_path: Path
) -> None:
    sources = _sources(fake_site)
    plain = Store(f"sqlite:///{tmp_path / 'plain.db'}")
    batched = Store(f"sqlite:///{tmp_path / 'batched.db'}")
    served = Store(f"sqlite:///{tmp_path / 'served.db'}")
    for store in (plain, batched, served):
        store.upsert_sources(sources)
    for revise in _revisions(fake_site):
        revise()
        _run(plain, sources, batched=False)
        _run(batched, sources, batched=True)
        _run(served, sources, batched=True, served=True)
        assert _records(plain) == _records(batched) == _records(served)

    records = _records(plain)
    statuses = [row[4] for row in records["version"] if row[0] == "trades"]
    assert statuses == ["published", "published", "published"]  # the drop confirmed
    assert {row[0] for row in records["change_event"]} == {"trades", "points"}
    assert len([row for row in records["change_event"] if row[0] == "trades"]) == 2
    outcomes = {row[1] for row in records["fetch_attempt"]}
    assert {"ok", "not_modified", "permanent_error", "transient_error", "suspect"} <= outcomes
    for store in (plain, batched, served):
        store.close()

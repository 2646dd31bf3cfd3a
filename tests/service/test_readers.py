"""A cycle that reads its captures in worker processes records exactly what an inline one does."""

from __future__ import annotations

import asyncio
import os
import signal
from dataclasses import replace
from pathlib import Path

from scraper.fetch import FetchLimits, make_client
from scraper.records import Outcome, Source, SourceKind
from service.pipeline import CheckSummary, Pipeline, Recorder, check_sources
from service.readers import Readers
from store.store import Store
from tests.service.official import SEED_TRADES, catalogue_page, points_page

FAST = replace(FetchLimits(), per_host_delay_seconds=0.0, total_deadline_seconds=10.0)


def run_cycle(store: Store, sources: list[Source], readers: Readers | None) -> list[CheckSummary]:
    async def cycle() -> list[CheckSummary]:
        async with make_client(FAST) as client:
            pipeline = Pipeline(
                recorder=Recorder(store), client=client, limits=FAST, readers=readers
            )
            return await check_sources(pipeline, sources)

    return asyncio.run(cycle())


def publish_site(fake_site) -> list[Source]:  # type: ignore[no-untyped-def]
    """Six catalogues (one without any table), a points page and a missing page."""
    sources = []
    for i in range(6):
        trades = SEED_TRADES[i : i + 40]
        body = catalogue_page(trades) if i != 3 else "<html><body><p>栏目维护中</p></body></html>"
        fake_site.publish(f"/c{i}.html", body)
        sources.append(
            Source(id=f"c{i}", url=fake_site.url(f"/c{i}.html"), kind=SourceKind.CATALOGUE)
        )
    fake_site.publish("/points.html", points_page())
    sources.append(Source(id="points", url=fake_site.url("/points.html"), kind=SourceKind.POINTS))
    sources.append(Source(id="gone", url=fake_site.url("/gone.html"), kind=SourceKind.CATALOGUE))
    return sources


def recorded(store: Store, summaries: list[CheckSummary]) -> list[tuple[object, ...]]:
    """What a user sees of each check: outcome, detail, and the content of its version."""
    seen: list[tuple[object, ...]] = []
    for summary in summaries:
        version = store.latest_version(summary.source_id)
        content = None
        if version is not None:
            catalogue = version.document.catalogue
            points = version.document.points
            content = (
                version.content_hash,
                tuple(t.name for t in catalogue.trades) if catalogue else (),
                tuple((r.level, r.points) for r in points.rules) if points else (),
            )
        seen.append((summary.source_id, summary.outcome, summary.detail, content))
    return seen


def test_workers_record_what_the_main_process_records(fake_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sources = publish_site(fake_site)
    inline, pooled = (
        Store(f"sqlite:///{tmp_path / 'a.db'}"),
        Store(f"sqlite:///{tmp_path / 'b.db'}"),
    )
    for store in (inline, pooled):
        store.upsert_sources(sources)

    expected = recorded(inline, run_cycle(inline, sources, None))
    with Readers(workers=1, min_cycle=1) as readers:
        got = recorded(pooled, run_cycle(pooled, sources, readers))
        assert readers.started

    assert got == expected
    outcomes = {source_id: outcome for source_id, outcome, _, _ in got}
    assert outcomes["c0"] is Outcome.OK and outcomes["points"] is Outcome.OK
    assert outcomes["c3"] is Outcome.SUSPECT  # no table: a parse failure, read in a worker
    assert outcomes["gone"] is Outcome.PERMANENT_ERROR


def test_a_dead_worker_loses_no_check(fake_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sources = publish_site(fake_site)
    store = Store(f"sqlite:///{tmp_path / 'a.db'}")
    store.upsert_sources(sources)
    with Readers(workers=1, min_cycle=1) as readers:
        run_cycle(store, sources[:1], readers)  # starts the worker
        for pid in readers.worker_pids:
            os.kill(pid, signal.SIGKILL)

        summaries = run_cycle(store, sources, readers)

        assert not readers.wanted(len(sources))  # later cycles read in the main process
    outcomes = {s.source_id: s.outcome for s in summaries}
    assert outcomes["c0"] is Outcome.NOT_MODIFIED  # read by the worker before it died
    ok = [s.source_id for s in summaries if s.outcome is Outcome.OK]
    assert ok == ["c1", "c2", "c4", "c5", "points"]
    for source_id in ["c0", *ok]:
        version = store.latest_version(source_id)
        assert version is not None and version.document.parser


def test_small_cycles_start_no_workers(fake_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sources = publish_site(fake_site)
    store = Store(f"sqlite:///{tmp_path / 'a.db'}")
    store.upsert_sources(sources)
    with Readers(workers=1, min_cycle=len(sources) + 1) as readers:
        summaries = run_cycle(store, sources, readers)
        assert not readers.started
    assert sum(s.outcome is Outcome.OK for s in summaries) == 6

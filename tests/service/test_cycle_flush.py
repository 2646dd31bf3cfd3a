"""A cycle writes finished checks while a slow host still hangs: at least every few seconds, not
only when a full batch of 250 is ready, so a kill during the hang loses nothing already done."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import replace
from pathlib import Path

from scraper.fetch import FetchLimits, make_client
from scraper.records import Outcome, Source, SourceKind
from service.pipeline.cycle import Pipeline, check_sources
from service.pipeline.record import CheckSummary, Recorder
from store.store import Store
from tests.fakesite import FakeSite, RequestInfo
from tests.outbound import FAKE_SITES
from tests.service.official import SEED_TRADES, catalogue_page

LIMITS = replace(
    FetchLimits(),
    outbound=FAKE_SITES,
    per_host_delay_seconds=0.0,
    backoff_base_seconds=0.01,
    retries=0,
)


def test_finished_checks_are_stored_while_another_host_still_hangs(
    fake_site: FakeSite, tmp_path: Path
) -> None:
    released = threading.Event()

    def hang(_info: RequestInfo) -> tuple[int, list[tuple[str, str]], bytes]:
        released.wait(timeout=20)
        return 200, [("Content-Type", "text/html; charset=utf-8")], b"<html></html>"

    fake_site.respond("/hangs.html", hang)
    for n in range(3):
        fake_site.publish(f"/p{n}.html", catalogue_page(SEED_TRADES))
    sources = [
        Source(f"p{n}", fake_site.url(f"/p{n}.html"), SourceKind.CATALOGUE) for n in range(3)
    ]
    slow = Source("hangs", fake_site.url("/hangs.html"), SourceKind.CATALOGUE)
    store = Store(f"sqlite:///{tmp_path / 'jifen.db'}")
    store.upsert_sources([*sources, slow])

    async def cycle() -> tuple[list[CheckSummary], dict[str, int], float]:
        async with make_client(LIMITS) as client:
            pipeline = Pipeline(Recorder(store), client, LIMITS, flush_seconds=0.3)
            running = asyncio.create_task(check_sources(pipeline, [slow, *sources]))
            started = time.monotonic()
            while sum(h.checks for h in store.all_health()) < 3:
                assert time.monotonic() - started < 5, "finished checks were not written"
                await asyncio.sleep(0.05)
            written_after = time.monotonic() - started
            during_hang = {h.source_id: h.checks for h in store.all_health()}
            released.set()
            return await running, during_hang, written_after

    summaries, during_hang, written_after = asyncio.run(cycle())
    assert during_hang == {"hangs": 0, "p0": 1, "p1": 1, "p2": 1}
    assert written_after < 2
    assert [s.outcome for s in summaries][1:] == [Outcome.OK] * 3
    assert store.health("hangs").checks == 1  # written once the hang ended
    store.close()

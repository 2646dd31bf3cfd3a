"""robots.txt answers last one cycle in a long-lived process: `jifen serve` keeps one pipeline,
and one failed robots.txt must not block a host until the next restart."""

from __future__ import annotations

import asyncio
from pathlib import Path

from scraper.records import Outcome, Source, SourceKind
from service import runtime
from service.pipeline.check import check_cycle, check_one
from service.pipeline.record import CheckSummary
from service.settings import Settings
from store.store import Store
from tests.fakesite import FakeSite
from tests.outbound import FAKE_SITES_ENV
from tests.service.official import SEED_TRADES, catalogue_page


def test_a_503_robots_blocks_one_check_only(fake_site: FakeSite, tmp_path: Path) -> None:
    settings = Settings.from_env(
        {**FAKE_SITES_ENV, "JIFEN_DATA_DIR": str(tmp_path), "JIFEN_PER_HOST_DELAY_SECONDS": "0"}
    )
    store = Store(settings.database_url)
    source = Source(id="trades", url=fake_site.url("/c.html"), kind=SourceKind.CATALOGUE)
    store.upsert_sources([source])
    fake_site.publish("/c.html", catalogue_page(SEED_TRADES))
    fake_site.fail("/robots.txt", 503, times=1)

    async def serve_two_checks() -> tuple[list[CheckSummary], list[CheckSummary]]:
        # One pipeline for both checks, as `jifen serve` keeps one for its whole life.
        async with runtime.open_pipeline(settings, store, [source]) as pipeline:
            first = await check_one(pipeline, source, [source])
            second = await check_cycle(pipeline, [source])
            return first, second

    (first,), (second,) = asyncio.run(serve_two_checks())
    assert (first.outcome, first.detail) == (Outcome.TRANSIENT_ERROR, "robots_unreachable")
    assert second.outcome is Outcome.OK
    assert fake_site.hits("/robots.txt") == 2
    store.close()

"""jifen's own cycle over N sources: the full pipeline (fetch, decode, parse, gates, diff, store)."""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import replace

from bench.measure import measured
from scraper.fetch import FetchLimits, make_client
from scraper.outbound import OutboundPolicy
from scraper.records import Outcome, Source, SourceKind
from service.pipeline.cycle import Pipeline, check_sources
from service.pipeline.record import Recorder
from store.store import Store

# The benchmark's server listens on 127.0.0.1, which the outbound policy refuses by default.
LIMITS = replace(
    FetchLimits(), per_host_delay_seconds=0.0, outbound=OutboundPolicy.allowing("127.0.0.1")
)


async def cycle(store: Store, sources: list[Source]) -> dict[str, int]:
    async with make_client(LIMITS) as client:
        pipeline = Pipeline(recorder=Recorder(store), client=client, limits=LIMITS, concurrency=64)
        summaries = await check_sources(pipeline, sources)
    counts: dict[str, int] = {}
    for s in summaries:
        counts[s.outcome.value] = counts.get(s.outcome.value, 0) + 1
        if s.event_id is not None:
            counts["changed"] = counts.get("changed", 0) + 1
        if s.outcome is not Outcome.OK and s.outcome is not Outcome.NOT_MODIFIED:
            counts.setdefault("failures", 0)
            counts["failures"] += 1
    return counts


def main() -> None:
    base, count, db = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    db_url = db if "://" in db else f"sqlite:///{db}"
    sources = [
        Source(id=f"s{i:05d}", url=f"{base}/p/{i}.html", kind=SourceKind.CATALOGUE)
        for i in range(count)
    ]
    store = Store(db_url)
    store.upsert_sources(sources)
    with measured() as result:
        result["counts"] = asyncio.run(cycle(store, sources))
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""A cycle over many page sources: fetches run concurrently, each capture is read as soon as it
arrives (parsing overlaps the network), and results are written in batches.

`service.pipeline.check.check_source` says what one check is; this is the same work arranged
for many sources at once, tested to give the same records.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import httpx

from scraper.fetch import FetchLimits, fetch_page
from scraper.limits import HostPacer
from scraper.records import FetchResult, Outcome, Source, SourceKind, Validators
from scraper.robots import RobotsPolicy
from service.pipeline.assess import read_capture
from service.pipeline.record import WRITE_BATCH, CheckSummary, Read, Recorder, record_batch
from store.records import SourceState
from store.store import Store

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Pipeline:
    """What a check needs, passed in: the client, limits and politeness, and the recorder."""

    recorder: Recorder
    client: httpx.AsyncClient
    limits: FetchLimits
    robots: RobotsPolicy | None = None
    pacer: HostPacer | None = None  # per-host politeness, shared by every fetch of the process
    clock: Clock = lambda: datetime.now(UTC)
    concurrency: int = 64

    @property
    def store(self) -> Store:
        return self.recorder.store

    def next_cycle(self) -> Pipeline:
        """This pipeline for a new cycle: robots.txt answers last one cycle (RFC 9309 §2.3.1.4:
        an unreachable robots.txt is asked again later), never the life of the process."""
        if self.robots is None:
            return self
        return replace(self, robots=self.robots.renewed())

    async def fetch(
        self, source: Source, validators: Validators | None = None, *, accept_binary: bool = False
    ) -> FetchResult:
        """One GET of `source` with this pipeline's client, limits, robots policy and pacing;
        conditional on `validators` when given."""
        return await fetch_page(
            self.client,
            source,
            validators or Validators(),
            self.limits,
            robots=self.robots,
            pacer=self.pacer,
            accept_binary=accept_binary,
            clock=self.clock,
        )


async def check_sources(pipeline: Pipeline, sources: Sequence[Source]) -> list[CheckSummary]:
    """One check of each page source; operational failures are recorded, storage errors
    propagate. Index sources route notices to other sources: `check_one` runs them."""
    if not sources:
        return []
    if indexes := [s.id for s in sources if s.kind is SourceKind.INDEX]:
        raise ValueError(f"check_sources takes page sources; check {indexes} with check_one")
    states = pipeline.store.states(s.id for s in sources)
    gate = asyncio.Semaphore(pipeline.concurrency)

    async def fetch_one(source: Source) -> tuple[Source, FetchResult]:
        async with gate:
            return source, await pipeline.fetch(source, _validators(states.get(source.id)))

    fetches = [asyncio.ensure_future(fetch_one(s)) for s in sources]
    try:
        summaries = await _record_as_fetched(pipeline.recorder, fetches, states)
    finally:
        for fetch in fetches:
            fetch.cancel()  # left running only when a write failed: nothing may outlive the call
    order = {s.id: i for i, s in enumerate(sources)}
    summaries.sort(key=lambda s: order[s.source_id])
    return summaries


async def _record_as_fetched(
    recorder: Recorder,
    fetches: Sequence[asyncio.Future[tuple[Source, FetchResult]]],
    states: dict[str, SourceState],
) -> list[CheckSummary]:
    """Read each capture as it arrives; assess and write in batches."""
    summaries: list[CheckSummary] = []
    ready: list[Read] = []
    for next_done in asyncio.as_completed(fetches):
        source, fetched = await next_done
        reading = read_capture(source, fetched) if fetched.outcome is Outcome.OK else None
        ready.append((source, fetched, reading))
        if len(ready) >= WRITE_BATCH:
            # Written as soon as a batch is full: a big cycle never holds every page at once.
            summaries.extend(record_batch(recorder, ready, states))
            ready = []
    summaries.extend(record_batch(recorder, ready, states))
    return summaries


def _validators(state: SourceState | None) -> Validators:
    return state.validators if state is not None else Validators()

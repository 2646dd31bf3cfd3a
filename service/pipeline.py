"""The one function that sequences the stages: fetch → decode → parse → gates → diff → store.

`check_sources` runs one cycle over many sources: fetches run concurrently, each capture is
assessed as soon as it arrives (so parsing overlaps the network), and the results are written in
one transaction per batch.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from scraper.fetch import FetchLimits, fetch_page
from scraper.limits import HostPacer
from scraper.records import FetchResult, Outcome, ParsedDocument, Source, SourceKind, Validators
from scraper.robots import RobotsPolicy
from service.assess import Assessment, ImpactFn, Reading, assess_capture, read_capture
from store.records import CheckOutcome, CheckRecord, SourceState
from store.store import StaleBase, Store

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
CheckHook = Callable[[Source, "CheckSummary"], None]
WRITE_BATCH = 250  # checks per write transaction: big enough to amortise, small enough to retry


@dataclass(frozen=True, slots=True)
class CheckSummary:
    source_id: str
    outcome: Outcome
    detail: str
    elapsed_seconds: float
    version_id: int | None = None
    event_id: int | None = None
    event_title: str | None = None
    gate: str | None = None

    def line(self) -> str:
        """One human line for `jifen check`."""
        parts = [f"{self.source_id}: {self.outcome.value}"]
        if self.detail:
            parts.append(f"({self.detail})")
        if self.gate and self.gate.startswith("quarantine"):
            parts.append(f"held for confirmation [{self.gate}]")
        if self.event_title:
            parts.append(f"→ change #{self.event_id}: {self.event_title}")
        elif self.version_id is not None and self.outcome is Outcome.OK:
            parts.append(f"version {self.version_id}")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Recorder:
    """The half of the pipeline after the network: assess captures and store them."""

    store: Store
    impact: ImpactFn | None = None
    on_check: CheckHook | None = None


@dataclass(frozen=True, slots=True)
class Pipeline:
    """What a cycle needs, passed in: the client, limits and politeness, and the recorder."""

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


async def check_sources(pipeline: Pipeline, sources: Sequence[Source]) -> list[CheckSummary]:
    """One check of each page source; operational failures are recorded, storage errors
    propagate. Index sources route notices to other sources: `service.checks` runs them."""
    if not sources:
        return []
    if indexes := [s.id for s in sources if s.kind is SourceKind.INDEX]:
        raise ValueError(f"check_sources takes page sources; check {indexes} with check_one")
    states = pipeline.store.states(s.id for s in sources)
    gate = asyncio.Semaphore(pipeline.concurrency)

    async def fetch_one(source: Source) -> tuple[Source, FetchResult]:
        async with gate:
            validators = _validators(states.get(source.id))
            result = await fetch_page(
                pipeline.client,
                source,
                validators,
                pipeline.limits,
                robots=pipeline.robots,
                pacer=pipeline.pacer,
                clock=pipeline.clock,
            )
            return source, result

    fetches = [asyncio.ensure_future(fetch_one(s)) for s in sources]
    try:
        summaries = await _record_as_fetched(pipeline.recorder, fetches, states)
    finally:
        for fetch in fetches:
            fetch.cancel()  # left running only when a write failed: nothing may outlive the call
    order = {s.id: i for i, s in enumerate(sources)}
    summaries.sort(key=lambda s: order[s.source_id])
    return summaries


# A source, its fetch, and what the capture says when it is an OK one.
Read = tuple[Source, FetchResult, Reading | None]


async def _record_as_fetched(
    recorder: Recorder,
    fetches: Sequence[asyncio.Future[tuple[Source, FetchResult]]],
    states: dict[str, SourceState],
) -> list[CheckSummary]:
    """Read each capture as it arrives (parsing overlaps the network); assess and write in
    batches, each batch's previous documents read in one query."""
    summaries: list[CheckSummary] = []
    ready: list[Read] = []
    for next_done in asyncio.as_completed(fetches):
        source, fetched = await next_done
        reading = read_capture(source, fetched) if fetched.outcome is Outcome.OK else None
        ready.append((source, fetched, reading))
        if len(ready) >= WRITE_BATCH:
            # Written as soon as a batch is full: a big cycle never holds every page at once.
            summaries.extend(_assess_and_record(recorder, ready, states))
            ready = []
    summaries.extend(_assess_and_record(recorder, ready, states))
    return summaries


def _assess_and_record(
    recorder: Recorder, batch: Sequence[Read], states: dict[str, SourceState]
) -> list[CheckSummary]:
    previous = recorder.store.documents(_compared_versions(batch, states)) if batch else {}
    assessed = [
        (
            source,
            _assess(
                recorder, source, fetched, states.get(source.id), reading=reading, known=previous
            ),
        )
        for source, fetched, reading in batch
    ]
    return _record(recorder, assessed)


def _compared_versions(batch: Sequence[Read], states: dict[str, SourceState]) -> set[int]:
    """Versions the batch's assessments will diff against: the published head of each source
    whose new capture reads differently, and both heads where a held version may be confirmed."""
    wanted: set[int] = set()
    for source, fetched, reading in batch:
        state = states.get(source.id)
        if state is None or state.published is None:
            continue
        if reading is not None and reading.digest != state.published.content_hash:
            wanted.add(state.published.id)
        if state.pending is not None and (
            fetched.outcome is Outcome.NOT_MODIFIED
            or (reading is not None and reading.digest == state.pending.content_hash)
        ):
            wanted.update((state.published.id, state.pending.id))
    return wanted


def record_capture(
    recorder: Recorder,
    source: Source,
    fetched: FetchResult,
    *,
    is_backfill: bool = False,
    document: ParsedDocument | None = None,
) -> CheckSummary:
    """Assess and store one capture obtained elsewhere (an import), through the same gates.

    `document`: the capture already parsed (an attachment); see `assess_capture`.
    """
    state = recorder.store.states([source.id]).get(source.id)
    assessment = _assess(
        recorder, source, fetched, state, is_backfill=is_backfill, document=document
    )
    return _record(recorder, [(source, assessment)])[0]


def _assess(
    recorder: Recorder,
    source: Source,
    fetched: FetchResult,
    state: SourceState | None,
    *,
    is_backfill: bool = False,
    document: ParsedDocument | None = None,
    reading: Reading | None = None,
    known: Mapping[int, ParsedDocument] | None = None,
) -> Assessment:
    """`known`: documents of versions already read (a batch's), by id."""
    state = state or SourceState(source.id, Validators(), None, None, None)
    return assess_capture(
        source,
        fetched,
        state,
        _loader(recorder.store, known or {}),
        impact=recorder.impact,
        is_backfill=is_backfill,
        document=document,
        reading=reading,
    )


def _record(
    recorder: Recorder, assessed: Sequence[tuple[Source, Assessment]]
) -> list[CheckSummary]:
    summaries: list[CheckSummary] = []
    for start in range(0, len(assessed), WRITE_BATCH):
        chunk = assessed[start : start + WRITE_BATCH]
        try:
            outcomes = recorder.store.record_checks([a.record for _, a in chunk])
        except StaleBase:
            # Another writer moved a source on since we read its state: redo those one by one.
            outcomes = [_record_fresh(recorder, source, a.record) for source, a in chunk]
        for (source, assessment), outcome in zip(chunk, outcomes, strict=True):
            summary = _summary(assessment.record, outcome)
            if recorder.on_check is not None:
                recorder.on_check(source, summary)
            summaries.append(summary)
    return summaries


def _record_fresh(recorder: Recorder, source: Source, record: CheckRecord) -> CheckOutcome:
    state = recorder.store.states([source.id]).get(source.id)
    is_backfill = record.event.is_backfill if record.event else False
    fresh = _assess(recorder, source, record.fetch, state, is_backfill=is_backfill).record
    return recorder.store.record_check(fresh)


def _summary(record: CheckRecord, outcome: CheckOutcome) -> CheckSummary:
    fetch = record.fetch
    return CheckSummary(
        source_id=fetch.source_id,
        outcome=fetch.outcome,
        detail=fetch.detail,
        elapsed_seconds=fetch.elapsed_seconds,
        version_id=outcome.version_id,
        event_id=outcome.event_id,
        event_title=record.event.title if record.event and outcome.event_id else None,
        gate=record.gate,
    )


def _validators(state: SourceState | None) -> Validators:
    return state.validators if state is not None else Validators()


def _loader(store: Store, known: Mapping[int, ParsedDocument]) -> Callable[[int], ParsedDocument]:
    def load(version_id: int) -> ParsedDocument:
        if version_id in known:
            return known[version_id]
        version = store.version(version_id)
        if version is None:
            raise LookupError(f"version {version_id} vanished while assessing a capture")
        return version.document

    return load


def source_by_id(sources: Iterable[Source], source_id: str) -> Source:
    for source in sources:
        if source.id == source_id:
            return source
    known = ", ".join(s.id for s in sources)
    raise KeyError(f"unknown source {source_id!r}; configured sources: {known}")

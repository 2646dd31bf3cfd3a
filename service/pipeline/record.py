"""The half of a check after the network: assess a capture against the source's state and store
what it means, one write transaction per batch."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from diffing.completeness import gap_line
from diffing.gates import GateDecision, GateVerdict
from scraper.records import FetchResult, Outcome, ParsedDocument, Source, UnreadRule, Validators
from service.pipeline.assess import ImpactFn, Reading, assess_capture
from service.pipeline.writes import WriteHealth
from store.records import (
    CheckOutcome,
    CheckRecord,
    Fence,
    NewVersion,
    SourceState,
    VersionStatus,
)
from store.store import StaleBase, Store, StoreUnavailable
from words import badge, translate

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
    gate: GateVerdict | None = None
    # A rule document read in part: recorded as an incomplete version, these are its gaps.
    gaps: tuple[UnreadRule, ...] = ()
    is_incomplete: bool = False

    def line(self) -> str:
        """One human line for `jifen check`."""
        parts = [f"{self.source_id}: {badge(self.outcome)}"]
        if self.detail:
            parts.append(f"({badge(self.detail)})")
        if self.is_incomplete:
            parts.append(
                translate(
                    "version %(id)s recorded as incomplete: never published as a change, and any "
                    "score that needs an item not read says it is missing:",
                    id=self.version_id,
                )
            )
            parts.append(gap_line(self.gaps))
            return " ".join(parts)
        if self.gate is not None and self.gate.decision is GateDecision.QUARANTINE:
            parts.append(translate("held for confirmation [%(why)s]", why=self.gate.label))
        if self.event_title:
            said = translate(
                "→ change #%(id)s: %(title)s", id=self.event_id, title=self.event_title
            )
            parts.append(said)
        elif self.version_id is not None and self.outcome is Outcome.OK:
            parts.append(translate("version %(id)s", id=self.version_id))
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Recorder:
    """Assesses captures and stores them; `impact` tells a change who it affects; `fence` is
    the lease term the checks run under (the scheduler's), refused by the store once over;
    `writes` counts the writes that failed because the database was unavailable."""

    store: Store
    impact: ImpactFn | None = None
    on_check: CheckHook | None = None
    fence: Fence | None = None
    writes: WriteHealth | None = None


# A source, its fetch, and what the capture says when it is an OK one.
Read = tuple[Source, FetchResult, Reading | None]


def record_capture(
    recorder: Recorder,
    source: Source,
    fetched: FetchResult,
    *,
    is_backfill: bool = False,
    document: ParsedDocument | None = None,
    reading: Reading | None = None,
) -> CheckSummary:
    """Assess and store one capture (a live fetch, an import, an attachment already parsed as
    `document`) through the same gates."""
    state = recorder.store.states([source.id]).get(source.id)
    record = _assess(
        recorder,
        source,
        fetched,
        state,
        is_backfill=is_backfill,
        document=document,
        reading=reading,
    )
    return _record(recorder, [(source, record)])[0]


def record_batch(
    recorder: Recorder, batch: Sequence[Read], states: Mapping[str, SourceState]
) -> list[CheckSummary]:
    """Assess and store many captures read elsewhere, the versions they diff against read in one
    query. Gives the same records as `record_capture` one capture at a time."""
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


def _compared_versions(batch: Sequence[Read], states: Mapping[str, SourceState]) -> set[int]:
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
) -> CheckRecord:
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
    recorder: Recorder, assessed: Sequence[tuple[Source, CheckRecord]]
) -> list[CheckSummary]:
    summaries: list[CheckSummary] = []
    for start in range(0, len(assessed), WRITE_BATCH):
        chunk = assessed[start : start + WRITE_BATCH]
        outcomes = _write(recorder, chunk)
        for (source, record), outcome in zip(chunk, outcomes, strict=True):
            summary = _summary(record, outcome)
            if recorder.on_check is not None:
                recorder.on_check(source, summary)
            summaries.append(summary)
    return summaries


def record_attempt(recorder: Recorder, record: CheckRecord) -> CheckOutcome:
    """Store a check that makes no version (an index's listing page) under the same lease
    term and the same accounting of failed writes as every other check."""
    return _counted(
        recorder,
        [record.fetch.source_id],
        lambda: [recorder.store.record_check(record, fence=recorder.fence)],
    )[0]


def _write(recorder: Recorder, chunk: Sequence[tuple[Source, CheckRecord]]) -> list[CheckOutcome]:
    """One transaction for the chunk; an unavailable database is counted, then raised."""

    def write() -> list[CheckOutcome]:
        try:
            return recorder.store.record_checks([r for _, r in chunk], fence=recorder.fence)
        except StaleBase:
            # Another writer moved a source on since we read its state: redo those one by one.
            return [_record_fresh(recorder, source, record) for source, record in chunk]

    return _counted(recorder, [source.id for source, _ in chunk], write)


def _counted(
    recorder: Recorder, source_ids: Sequence[str], write: Callable[[], list[CheckOutcome]]
) -> list[CheckOutcome]:
    try:
        outcomes = write()
    except StoreUnavailable as error:
        if recorder.writes is not None:
            recorder.writes.failed(source_ids, error.reason, datetime.now(UTC))
        raise
    if recorder.writes is not None:
        recorder.writes.succeeded(source_ids)
    return outcomes


def _record_fresh(recorder: Recorder, source: Source, record: CheckRecord) -> CheckOutcome:
    state = recorder.store.states([source.id]).get(source.id)
    is_backfill = record.event.is_backfill if record.event else False
    fresh = _assess(recorder, source, record.fetch, state, is_backfill=is_backfill)
    return recorder.store.record_check(fresh, fence=recorder.fence)


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
        gaps=_gaps(record),
        is_incomplete=_is_incomplete(record),
    )


def _is_incomplete(record: CheckRecord) -> bool:
    action = record.version
    return isinstance(action, NewVersion) and action.status is VersionStatus.INCOMPLETE


def _gaps(record: CheckRecord) -> tuple[UnreadRule, ...]:
    action = record.version
    if not _is_incomplete(record) or not isinstance(action, NewVersion):
        return ()
    points = action.document.points
    return points.unread if points is not None else ()


def _loader(store: Store, known: Mapping[int, ParsedDocument]) -> Callable[[int], ParsedDocument]:
    def load(version_id: int) -> ParsedDocument:
        if version_id in known:
            return known[version_id]
        version = store.version(version_id)
        if version is None:
            raise LookupError(f"version {version_id} vanished while assessing a capture")
        return version.document

    return load

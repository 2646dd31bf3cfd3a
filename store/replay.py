"""Re-deriving a source's history: its captures in observed order, replayed in one transaction.

Only derived data is dropped (versions, trade entities, change events); raw snapshots and
attempts stay. A failure half-way rolls everything back, so the old history is never half gone.
A change derived again from the same capture keeps its id, so its feed entry and its links stay
what subscribers already have; it is marked corrected when its content came out different.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, or_, select, update

from scraper.records import FetchResult, Outcome, ParsedDocument
from store import queries, states
from store.blobs import read_bodies
from store.codec import decode_document, decode_pairs, decode_strings
from store.db import read_transaction, write_transaction
from store.errors import StoreError
from store.notify_records import NoticeKind
from store.outbox import enqueue_notice
from store.records import CheckRecord, NewVersion, Promote, Reject, SeenAgain, SourceState
from store.tables import ATTEMPT, EVENT, TRADE, TRADE_NAME, VERSION
from store.versioning import VersionWriter

if TYPE_CHECKING:
    from store.store import Store

# Attempts whose fetch was good even if the capture was then refused by the parser or a gate:
# a better parser may read them now, so they are replayed too.
_REPLAYED_DETAILS = ("extraction_failed", "gate_")


@dataclass(frozen=True, slots=True)
class StoredCapture:
    """One recorded capture of a source, rebuilt as the fetch result it was."""

    attempt_id: int
    observed_at: datetime
    sha256: str | None  # None for a 304 (no body)
    fetch: FetchResult


# What a change event says; a re-derived event that says the same is no correction.
_EVENT_CONTENT = (
    EVENT.c.classification,
    EVENT.c.title,
    EVENT.c.summary,
    EVENT.c["items"],  # `.items` would be the collection's method
    EVENT.c.text_diff,
    EVENT.c.from_version_id.is_(None),
)
EventKey = tuple[str, datetime]  # the evidence snapshot and the time the change was seen


@dataclass(frozen=True, slots=True)
class KeptEvent:
    """A change event from before the replay, as subscribers know it."""

    id: int
    content: tuple[object, ...]
    updated_at: datetime | None


class Replay:
    """The source's captures and what the assessment needs, inside the replay transaction."""

    def __init__(
        self,
        connection: Connection,
        source_id: str,
        kept: dict[EventKey, KeptEvent] | None = None,
        corrected_at: datetime | None = None,
    ) -> None:
        self._connection = connection
        # Re-derived history is no news; only a change subscribers had that now says something
        # else is told again, as a correction (`_keep_id`).
        self._writer = VersionWriter(connection, notify=False)
        self.source_id = source_id
        self._kept = kept or {}
        self._corrected_at = corrected_at

    def state(self) -> SourceState:
        return states.states(self._connection, [self.source_id])[self.source_id]

    def load(self, version_id: int) -> ParsedDocument:
        found = queries.version(self._connection, version_id)
        if found is None:
            raise StoreError(f"{self.source_id}: version {version_id} vanished during a replay")
        return found.document

    def apply(self, record: CheckRecord, sha256: str | None) -> tuple[int | None, int | None]:
        """Write the version action and event of a re-assessed capture; no new attempt row."""
        action, seen_at = record.version, record.observed_at or record.fetch.started_at
        version_id: int | None = None
        writer = self._writer
        if isinstance(action, NewVersion):
            version_id = writer.add_version(self.source_id, action, sha256, seen_at)
        elif isinstance(action, SeenAgain):
            version_id = writer.see_again(self.source_id, action, seen_at)
        elif isinstance(action, Promote | Reject):
            version_id = writer.settle(self.source_id, action, seen_at)
        event_id = None
        if record.event is not None and version_id is not None:
            event_id = self._keep_id(writer.add_event(self.source_id, record.event, version_id))
        return version_id, event_id

    def _keep_id(self, event_id: int) -> int:
        """The id the event had before the replay, when it was derived from the same capture."""
        row = self._connection.execute(
            select(
                EVENT.c.evidence_sha256, EVENT.c.observed_at, *_EVENT_CONTENT, EVENT.c.is_backfill
            ).where(EVENT.c.id == event_id)
        ).one()
        kept = self._kept.pop((str(row[0]), row[1]), None)
        if kept is None:
            return event_id
        same = tuple(row[2:-1]) == kept.content
        if not same and not row[-1]:
            enqueue_notice(self._connection, kept.id, NoticeKind.CORRECTION)
        self._connection.execute(
            update(EVENT)
            .where(EVENT.c.id == event_id)
            .values(id=kept.id, updated_at=kept.updated_at if same else self._corrected_at)
        )
        return kept.id


def stored_captures(connection: Connection, source_id: str) -> list[StoredCapture]:
    """Good captures of a source (OK, 304, or refused by parser/gate), oldest observed first."""
    good = or_(
        ATTEMPT.c.outcome.in_([Outcome.OK.value, Outcome.NOT_MODIFIED.value]),
        *(ATTEMPT.c.detail.startswith(prefix) for prefix in _REPLAYED_DETAILS),
    )
    rows = connection.execute(
        select(ATTEMPT)
        .where(ATTEMPT.c.source_id == source_id, good)
        .order_by(ATTEMPT.c.observed_at, ATTEMPT.c.id)
    ).all()
    bodies = read_bodies(connection, {str(r.snapshot_sha256) for r in rows if r.snapshot_sha256})
    captures: list[StoredCapture] = []
    seen: set[tuple[str | None, datetime]] = set()
    for row in rows:
        key = (row.snapshot_sha256, row.observed_at)
        body = bodies.get(row.snapshot_sha256 or "")
        if key in seen or (row.outcome != Outcome.NOT_MODIFIED.value and body is None):
            continue
        seen.add(key)
        captures.append(
            StoredCapture(int(row.id), row.observed_at, row.snapshot_sha256, _fetch(row, body))
        )
    return captures


def _fetch(row: Any, body: bytes | None) -> FetchResult:
    is_304 = row.outcome == Outcome.NOT_MODIFIED.value
    refused = str(row.detail).startswith(_REPLAYED_DETAILS)
    return FetchResult(
        source_id=str(row.source_id),
        requested_url=str(row.requested_url),
        outcome=Outcome.NOT_MODIFIED if is_304 else Outcome.OK,
        started_at=row.started_at,
        elapsed_seconds=float(row.elapsed_seconds),
        final_url=str(row.final_url),
        status=row.status,
        headers=decode_pairs(row.headers),
        body=body or b"",
        redirect_chain=decode_strings(row.redirect_chain),
        detail="" if refused else str(row.detail),
        attempts=int(row.attempts),
        truncated=row.truncated,
    )


def version_documents(connection: Connection, source_id: str) -> dict[str, ParsedDocument]:
    """The parsed document of each version, by the raw snapshot it was read from."""
    rows = connection.execute(
        select(VERSION.c.snapshot_sha256, VERSION.c.document)
        .where(VERSION.c.source_id == source_id)
        .order_by(VERSION.c.id)
    )
    return {str(sha): decode_document(document) for sha, document in rows}


def kept_events(connection: Connection, source_id: str) -> dict[EventKey, KeptEvent]:
    """The source's change events by the capture each was derived from."""
    rows = connection.execute(
        select(
            EVENT.c.id,
            EVENT.c.evidence_sha256,
            EVENT.c.observed_at,
            EVENT.c.updated_at,
            *_EVENT_CONTENT,
        ).where(EVENT.c.source_id == source_id)
    )
    return {(str(row[1]), row[2]): KeptEvent(int(row[0]), tuple(row[4:]), row[3]) for row in rows}


def drop_derived(connection: Connection, source_id: str) -> None:
    """Delete the source's versions, trade entities and change events (never its snapshots)."""
    trades = select(TRADE.c.id).where(TRADE.c.source_id == source_id)
    connection.execute(delete(EVENT).where(EVENT.c.source_id == source_id))
    connection.execute(delete(TRADE_NAME).where(TRADE_NAME.c.trade_id.in_(trades)))
    connection.execute(delete(TRADE).where(TRADE.c.source_id == source_id))
    connection.execute(delete(VERSION).where(VERSION.c.source_id == source_id))


@contextmanager
def replay_session(
    store: Store, source_id: str, *, corrected_at: datetime
) -> Iterator[tuple[Replay, list[StoredCapture], dict[str, ParsedDocument]]]:
    """Open one write transaction, drop the source's derived data and hand over its captures
    (oldest first) and the documents its versions held, for the caller to re-assess in order.

    `corrected_at`: stamped on a change that keeps its id but now says something else.
    """
    with write_transaction(store.engine) as connection:
        captures = stored_captures(connection, source_id)
        documents = version_documents(connection, source_id)
        kept = kept_events(connection, source_id)
        drop_derived(connection, source_id)
        yield Replay(connection, source_id, kept, corrected_at), captures, documents


def newest_capture_at(store: Store, source_id: str) -> datetime | None:
    """When the newest capture that led to a version was observed (None: no version yet)."""
    with read_transaction(store.engine) as connection:
        found: datetime | None = connection.scalar(
            select(VERSION.c.last_seen_at)
            .where(VERSION.c.source_id == source_id)
            .order_by(VERSION.c.last_seen_at.desc())
            .limit(1)
        )
    return found

"""Version actions of a check (new, seen again, promote, reject) and the change event after.

A `VersionWriter` serves one write transaction: it reads the heads of a batch's sources at once
and keeps them current as it writes, so a new version needs no look-up of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.dml import Insert

from scraper.records import ParsedDocument
from store.codec import encode_document, encode_items
from store.entities import link_trades, publish_trades
from store.errors import StaleBase, StoreError
from store.notify_records import NoticeKind
from store.outbox import enqueue_notice
from store.records import EventDraft, NewVersion, Promote, Reject, SeenAgain, VersionStatus
from store.sql import chunks, insert_ignoring
from store.tables import EVENT, VERSION

PUBLISHED = VersionStatus.PUBLISHED.value
QUARANTINED = VersionStatus.QUARANTINED.value
REJECTED = VersionStatus.REJECTED.value
INCOMPLETE = VersionStatus.INCOMPLETE.value


def heads(connection: Connection, source_id: str) -> tuple[int | None, int | None]:
    """(newest published id, newest quarantined id newer than it) — what `states()` reports."""
    newest = dict(
        connection.execute(
            select(VERSION.c.status, func.max(VERSION.c.id))
            .where(VERSION.c.source_id == source_id, VERSION.c.status != REJECTED)
            .group_by(VERSION.c.status)
        ).all()
    )
    published, pending = newest.get(PUBLISHED), newest.get(QUARANTINED)
    if pending is not None and published is not None and pending < published:
        pending = None
    return published, pending


@dataclass(slots=True)
class Heads:
    """What `add_version` checks a new version against, for one source."""

    published: int | None  # newest published id
    pending: int | None  # newest quarantined id newer than `published`
    newest: tuple[int, str, str] | None  # (id, content_hash, status) of the newer of the two
    last_seq: int  # highest seq of the source's versions, rejected ones included; 0 for none
    incomplete: int | None = None  # newest incomplete id: recording it again is a no-op

    @property
    def live(self) -> tuple[int, ...]:
        return tuple(head for head in (self.published, self.pending) if head is not None)

    @property
    def top(self) -> int | None:
        """The newest version a re-recording of the same content would repeat."""
        found = [h for h in (self.published, self.pending, self.incomplete) if h is not None]
        return max(found) if found else None

    def add(self, version_id: int, content_hash: str, status: str) -> None:
        """A version was inserted: it is the newest, so it becomes a head unless rejected."""
        self.last_seq += 1
        if status == PUBLISHED:
            self.published, self.pending = version_id, None
        elif status == QUARANTINED:
            self.pending = version_id
        elif status == INCOMPLETE:
            self.incomplete = version_id
        else:
            return
        self.newest = (version_id, content_hash, status)


def read_heads(connection: Connection, source_ids: Sequence[str]) -> dict[str, Heads]:
    """`Heads` of each source, in two queries whatever their number."""
    newest: dict[str, dict[str, tuple[int, int]]] = {}
    for chunk in chunks(sorted(set(source_ids))):
        rows = connection.execute(
            select(
                VERSION.c.source_id,
                VERSION.c.status,
                func.max(VERSION.c.id),
                func.max(VERSION.c.seq),
            )
            .where(VERSION.c.source_id.in_(chunk))
            .group_by(VERSION.c.source_id, VERSION.c.status)
        )
        for source_id, status, version_id, seq in rows:
            newest.setdefault(str(source_id), {})[str(status)] = (int(version_id), int(seq))
    found: dict[str, Heads] = {}
    for source_id in source_ids:
        by_status = newest.get(source_id, {})
        published = by_status[PUBLISHED][0] if PUBLISHED in by_status else None
        pending = by_status[QUARANTINED][0] if QUARANTINED in by_status else None
        if pending is not None and published is not None and pending < published:
            pending = None
        last_seq = max((seq for _, seq in by_status.values()), default=0)
        incomplete = by_status[INCOMPLETE][0] if INCOMPLETE in by_status else None
        found[source_id] = Heads(published, pending, None, last_seq, incomplete)
    tops = sorted({top for h in found.values() if (top := h.top) is not None})
    rows_by_id: dict[int, tuple[int, str, str]] = {}
    for ids in chunks(tops):
        tops_found = connection.execute(
            select(VERSION.c.id, VERSION.c.content_hash, VERSION.c.status).where(
                VERSION.c.id.in_(ids)
            )
        )
        rows_by_id.update((int(i), (int(i), str(h), str(s))) for i, h, s in tops_found)
    for heads in found.values():
        if heads.top is not None:
            heads.newest = rows_by_id[heads.top]
    return found


class VersionWriter:
    """Version actions of one write transaction.

    The heads of a batch's sources are read once (`prefetch`) and kept current as versions are
    added; settling a version makes its source's heads be read again. A concurrent writer that
    slips in between still loses on the unique (source, seq) key, as `StaleBase`.
    """

    def __init__(self, connection: Connection, *, notify: bool = True) -> None:
        self.connection = connection
        # Whether a new event leaves a notice in the outbox (a replay decides that itself).
        self._notify = notify
        self._heads: dict[str, Heads] = {}
        # What an event copies from a version inserted here, as long as its status holds.
        self._inserted: dict[int, EventSource] = {}

    def prefetch(self, source_ids: Iterable[str]) -> None:
        missing = sorted(set(source_ids) - self._heads.keys())
        if missing:
            self._heads.update(read_heads(self.connection, missing))

    def _heads_of(self, source_id: str) -> Heads:
        if source_id not in self._heads:
            self.prefetch([source_id])
        return self._heads[source_id]

    def add_version(
        self, source_id: str, action: NewVersion, sha: str | None, seen_at: datetime
    ) -> int:
        """Insert `action` as the source's newest version and link its trades; returns its id.

        The base must be what `states()` reports now (the published head or the pending
        quarantined head; None only for a source without either), else `StaleBase`. The same
        content and status as the newest version is a no-op returning that version.
        """
        if sha is None:
            raise StoreError(f"{source_id}: a new version needs the capture's body; none was kept")
        heads = self._heads_of(source_id)
        live = heads.live
        if heads.newest is not None:
            newest_id, content_hash, status = heads.newest
            if content_hash == action.content_hash and status == action.status.value:
                return newest_id
        base = action.base_version_id
        if (base is None and live) or (base is not None and base not in live):
            raise StaleBase(source_id, base, live)
        had_versions = heads.last_seq > 0
        version_id = self._insert_version(source_id, action, sha, seen_at, heads.last_seq + 1)
        heads.add(version_id, action.content_hash, action.status.value)
        self._inserted[version_id] = EventSource(
            source_id=source_id,
            status=action.status.value,
            observed_at=seen_at,
            published_on=action.document.meta.published_on,
            doc_number=action.document.meta.doc_number,
            url=action.document.url,
            snapshot_sha256=sha,
        )
        # A source without versions has no trade entities: nothing to match its trades with.
        link_trades(self.connection, source_id, version_id, action, has_entities=had_versions)
        return version_id

    def _insert_version(
        self, source_id: str, action: NewVersion, sha: str, seen_at: datetime, seq: int
    ) -> int:
        values = _version_values(action.document) | {
            "source_id": source_id,
            "seq": seq,
            "snapshot_sha256": sha,
            "content_hash": action.content_hash,
            "status": action.status.value,
            "observed_at": seen_at,
            "last_seen_at": seen_at,
            "in_force_on": in_force_on(action.document, seen_at),
            "is_technical": action.is_technical,
        }
        connection = self.connection
        try:
            if connection.dialect.name == "postgresql":
                # The savepoint keeps the transaction usable when a concurrent writer won.
                with connection.begin_nested():
                    inserted = connection.execute(_INSERT_VERSION, values).scalar_one()
            else:
                # SQLite undoes only the failed statement, and BEGIN IMMEDIATE keeps others out.
                inserted = connection.execute(_INSERT_VERSION, values).scalar_one()
        except IntegrityError as error:
            if not _is_seq_conflict(error):
                raise
            self._heads.pop(source_id, None)
            raise StaleBase(
                source_id, action.base_version_id, heads_of(connection, source_id)
            ) from error
        return int(inserted)

    def see_again(self, source_id: str, action: SeenAgain, seen_at: datetime) -> int:
        return see_again(self.connection, source_id, action, seen_at)

    def settle(self, source_id: str, action: Promote | Reject, seen_at: datetime) -> int:
        self._heads.pop(source_id, None)  # the heads move: read them again when next needed
        self._inserted.pop(action.version_id, None)
        return settle(self.connection, source_id, action, seen_at)

    def add_event(self, source_id: str, draft: EventDraft, version_id: int) -> int:
        """The event, and (unless backfilled) its notice in the outbox, in this transaction: a
        crash after the commit cannot lose the notice, nor one before it the event."""
        known = self._inserted.get(version_id)
        return add_event(self.connection, source_id, draft, version_id, known, notify=self._notify)


_INSERT_VERSION = VERSION.insert().returning(VERSION.c.id)


def add_version(
    connection: Connection, source_id: str, action: NewVersion, sha: str | None, seen_at: datetime
) -> int:
    """One new version on its own (see `VersionWriter.add_version`)."""
    return VersionWriter(connection).add_version(source_id, action, sha, seen_at)


def in_force_on(document: ParsedDocument, seen_at: datetime) -> date:
    """The rule of `StoredVersion.in_force_on`, applied before the version exists."""
    meta = document.meta
    return meta.effective_on or meta.published_on or seen_at.astimezone(UTC).date()


def _is_seq_conflict(error: IntegrityError) -> bool:
    message = str(error.orig)
    return "uq_version_source_seq" in message or "version.source_id, version.seq" in message


def heads_of(connection: Connection, source_id: str) -> tuple[int, ...]:
    return tuple(head for head in heads(connection, source_id) if head is not None)


def _version_values(document: ParsedDocument) -> dict[str, Any]:
    trades = len(document.catalogue.trades) if document.catalogue else 0
    rules = len(document.points.rules) if document.points else 0
    return {
        "parser": document.parser,
        "parser_version": document.parser_version,
        "published_on": document.meta.published_on,
        "effective_on": document.meta.effective_on,
        "doc_number": document.meta.doc_number,
        "title": document.meta.title,
        "url": document.url,
        "row_count": trades + rules,
        "text_length": len(document.main_text),
        "document": encode_document(document),
    }


def _version_status(connection: Connection, source_id: str, version_id: int) -> str:
    status = connection.scalar(
        select(VERSION.c.status).where(VERSION.c.id == version_id, VERSION.c.source_id == source_id)
    )
    if status is None:
        raise StoreError(f"{source_id}: version {version_id} does not exist for this source")
    return str(status)


def see_again(connection: Connection, source_id: str, action: SeenAgain, seen_at: datetime) -> int:
    _version_status(connection, source_id, action.version_id)
    connection.execute(
        update(VERSION)
        .where(VERSION.c.id == action.version_id, VERSION.c.last_seen_at < seen_at)
        .values(last_seen_at=seen_at)
    )
    return action.version_id


def settle(
    connection: Connection, source_id: str, action: Promote | Reject, seen_at: datetime
) -> int:
    """Promote or reject a quarantined version; repeating the same action is a no-op."""
    target = PUBLISHED if isinstance(action, Promote) else REJECTED
    status = _version_status(connection, source_id, action.version_id)
    if status == target:
        return action.version_id
    if status != QUARANTINED:
        raise StoreError(
            f"{source_id}: version {action.version_id} is {status}; only a quarantined version "
            f"can become {target}"
        )
    values: dict[str, Any] = {"status": target}
    if target == PUBLISHED:
        values["last_seen_at"] = seen_at
    connection.execute(update(VERSION).where(VERSION.c.id == action.version_id).values(values))
    if target == PUBLISHED:
        publish_trades(connection, action.version_id)
    return action.version_id


@dataclass(frozen=True, slots=True)
class EventSource:
    """The columns a change event copies from the version it leads to."""

    source_id: str
    status: str
    observed_at: datetime
    published_on: date | None
    doc_number: str | None
    url: str
    snapshot_sha256: str


def add_event(
    connection: Connection,
    source_id: str,
    draft: EventDraft,
    version_id: int,
    known: EventSource | None = None,
    *,
    notify: bool = False,
) -> int:
    """The change event leading to `version_id`; one per version, so a re-run returns the first.

    `known`: the version's columns when its writer has them, sparing their look-up.
    `notify`: a newly inserted event that is not backfilled leaves its notice in the outbox.
    """
    event_id, is_new = insert_event(connection, source_id, draft, version_id, known)
    if notify and is_new and not draft.is_backfill:
        enqueue_notice(connection, event_id, NoticeKind.CHANGE)
    return event_id


def insert_event(
    connection: Connection,
    source_id: str,
    draft: EventDraft,
    version_id: int,
    known: EventSource | None = None,
) -> tuple[int, bool]:
    """(the event's id, whether this call inserted it) — see `add_event`."""
    version = _event_source(connection, source_id, version_id, known)
    values = {
        "source_id": source_id,
        "classification": draft.classification.value,
        "title": draft.title,
        "summary": draft.summary,
        "items": encode_items(draft.items),
        "observed_at": version.observed_at,
        "published_on": version.published_on,
        "doc_number": version.doc_number,
        "url": version.url,
        "evidence_sha256": version.snapshot_sha256,
        "from_version_id": draft.from_version_id,
        "to_version_id": version_id,
        "text_diff": draft.text_diff,
        "is_backfill": draft.is_backfill,
        "updated_at": None,
    }
    event_id = connection.execute(_insert_event(connection), values).scalar()
    if event_id is not None:
        return int(event_id), True
    # the version already has its event
    event_id = connection.scalar(select(EVENT.c.id).where(EVENT.c.to_version_id == version_id))
    return int(event_id or 0), False


def _event_source(
    connection: Connection, source_id: str, version_id: int, known: EventSource | None
) -> EventSource:
    """The published version's columns an event copies; refuses a version not published."""
    version = known if known is not None and known.source_id == source_id else None
    if version is None:
        row = connection.execute(
            select(*_EVENT_FROM_VERSION).where(
                VERSION.c.id == version_id, VERSION.c.source_id == source_id
            )
        ).one()
        version = EventSource(source_id=source_id, **row._asdict())
    if version.status != PUBLISHED:
        raise StoreError(
            f"{source_id}: change event for version {version_id}, which is {version.status}; "
            "only published versions carry events"
        )
    return version


_EVENT_FROM_VERSION = (
    VERSION.c.status,
    VERSION.c.observed_at,
    VERSION.c.published_on,
    VERSION.c.doc_number,
    VERSION.c.url,
    VERSION.c.snapshot_sha256,
)
# One statement object per backend, so its compiled form is cached.
_INSERT_EVENT: dict[str, Insert] = {}


def _insert_event(connection: Connection) -> Insert:
    backend = connection.dialect.name
    if backend not in _INSERT_EVENT:
        statement = insert_ignoring(connection, EVENT, ["to_version_id"]).returning(EVENT.c.id)
        _INSERT_EVENT[backend] = statement
    return _INSERT_EVENT[backend]

"""`Store`: the one object the rest of jifen uses to write checks and read history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import Connection, literal, select

from diffing.records import ChangeClass, ChangeEvent
from scraper.records import ParsedDocument, Source
from store import events, health, in_force, leases, notices, queries, states, trades
from store.captures import insert_attempts, observed_at, require_sources, store_bodies
from store.db import make_engine, read_transaction, shown_url, write_transaction
from store.errors import (
    CorruptBlob,
    StaleBase,
    StaleTerm,
    StoreConfigError,
    StoreError,
    StoreUnavailable,
)
from store.migrate import upgrade_head
from store.notices import Notice, NoticeStatus
from store.notifications import Notifications
from store.records import (
    ArchiveFallback,
    CheckOutcome,
    CheckRecord,
    Fence,
    Lease,
    NewVersion,
    Promote,
    Reject,
    SeenAgain,
    SnapshotInfo,
    SourceHealth,
    SourceState,
    StoredVersion,
    TradeHistory,
    TradeMatch,
    VersionStatus,
    VersionSummary,
)
from store.sql import insert_ignoring
from store.tables import SOURCE
from store.versioning import VersionWriter

__all__ = [
    "CorruptBlob",
    "StaleBase",
    "StaleTerm",
    "Store",
    "StoreConfigError",
    "StoreError",
    "StoreUnavailable",
    "shown_url",
]


class Store:
    """A database at `url` (sqlite:///path or postgresql://…), migrated to the newest schema."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.migrate()
        self.notify = Notifications(self.engine)

    def migrate(self) -> None:
        upgrade_head(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # --- writes ------------------------------------------------------------------------------

    def upsert_sources(self, sources: Iterable[Source]) -> None:
        rows = [{"id": s.id, "name": s.name, "url": s.url, "kind": s.kind.value} for s in sources]
        if not rows:
            return
        with write_transaction(self.engine) as connection:
            statement = insert_ignoring(connection, SOURCE, ["id"])
            connection.execute(statement, rows)
            existing = {r["id"]: r for r in rows}
            for row in connection.execute(select(SOURCE).where(SOURCE.c.id.in_(existing))):
                wanted = existing[row.id]
                if (row.name, row.url, row.kind) != (wanted["name"], wanted["url"], wanted["kind"]):
                    connection.execute(SOURCE.update().where(SOURCE.c.id == row.id).values(wanted))

    def record_check(self, record: CheckRecord, *, fence: Fence | None = None) -> CheckOutcome:
        return self.record_checks([record], fence=fence)[0]

    def record_checks(
        self, records: Sequence[CheckRecord], *, fence: Fence | None = None
    ) -> list[CheckOutcome]:
        """Write many checks in one transaction: all of them, or (on any error) none.

        A `StaleBase` of one record therefore rolls back the whole batch; record checks that
        carry a NewVersion one at a time when a partial batch must survive. With a `fence`, the
        checks were run under that lease term: `StaleTerm` refuses them when it has moved on.
        """
        if not records:
            return []
        with write_transaction(self.engine) as connection:
            if fence is not None:
                leases.check_fence(connection, fence)
            return _write_checks(connection, records)

    # --- reads -------------------------------------------------------------------------------

    def ping(self) -> None:
        """A `SELECT 1` round trip; raises the driver's error when the database does not answer."""
        with read_transaction(self.engine) as connection:
            connection.execute(select(literal(1))).one()

    def newest_check_at(self) -> datetime | None:
        """When the newest recorded check began (the attempt written last), or None; one
        primary-key look-up, so a health probe may ask it every second."""
        with read_transaction(self.engine) as connection:
            return health.newest_check_at(connection)

    def states(self, source_ids: Iterable[str]) -> dict[str, SourceState]:
        with read_transaction(self.engine) as connection:
            return states.states(connection, source_ids)

    def latest_version(self, source_id: str) -> StoredVersion | None:
        with read_transaction(self.engine) as connection:
            return queries.latest_version(connection, source_id)

    def incomplete_version(self, source_id: str) -> StoredVersion | None:
        """The newest capture of a rule document read in part, newer than the rules in force."""
        with read_transaction(self.engine) as connection:
            return queries.incomplete_version(connection, source_id)

    def pending_version(self, source_id: str) -> StoredVersion | None:
        with read_transaction(self.engine) as connection:
            return queries.pending_version(connection, source_id)

    def version(self, version_id: int) -> StoredVersion | None:
        with read_transaction(self.engine) as connection:
            return queries.version(connection, version_id)

    def documents(self, version_ids: Iterable[int]) -> dict[int, ParsedDocument]:
        """The parsed document of each of these versions, by id, in one query; ids that name
        no version are left out."""
        with read_transaction(self.engine) as connection:
            return queries.documents(connection, version_ids)

    def versions_in_force(
        self, source_ids: Iterable[str], day: date, statuses: Iterable[VersionStatus]
    ) -> dict[str, dict[VersionStatus, in_force.VersionKey]]:
        """`version_as_of` for many sources and statuses in one query, without the documents."""
        with read_transaction(self.engine) as connection:
            return in_force.versions_in_force(connection, source_ids, day, statuses)

    def stored_versions(self, version_ids: Iterable[int]) -> dict[int, StoredVersion]:
        """These versions with their documents, by id, in one query."""
        with read_transaction(self.engine) as connection:
            return in_force.stored_versions(connection, version_ids)

    def version_as_of(
        self,
        source_id: str,
        day: date,
        *,
        timeline: queries.Timeline = "effective",
        status: VersionStatus = VersionStatus.PUBLISHED,
    ) -> StoredVersion | None:
        with read_transaction(self.engine) as connection:
            return queries.version_as_of(connection, source_id, day, timeline, status)

    def versions(self, source_id: str) -> list[VersionSummary]:
        with read_transaction(self.engine) as connection:
            return queries.versions(connection, source_id)

    def changes(
        self,
        *,
        source_id: str | None = None,
        since: datetime | None = None,
        classification: ChangeClass | None = None,
        limit: int = 50,
        before_id: int | None = None,
    ) -> list[ChangeEvent]:
        with read_transaction(self.engine) as connection:
            return events.changes(
                connection,
                source_id=source_id,
                since=since,
                classification=classification,
                limit=limit,
                before_id=before_id,
            )

    def events_fingerprint(self, source_id: str | None = None) -> tuple[object, ...]:
        with read_transaction(self.engine) as connection:
            return events.events_fingerprint(connection, source_id)

    def change(self, event_id: int) -> ChangeEvent | None:
        with read_transaction(self.engine) as connection:
            return events.change(connection, event_id)

    def health(self, source_id: str) -> SourceHealth:
        with read_transaction(self.engine) as connection:
            return health.health(connection, [source_id])[0]

    def all_health(self) -> list[SourceHealth]:
        with read_transaction(self.engine) as connection:
            return health.health(connection)

    def last_live_successes(self) -> dict[str, datetime]:
        """When each source's page was last looked at live; absent: never (imports only)."""
        with read_transaction(self.engine) as connection:
            return health.last_live_successes(connection)

    def archive_fallback(self, source_id: str) -> ArchiveFallback | None:
        """Whether the source is served from the Internet Archive because its page failed."""
        with read_transaction(self.engine) as connection:
            return health.archive_fallback(connection, source_id)

    def snapshot(self, sha256: str) -> SnapshotInfo | None:
        with read_transaction(self.engine) as connection:
            return queries.snapshot(connection, sha256)

    def snapshot_body(self, sha256: str) -> bytes | None:
        with read_transaction(self.engine) as connection:
            return queries.snapshot_body(connection, sha256)

    def search_trades(self, q: str, *, limit: int = 50) -> list[TradeMatch]:
        with read_transaction(self.engine) as connection:
            return trades.search_trades(connection, q, limit)

    def listed_trade_ids(self, version_id: int) -> dict[str, int]:
        """Trade ids of the rows a version lists, by row name: how a row links to its history."""
        with read_transaction(self.engine) as connection:
            return trades.listed_trade_ids(connection, version_id)

    def trade_history(self, trade_id: int) -> TradeHistory | None:
        with read_transaction(self.engine) as connection:
            return trades.trade_history(connection, trade_id)

    def has_capture(self, source_id: str, sha256: str, observed_at: datetime) -> bool:
        """Whether this exact capture (source, raw sha256, observation time) is recorded."""
        with read_transaction(self.engine) as connection:
            return queries.has_capture(connection, source_id, sha256, observed_at)

    # --- notices of index sources ------------------------------------------------------------

    def notices(self, index_source_id: str) -> dict[str, Notice]:
        """Every notice seen on this index source's listing, by URL."""
        with read_transaction(self.engine) as connection:
            return notices.notices(connection, index_source_id)

    def add_notices(self, found: Sequence[Notice]) -> None:
        """Record newly seen notices; one already recorded for its index is left as it is."""
        with write_transaction(self.engine) as connection:
            notices.add_notices(connection, found)

    def set_notice_status(
        self, index_source_id: str, url: str, status: NoticeStatus, *, detail: str, at: datetime
    ) -> None:
        with write_transaction(self.engine) as connection:
            notices.set_notice_status(
                connection, index_source_id, url, status, detail=detail, at=at
            )

    # --- leases ------------------------------------------------------------------------------

    def acquire_lease(
        self, name: str, holder: str, ttl_seconds: float, now: datetime
    ) -> Lease | None:
        """The lease in a new term when `holder` could take it, else None."""
        with write_transaction(self.engine) as connection:
            return leases.acquire_lease(connection, name, holder, ttl_seconds, now)

    def renew_lease(self, held: Fence, ttl_seconds: float, now: datetime) -> Lease | None:
        """The lease extended when it is still the holder's in that term and unexpired."""
        with write_transaction(self.engine) as connection:
            return leases.renew_lease(connection, held, ttl_seconds, now)

    def lease_expiry(self, name: str) -> datetime | None:
        """When the lease `name` runs out (None: nobody has taken it)."""
        with read_transaction(self.engine) as connection:
            return leases.lease_expiry(connection, name)

    def release_lease(self, name: str, holder: str, now: datetime) -> bool:
        with write_transaction(self.engine) as connection:
            return leases.release_lease(connection, name, holder, now)

    def lease(self, name: str) -> Lease | None:
        with read_transaction(self.engine) as connection:
            return leases.lease(connection, name)


def _write_checks(connection: Connection, records: Sequence[CheckRecord]) -> list[CheckOutcome]:
    require_sources(connection, {record.fetch.source_id for record in records})
    shas = store_bodies(connection, records)
    attempt_ids = insert_attempts(connection, records, shas)
    writer = VersionWriter(connection)
    writer.prefetch(r.fetch.source_id for r in records if isinstance(r.version, NewVersion))
    outcomes = []
    for record, sha, attempt_id in zip(records, shas, attempt_ids, strict=True):
        version_id = _apply_version(writer, record, sha)
        event_id = None
        if record.event is not None:
            if version_id is None:
                raise StoreError(
                    f"{record.fetch.source_id}: a change event needs a new or promoted version "
                    "in the same check"
                )
            event_id = writer.add_event(record.fetch.source_id, record.event, version_id)
        outcomes.append(
            CheckOutcome(
                attempt_id=attempt_id,
                outcome=record.fetch.outcome,
                snapshot_sha256=sha,
                version_id=version_id,
                event_id=event_id,
                detail=record.fetch.detail,
            )
        )
    return outcomes


def _apply_version(writer: VersionWriter, record: CheckRecord, sha: str | None) -> int | None:
    action, source_id, seen_at = record.version, record.fetch.source_id, observed_at(record)
    if isinstance(action, NewVersion):
        return writer.add_version(source_id, action, sha, seen_at)
    if isinstance(action, SeenAgain):
        return writer.see_again(source_id, action, seen_at)
    if isinstance(action, Promote | Reject):
        return writer.settle(source_id, action, seen_at)
    return None

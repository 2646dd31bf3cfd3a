"""Version actions of a check (new, seen again, promote, reject) and the change event after."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, func, select, update
from sqlalchemy.exc import IntegrityError

from scraper.records import ParsedDocument
from store.codec import encode_document, encode_items
from store.entities import link_trades, publish_trades
from store.errors import StaleBase, StoreError
from store.records import EventDraft, NewVersion, Promote, Reject, SeenAgain, VersionStatus
from store.sql import insert_ignoring
from store.tables import EVENT, VERSION

PUBLISHED = VersionStatus.PUBLISHED.value
QUARANTINED = VersionStatus.QUARANTINED.value
REJECTED = VersionStatus.REJECTED.value


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


def add_version(
    connection: Connection, source_id: str, action: NewVersion, sha: str | None, seen_at: datetime
) -> int:
    """Insert `action` as the source's newest version and link its trades; returns its id.

    The base must be what `states()` reports now (the published head or the pending quarantined
    head; None only for a source without either), else `StaleBase`. The same content and status
    as the newest version is a no-op returning that version.
    """
    if sha is None:
        raise StoreError(f"{source_id}: a new version needs the capture's body; none was kept")
    published, pending = heads(connection, source_id)
    live = [head for head in (published, pending) if head is not None]
    if live:
        newest = connection.execute(
            select(VERSION.c.id, VERSION.c.content_hash, VERSION.c.status).where(
                VERSION.c.id == max(live)
            )
        ).one()
        if newest.content_hash == action.content_hash and newest.status == action.status.value:
            return int(newest.id)
    if (action.base_version_id is None and live) or (
        action.base_version_id is not None and action.base_version_id not in live
    ):
        raise StaleBase(source_id, action.base_version_id, tuple(live))
    version_id = _insert_version(connection, source_id, action, sha, seen_at)
    link_trades(connection, source_id, version_id, action)  # publishes them with a published one
    return version_id


def _insert_version(
    connection: Connection, source_id: str, action: NewVersion, sha: str, seen_at: datetime
) -> int:
    seq = connection.scalar(
        select(func.coalesce(func.max(VERSION.c.seq), 0)).where(VERSION.c.source_id == source_id)
    )
    values = _version_values(action.document) | {
        "source_id": source_id,
        "seq": int(seq or 0) + 1,
        "snapshot_sha256": sha,
        "content_hash": action.content_hash,
        "status": action.status.value,
        "observed_at": seen_at,
        "last_seen_at": seen_at,
        "in_force_on": in_force_on(action.document, seen_at),
        "is_technical": action.is_technical,
    }
    try:
        # The savepoint keeps a PostgreSQL transaction usable when a concurrent writer won.
        with connection.begin_nested():
            inserted = connection.scalar(VERSION.insert().values(values).returning(VERSION.c.id))
    except IntegrityError as error:
        if not _is_seq_conflict(error):
            raise
        raise StaleBase(
            source_id, action.base_version_id, heads_of(connection, source_id)
        ) from error
    return int(inserted or 0)


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


def add_event(connection: Connection, source_id: str, draft: EventDraft, version_id: int) -> int:
    """The change event leading to `version_id`; one per version, so a re-run returns the first."""
    version = connection.execute(
        select(VERSION).where(VERSION.c.id == version_id, VERSION.c.source_id == source_id)
    ).one()
    if version.status != PUBLISHED:
        raise StoreError(
            f"{source_id}: change event for version {version_id}, which is {version.status}; "
            "only published versions carry events"
        )
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
    connection.execute(insert_ignoring(connection, EVENT, ["to_version_id"]).values(values))
    event_id = connection.scalar(select(EVENT.c.id).where(EVENT.c.to_version_id == version_id))
    return int(event_id or 0)

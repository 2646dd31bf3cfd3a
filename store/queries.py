"""Read queries over versions and snapshots, returning records (never rows)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import Connection, Row, func, select

from scraper.records import ParsedDocument
from store.blobs import read_bodies
from store.codec import decode_document, decode_pairs
from store.errors import CorruptBlob
from store.records import SnapshotInfo, StoredVersion, VersionStatus, VersionSummary
from store.sql import chunks
from store.tables import ATTEMPT, BLOB, SNAPSHOT, VERSION
from store.versioning import INCOMPLETE, heads

Timeline = Literal["effective", "observed"]


def _stored(row: Row[Any]) -> StoredVersion:
    return StoredVersion(
        id=int(row.id),
        source_id=str(row.source_id),
        status=VersionStatus(row.status),
        content_hash=str(row.content_hash),
        snapshot_sha256=str(row.snapshot_sha256),
        url=str(row.url),
        observed_at=row.observed_at,
        last_seen_at=row.last_seen_at,
        document=decode_document(row.document),
        is_technical=bool(row.is_technical),
    )


# What a StoredVersion is built from: the trade list stays behind (entities read it).
_STORED = tuple(column for column in VERSION.c if column.name != "trades")


def version(connection: Connection, version_id: int) -> StoredVersion | None:
    row = connection.execute(select(*_STORED).where(VERSION.c.id == version_id)).one_or_none()
    return None if row is None else _stored(row)


def documents(connection: Connection, version_ids: Iterable[int]) -> dict[int, ParsedDocument]:
    found: dict[int, ParsedDocument] = {}
    for chunk in chunks(sorted(set(version_ids))):
        rows = connection.execute(
            select(VERSION.c.id, VERSION.c.document).where(VERSION.c.id.in_(chunk))
        )
        found.update((int(i), decode_document(text)) for i, text in rows)
    return found


def latest_version(connection: Connection, source_id: str) -> StoredVersion | None:
    published, _ = heads(connection, source_id)
    return None if published is None else version(connection, published)


def incomplete_version(connection: Connection, source_id: str) -> StoredVersion | None:
    """The newest version recorded incomplete, when it is newer than the rules in force."""
    newest = connection.scalar(
        select(func.max(VERSION.c.id)).where(
            VERSION.c.source_id == source_id, VERSION.c.status == INCOMPLETE
        )
    )
    published, _ = heads(connection, source_id)
    if newest is None or (published is not None and published > newest):
        return None
    return version(connection, int(newest))


def pending_version(connection: Connection, source_id: str) -> StoredVersion | None:
    _, pending = heads(connection, source_id)
    return None if pending is None else version(connection, pending)


def version_as_of(
    connection: Connection,
    source_id: str,
    day: date,
    timeline: Timeline,
    status: VersionStatus = VersionStatus.PUBLISHED,
) -> StoredVersion | None:
    """The version of `status` (published unless asked) in force (effective) or last seen
    (observed) on `day`.

    One indexed lookup either way; ties on the day go to the newest observed version.
    """
    published = (VERSION.c.source_id == source_id, VERSION.c.status == status.value)
    if timeline == "observed":
        query = select(*_STORED).where(*published)
        if day < date.max:  # on the last representable day every version was already seen
            end_of_day = datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)
            query = query.where(VERSION.c.observed_at < end_of_day)
        query = query.order_by(VERSION.c.observed_at.desc(), VERSION.c.id.desc())
    elif timeline == "effective":
        query = (
            select(*_STORED)
            .where(*published, VERSION.c.in_force_on <= day)
            .order_by(
                VERSION.c.in_force_on.desc(), VERSION.c.observed_at.desc(), VERSION.c.id.desc()
            )
        )
    else:
        raise ValueError(f"timeline {timeline!r}: use 'effective' or 'observed'")
    row = connection.execute(query.limit(1)).one_or_none()
    return None if row is None else _stored(row)


def versions(connection: Connection, source_id: str) -> list[VersionSummary]:
    rows = connection.execute(
        select(*(column for column in VERSION.c if column.name not in ("document", "trades")))
        .where(VERSION.c.source_id == source_id)
        .order_by(VERSION.c.observed_at.desc(), VERSION.c.id.desc())
    ).all()
    return [
        VersionSummary(
            id=int(row.id),
            source_id=str(row.source_id),
            status=VersionStatus(row.status),
            content_hash=str(row.content_hash),
            snapshot_sha256=str(row.snapshot_sha256),
            observed_at=row.observed_at,
            last_seen_at=row.last_seen_at,
            published_on=row.published_on,
            effective_on=row.effective_on,
            doc_number=row.doc_number,
            title=row.title,
            parser=str(row.parser),
            parser_version=int(row.parser_version),
            row_count=int(row.row_count),
        )
        for row in rows
    ]


def snapshot(connection: Connection, sha256: str) -> SnapshotInfo | None:
    row = connection.execute(
        select(SNAPSHOT, BLOB.c.size_bytes)
        .join(BLOB, BLOB.c.sha256 == SNAPSHOT.c.sha256)
        .where(SNAPSHOT.c.sha256 == sha256)
        .order_by(SNAPSHOT.c.fetched_at, SNAPSHOT.c.id)
        .limit(1)
    ).one_or_none()
    if row is None:
        return None
    return SnapshotInfo(
        sha256=str(row.sha256),
        size_bytes=int(row.size_bytes),
        content_type=str(row.content_type),
        status=row.status,
        final_url=str(row.final_url),
        fetched_at=row.fetched_at,
        headers=decode_pairs(row.headers),
        encoding=row.encoding,
        decided_by=row.decided_by,
        source_id=str(row.source_id),
    )


def snapshot_body(connection: Connection, sha256: str) -> bytes | None:
    """The raw bytes as received, re-verified against their sha256."""
    body = read_bodies(connection, [sha256]).get(sha256)
    if body is None:
        return None
    actual = hashlib.sha256(body).hexdigest()
    if actual != sha256:
        raise CorruptBlob(sha256, actual)
    return body


def has_capture(connection: Connection, source_id: str, sha256: str, seen_at: datetime) -> bool:
    found = connection.scalar(
        select(ATTEMPT.c.id)
        .where(
            ATTEMPT.c.source_id == source_id,
            ATTEMPT.c.snapshot_sha256 == sha256,
            ATTEMPT.c.observed_at == seen_at,
        )
        .limit(1)
    )
    return found is not None

"""Where each source stands before a check, read for a whole cycle in a few queries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import Connection, func, select

from scraper.records import Outcome, Validators
from store.records import SourceState, VersionHead, VersionStatus
from store.tables import ATTEMPT, VERSION
from store.versioning import PUBLISHED, QUARANTINED, REJECTED

# PostgreSQL binds at most 65535 parameters per statement; stay well below.
_CHUNK = 5000


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def states(connection: Connection, source_ids: Iterable[str]) -> dict[str, SourceState]:
    wanted = sorted(set(source_ids))
    validators: dict[str, tuple[Validators, str | None]] = {}
    newest: dict[tuple[str, str], int] = {}
    for chunk in _chunks(wanted):
        validators |= _last_ok(connection, chunk)
        newest |= _newest_by_status(connection, chunk)
    head_rows = _heads(connection, list(newest.values()))
    result: dict[str, SourceState] = {}
    for source_id in wanted:
        published = head_rows.get(newest.get((source_id, PUBLISHED), -1))
        pending = head_rows.get(newest.get((source_id, QUARANTINED), -1))
        if pending is not None and published is not None and pending.id < published.id:
            pending = None
        found, sha = validators.get(source_id, (Validators(), None))
        result[source_id] = SourceState(
            source_id=source_id,
            validators=found,
            published=published,
            pending=pending,
            last_snapshot_sha256=sha,
        )
    return result


def _last_ok(
    connection: Connection, source_ids: Sequence[str]
) -> dict[str, tuple[Validators, str | None]]:
    last = (
        select(func.max(ATTEMPT.c.id))
        .where(ATTEMPT.c.source_id.in_(source_ids), ATTEMPT.c.outcome == Outcome.OK.value)
        .group_by(ATTEMPT.c.source_id)
    )
    rows = connection.execute(
        select(
            ATTEMPT.c.source_id, ATTEMPT.c.etag, ATTEMPT.c.last_modified, ATTEMPT.c.snapshot_sha256
        ).where(ATTEMPT.c.id.in_(last))
    )
    return {
        str(row.source_id): (
            Validators(etag=row.etag, last_modified=row.last_modified),
            row.snapshot_sha256,
        )
        for row in rows
    }


def _newest_by_status(
    connection: Connection, source_ids: Sequence[str]
) -> dict[tuple[str, str], int]:
    rows = connection.execute(
        select(VERSION.c.source_id, VERSION.c.status, func.max(VERSION.c.id))
        .where(VERSION.c.source_id.in_(source_ids), VERSION.c.status != REJECTED)
        .group_by(VERSION.c.source_id, VERSION.c.status)
    )
    return {(str(source_id), str(status)): int(newest) for source_id, status, newest in rows}


def _heads(connection: Connection, version_ids: list[int]) -> dict[int, VersionHead]:
    heads: dict[int, VersionHead] = {}
    for start in range(0, len(version_ids), _CHUNK):
        rows = connection.execute(
            select(
                VERSION.c.id,
                VERSION.c.content_hash,
                VERSION.c.status,
                VERSION.c.row_count,
                VERSION.c.text_length,
                VERSION.c.parser_version,
            ).where(VERSION.c.id.in_(version_ids[start : start + _CHUNK]))
        )
        for row in rows:
            heads[int(row.id)] = VersionHead(
                id=int(row.id),
                content_hash=str(row.content_hash),
                status=VersionStatus(row.status),
                row_count=int(row.row_count),
                text_length=int(row.text_length),
                parser_version=int(row.parser_version),
            )
    return heads

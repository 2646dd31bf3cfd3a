"""The hot path of a check cycle: attempt rows, raw blobs and snapshots, written with Core."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from store.blobs import PackedBlob, latest_bases, pack
from store.codec import encode_pairs, encode_strings
from store.errors import StoreError
from store.health import tally_attempts
from store.records import CheckRecord
from store.sql import insert_ignoring
from store.tables import ATTEMPT, BLOB, BLOB_DELTA, SNAPSHOT, SOURCE


def observed_at(record: CheckRecord) -> datetime:
    return record.observed_at or record.fetch.started_at


def require_sources(connection: Connection, source_ids: set[str]) -> None:
    found = set(connection.scalars(select(SOURCE.c.id).where(SOURCE.c.id.in_(sorted(source_ids)))))
    missing = sorted(source_ids - found)
    if missing:
        raise StoreError(
            f"checks recorded for unknown sources {missing}; call Store.upsert_sources first"
        )


def store_bodies(connection: Connection, records: Sequence[CheckRecord]) -> list[str | None]:
    """Blob (once per sha256; a delta against the source's newest capture when that is small,
    see store/blobs.py) and snapshot (once per source and sha256) of each kept body."""
    shas: list[str | None] = [
        hashlib.sha256(r.fetch.body).hexdigest() if r.fetch.body else None for r in records
    ]
    wanted = {sha for sha in shas if sha is not None}
    if not wanted:
        return shas
    present = set(connection.scalars(select(BLOB.c.sha256).where(BLOB.c.sha256.in_(wanted))))
    new = {
        r.fetch.source_id
        for r, sha in zip(records, shas, strict=True)
        if sha is not None and sha not in present
    }
    bases = latest_bases(connection, new)
    blobs: dict[str, PackedBlob] = {}
    snapshots: dict[tuple[str, str], dict[str, Any]] = {}
    for record, sha in zip(records, shas, strict=True):
        if sha is None:
            continue
        body = record.fetch.body
        if sha not in present and sha not in blobs:
            blobs[sha] = pack(sha, body, bases.get(record.fetch.source_id))
        snapshots.setdefault((record.fetch.source_id, sha), _snapshot_params(record, sha))
    if blobs:
        _insert_blobs(connection, list(blobs.values()))
    connection.execute(
        insert_ignoring(connection, SNAPSHOT, ["source_id", "sha256"]), list(snapshots.values())
    )
    return shas


def _insert_blobs(connection: Connection, blobs: Sequence[PackedBlob]) -> None:
    """The blobs, and a delta's base only where its blob row is the one written here (another
    writer may have stored the same body whole a moment before)."""
    insert = insert_ignoring(connection, BLOB, ["sha256"])
    whole = [b.params() for b in blobs if b.base_sha256 is None]
    if whole:
        connection.execute(insert, whole)
    deltas = {b.sha256: b for b in blobs if b.base_sha256 is not None}
    if not deltas:
        return
    written = connection.scalars(
        insert.returning(BLOB.c.sha256), [b.params() for b in deltas.values()]
    )
    connection.execute(
        BLOB_DELTA.insert(),
        [{"sha256": sha, "base_sha256": deltas[sha].base_sha256} for sha in written],
    )


def _snapshot_params(record: CheckRecord, sha: str) -> dict[str, Any]:
    fetch = record.fetch
    return {
        "source_id": fetch.source_id,
        "sha256": sha,
        "content_type": fetch.content_type,
        "status": fetch.status,
        "headers": encode_pairs(fetch.headers),
        "final_url": fetch.final_url or fetch.requested_url,
        "fetched_at": observed_at(record),
        "encoding": record.decoded.encoding if record.decoded else None,
        "decided_by": record.decoded.decided_by if record.decoded else None,
    }


def insert_attempts(
    connection: Connection, records: Sequence[CheckRecord], shas: Sequence[str | None]
) -> list[int]:
    """One attempt row per record, counted in its source's tally; returns their ids in record
    order."""
    params = [_attempt_params(r, sha) for r, sha in zip(records, shas, strict=True)]
    source_ids = [p["source_id"] for p in params]
    if len(set(source_ids)) < len(source_ids):
        # Two checks of one source: only an ordered RETURNING (one INSERT per row on SQLite)
        # tells their ids apart.
        ordered = ATTEMPT.insert().returning(ATTEMPT.c.id, sort_by_parameter_order=True)
        attempt_ids = [int(row_id) for row_id in connection.scalars(ordered, params)]
    else:
        statement = ATTEMPT.insert().returning(ATTEMPT.c.id, ATTEMPT.c.source_id)
        by_source = {
            str(source_id): int(row_id)
            for row_id, source_id in connection.execute(statement, params)
        }
        attempt_ids = [by_source[source_id] for source_id in source_ids]
    outcomes = [r.fetch.outcome for r in records]
    tally_attempts(connection, list(zip(source_ids, attempt_ids, outcomes, strict=True)))
    return attempt_ids


def _attempt_params(record: CheckRecord, sha: str | None) -> dict[str, Any]:
    fetch, decoded = record.fetch, record.decoded
    return {
        "source_id": fetch.source_id,
        "outcome": fetch.outcome.value,
        "detail": fetch.detail,
        "status": fetch.status,
        "started_at": fetch.started_at,
        "observed_at": observed_at(record),
        "elapsed_seconds": fetch.elapsed_seconds,
        "requested_url": fetch.requested_url,
        "final_url": fetch.final_url,
        "redirect_chain": encode_strings(fetch.redirect_chain),
        "headers": encode_pairs(fetch.headers),
        "etag": fetch.header("etag"),
        "last_modified": fetch.header("last-modified"),
        "retry_after_seconds": fetch.retry_after_seconds,
        "attempts": fetch.attempts,
        "truncated": fetch.truncated,
        "snapshot_sha256": sha,
        "encoding": decoded.encoding if decoded else None,
        "decided_by": decoded.decided_by if decoded else None,
        "replacement_count": decoded.replacement_count if decoded else None,
        "gate": record.gate.label if record.gate is not None else None,
        "parse_error": record.parse_error,
    }

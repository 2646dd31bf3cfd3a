"""Read queries over published change events (newest first, keyset pagination by id)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, select

from diffing.records import ChangeClass, ChangeEvent
from store.codec import decode_items
from store.tables import EVENT, SOURCE

_EVENTS = select(EVENT, SOURCE.c.name.label("source_name")).join(
    SOURCE, SOURCE.c.id == EVENT.c.source_id
)
MAX_PAGE = 1000


def _event(row: Row[Any]) -> ChangeEvent:
    return ChangeEvent(
        id=int(row.id),
        source_id=str(row.source_id),
        source_name=str(row.source_name),
        classification=ChangeClass(row.classification),
        title=str(row.title),
        summary=str(row.summary),
        items=decode_items(row.items),
        observed_at=row.observed_at,
        published_on=row.published_on,
        doc_number=row.doc_number,
        url=str(row.url),
        evidence_sha256=str(row.evidence_sha256),
        from_version_id=row.from_version_id,
        to_version_id=int(row.to_version_id),
        text_diff=str(row.text_diff),
        is_backfill=bool(row.is_backfill),
        updated_at=row.updated_at,
    )


def changes(
    connection: Connection,
    *,
    source_id: str | None,
    since: datetime | None,
    classification: ChangeClass | None,
    limit: int,
    before_id: int | None,
) -> list[ChangeEvent]:
    if not 1 <= limit <= MAX_PAGE:
        raise ValueError(f"changes(limit={limit}): ask for 1 to {MAX_PAGE} events per page")
    query = _EVENTS
    if source_id is not None:
        query = query.where(EVENT.c.source_id == source_id)
    if since is not None:
        query = query.where(EVENT.c.observed_at >= since)
    if classification is not None:
        query = query.where(EVENT.c.classification == ChangeClass(classification).value)
    if before_id is not None:
        query = query.where(EVENT.c.id < before_id)
    rows = connection.execute(query.order_by(EVENT.c.id.desc()).limit(limit)).all()
    return [_event(row) for row in rows]


def change(connection: Connection, event_id: int) -> ChangeEvent | None:
    row = connection.execute(_EVENTS.where(EVENT.c.id == event_id)).one_or_none()
    return None if row is None else _event(row)


def events_fingerprint(connection: Connection, source_id: str | None) -> tuple[object, ...]:
    """(count, newest id, newest correction) of a source's events, or of all: moves whenever an
    event is added or corrected, so a rendered feed can be reused until it does."""
    query = select(func.count(), func.max(EVENT.c.id), func.max(EVENT.c.updated_at))
    if source_id is not None:
        query = query.where(EVENT.c.source_id == source_id)
    count, newest, corrected = connection.execute(query).one()
    return (count, newest, corrected)

"""Notices found on index listings: what was seen, how it was classified, whether it was recorded.

A notice is seen once per index source; the next check fetches only notices not seen before
(and those whose recording failed, which are retried).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    select,
    update,
)

from store.columns import CleanText, UtcDateTime
from store.db import read_transaction, write_transaction
from store.sql import insert_ignoring
from store.tables import metadata

if TYPE_CHECKING:
    from store.store import Store


class NoticeStatus(StrEnum):
    IGNORED = "ignored"  # feeds no tracked source; never fetched
    AMBIGUOUS = "ambiguous"  # matched two targets equally; waits for sharper keywords
    PENDING = "pending"  # wanted, not recorded yet
    RECORDED = "recorded"  # its documents went through the assessment of the target
    FAILED = "failed"  # fetch failed or target missing; retried on the next check
    UNREADABLE = "unreadable"  # fetched, but nothing in it could be read; see `detail`
    REFUSED = "refused"  # off the index's site, or at an address the policy refuses; never fetched

    @property
    def is_settled(self) -> bool:
        return self not in (NoticeStatus.PENDING, NoticeStatus.FAILED)


@dataclass(frozen=True, slots=True)
class Notice:
    index_source_id: str
    url: str
    title: str  # the full title (the listing's `title` attribute)
    listed_on: date | None  # the date beside the link on the listing
    posted_on: date | None  # the date segment of the URL: posting/migration, not the document's
    first_seen_at: datetime
    classification: str  # scraper.notices.NoticeKind value
    target: str | None  # the logical source its documents are recorded under
    status: NoticeStatus = NoticeStatus.PENDING
    detail: str = ""


NOTICE = Table(
    "notice",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("index_source_id", ForeignKey("source.id"), nullable=False),
    Column("url", CleanText, nullable=False),
    Column("title", CleanText, nullable=False),
    Column("listed_on", Date),
    Column("posted_on", Date),
    Column("first_seen_at", UtcDateTime, nullable=False),
    Column("classification", String(16), nullable=False),
    Column("target", String),
    Column("status", String(16), nullable=False),
    Column("detail", CleanText, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("index_source_id", "url", name="uq_notice_index_url"),
    Index("ix_notice_index_status", "index_source_id", "status"),
)


def _notice(row: Any) -> Notice:
    return Notice(
        index_source_id=str(row.index_source_id),
        url=str(row.url),
        title=str(row.title),
        listed_on=row.listed_on,
        posted_on=row.posted_on,
        first_seen_at=row.first_seen_at,
        classification=str(row.classification),
        target=row.target,
        status=NoticeStatus(row.status),
        detail=str(row.detail),
    )


def notices(store: Store, index_source_id: str) -> dict[str, Notice]:
    """Every notice seen on this index source, by URL."""
    with read_transaction(store.engine) as connection:
        rows = connection.execute(
            select(NOTICE).where(NOTICE.c.index_source_id == index_source_id).order_by(NOTICE.c.id)
        )
        return {str(row.url): _notice(row) for row in rows}


def add_notices(store: Store, found: Sequence[Notice]) -> None:
    """Record newly seen notices; one already recorded for the index source is left as it is."""
    if not found:
        return
    rows = [
        {
            "index_source_id": n.index_source_id,
            "url": n.url,
            "title": n.title,
            "listed_on": n.listed_on,
            "posted_on": n.posted_on,
            "first_seen_at": n.first_seen_at,
            "classification": n.classification,
            "target": n.target,
            "status": n.status.value,
            "detail": n.detail,
            "updated_at": n.first_seen_at,
        }
        for n in found
    ]
    with write_transaction(store.engine) as connection:
        statement = insert_ignoring(connection, NOTICE, ["index_source_id", "url"])
        connection.execute(statement, rows)


def set_notice_status(
    store: Store,
    index_source_id: str,
    url: str,
    status: NoticeStatus,
    *,
    detail: str,
    at: datetime,
) -> None:
    with write_transaction(store.engine) as connection:
        connection.execute(
            update(NOTICE)
            .where(NOTICE.c.index_source_id == index_source_id, NOTICE.c.url == url)
            .values(status=status.value, detail=detail, updated_at=at)
        )

"""Notices found on index listings: what was seen, how it was classified, whether it was recorded.

A notice is seen once per index source; the next check fetches only notices not seen before
(and those whose recording failed, which are retried).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, select, update

from store.sql import insert_ignoring
from store.tables import NOTICE


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


def notices(connection: Connection, index_source_id: str) -> dict[str, Notice]:
    """Every notice seen on this index source, by URL."""
    rows = connection.execute(
        select(NOTICE).where(NOTICE.c.index_source_id == index_source_id).order_by(NOTICE.c.id)
    )
    return {str(row.url): _notice(row) for row in rows}


def add_notices(connection: Connection, found: Sequence[Notice]) -> None:
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
    statement = insert_ignoring(connection, NOTICE, ["index_source_id", "url"])
    connection.execute(statement, rows)


def set_notice_status(
    connection: Connection,
    index_source_id: str,
    url: str,
    status: NoticeStatus,
    *,
    detail: str,
    at: datetime,
) -> None:
    connection.execute(
        update(NOTICE)
        .where(NOTICE.c.index_source_id == index_source_id, NOTICE.c.url == url)
        .values(status=status.value, detail=detail, updated_at=at)
    )

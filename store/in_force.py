"""Which version of every source is in force on a day, for many sources in one query, and the
versions themselves by id in one query: for the exported tables, which rebuild only what changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, func, select

from store.queries import _STORED, _stored
from store.records import StoredVersion, VersionStatus
from store.sql import chunks
from store.tables import VERSION


@dataclass(frozen=True, slots=True)
class VersionKey:
    """A version without its document: enough to choose it, and to tell whether what was
    derived from it before still stands (a replay may write a new version under a freed id)."""

    id: int
    source_id: str
    status: VersionStatus
    in_force_on: date
    content_hash: str
    parser_version: int
    observed_at: datetime
    url: str

    @property
    def token(self) -> str:
        return (
            f"{self.id}:{self.content_hash}:{self.parser_version}:"
            f"{self.observed_at.isoformat()}:{self.url}"
        )


def versions_in_force(
    connection: Connection, source_ids: Iterable[str], day: date, statuses: Iterable[VersionStatus]
) -> dict[str, dict[VersionStatus, VersionKey]]:
    """For each source, its version of each status in force (effective) on `day`: the one that
    `queries.version_as_of` gives, for every source and status at once."""
    wanted = [s.value for s in statuses]
    rank = (
        func.row_number()
        .over(
            partition_by=(VERSION.c.source_id, VERSION.c.status),
            order_by=(
                VERSION.c.in_force_on.desc(),
                VERSION.c.observed_at.desc(),
                VERSION.c.id.desc(),
            ),
        )
        .label("rank")
    )
    found: dict[str, dict[VersionStatus, VersionKey]] = {}
    for chunk in chunks(sorted(set(source_ids)), width=1):
        ranked = (
            select(
                VERSION.c.id,
                VERSION.c.source_id,
                VERSION.c.status,
                VERSION.c.in_force_on,
                VERSION.c.content_hash,
                VERSION.c.parser_version,
                VERSION.c.observed_at,
                VERSION.c.url,
                rank,
            )
            .where(
                VERSION.c.source_id.in_(chunk),
                VERSION.c.status.in_(wanted),
                VERSION.c.in_force_on <= day,
            )
            .subquery()
        )
        for row in connection.execute(select(ranked).where(ranked.c.rank == 1)):
            key = VersionKey(
                id=int(row.id),
                source_id=str(row.source_id),
                status=VersionStatus(row.status),
                in_force_on=row.in_force_on,
                content_hash=str(row.content_hash),
                parser_version=int(row.parser_version),
                observed_at=row.observed_at,
                url=str(row.url),
            )
            found.setdefault(key.source_id, {})[key.status] = key
    return found


def stored_versions(connection: Connection, version_ids: Iterable[int]) -> dict[int, StoredVersion]:
    """These versions, with their documents, by id; ids that name no version are left out."""
    found: dict[int, StoredVersion] = {}
    for chunk in chunks(sorted(set(version_ids))):
        for row in connection.execute(select(*_STORED).where(VERSION.c.id.in_(chunk))):
            found[int(row.id)] = _stored(row)
    return found

"""Freshness of each source: last check, last success, last change, failure streak."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, Subquery, func, not_, or_, select

from scraper.records import Outcome
from store.records import ArchiveFallback, SourceHealth
from store.tables import ATTEMPT, EVENT, SOURCE

_SUCCESS = (Outcome.OK.value, Outcome.NOT_MODIFIED.value)


def health(connection: Connection, source_ids: Sequence[str] | None = None) -> list[SourceHealth]:
    """Health of the given sources (all known sources when None), in source id order.

    One query: per source, indexed look-ups of its last attempt, last success and last change,
    and counts of its attempts and of those after the last success.
    """
    query = _HEALTH
    if source_ids is not None:
        wanted = sorted(set(source_ids))
        if not wanted:
            return []
        query = query.where(_PER_SOURCE.c.source_id.in_(wanted))
    found = {str(row.source_id): _source_health(row) for row in connection.execute(query)}
    if source_ids is None:
        return list(found.values())
    # A source never upserted has no row yet; it has simply never been checked.
    return [found.get(source_id) or _never_checked(source_id) for source_id in wanted]


def newest_check_at(connection: Connection) -> datetime | None:
    newest: datetime | None = connection.scalar(
        select(ATTEMPT.c.started_at).order_by(ATTEMPT.c.id.desc()).limit(1)
    )
    return newest


def _per_source() -> Subquery:
    of_source = ATTEMPT.c.source_id == SOURCE.c.id
    return select(
        SOURCE.c.id.label("source_id"),
        select(func.count()).where(of_source).scalar_subquery().label("checks"),
        select(func.max(ATTEMPT.c.id)).where(of_source).scalar_subquery().label("last_id"),
        select(func.max(ATTEMPT.c.id))
        .where(of_source, ATTEMPT.c.outcome.in_(_SUCCESS))
        .scalar_subquery()
        .label("success_id"),
        select(func.max(EVENT.c.observed_at))
        .where(EVENT.c.source_id == SOURCE.c.id)
        .scalar_subquery()
        .label("last_change_at"),
    ).subquery("per_source")


def _health_query(per_source: Subquery) -> Select[Any]:
    last, success = ATTEMPT.alias("last_attempt"), ATTEMPT.alias("success_attempt")
    # Failed attempts since the last success: all of them when there never was one (ids > 0).
    streak = (
        select(func.count())
        .where(
            ATTEMPT.c.source_id == per_source.c.source_id,
            ATTEMPT.c.id > func.coalesce(per_source.c.success_id, 0),
        )
        .scalar_subquery()
    )
    return (
        select(
            per_source.c.source_id,
            per_source.c.checks,
            per_source.c.last_change_at,
            last.c.started_at.label("last_check_at"),
            last.c.outcome.label("last_outcome"),
            last.c.detail.label("last_detail"),
            success.c.started_at.label("last_success_at"),
            streak.label("error_streak"),
        )
        .outerjoin(last, last.c.id == per_source.c.last_id)
        .outerjoin(success, success.c.id == per_source.c.success_id)
        .order_by(per_source.c.source_id)
    )


_PER_SOURCE = _per_source()
_HEALTH = _health_query(_PER_SOURCE)


def _source_health(row: Row[Any]) -> SourceHealth:
    return SourceHealth(
        source_id=str(row.source_id),
        last_check_at=row.last_check_at,
        last_outcome=None if row.last_outcome is None else Outcome(row.last_outcome),
        last_detail="" if row.last_detail is None else str(row.last_detail),
        last_success_at=row.last_success_at,
        last_change_at=row.last_change_at,
        error_streak=int(row.error_streak),
        checks=int(row.checks),
    )


def _never_checked(source_id: str) -> SourceHealth:
    return SourceHealth(
        source_id=source_id,
        last_check_at=None,
        last_outcome=None,
        last_detail="",
        last_success_at=None,
        last_change_at=None,
        error_streak=0,
        checks=0,
    )


# Attempts that were not a live fetch of the page: file imports and archived captures.
_NOT_LIVE = or_(ATTEMPT.c.detail.like("backfill:%"), ATTEMPT.c.detail == "imported")


def last_live_successes(connection: Connection) -> dict[str, datetime]:
    """Per source, when a live check last looked at the page: imports and archived captures
    (the seed captures of a first start among them) are not a live success."""
    rows = connection.execute(
        select(ATTEMPT.c.source_id, func.max(ATTEMPT.c.started_at).label("at"))
        .where(ATTEMPT.c.outcome.in_(_SUCCESS), not_(_NOT_LIVE))
        .group_by(ATTEMPT.c.source_id)
    )
    return {str(row.source_id): row.at for row in rows}


def archive_fallback(connection: Connection, source_id: str) -> ArchiveFallback | None:
    """When the last live check of the source failed and captures from the Wayback Machine were
    imported: what failed, and how old the archived capture in use is."""
    live = connection.execute(
        select(ATTEMPT.c.outcome, ATTEMPT.c.detail, ATTEMPT.c.started_at)
        .where(ATTEMPT.c.source_id == source_id, not_(_NOT_LIVE))
        .order_by(ATTEMPT.c.id.desc())
        .limit(1)
    ).one_or_none()
    if live is None or not Outcome(live.outcome).is_failure:
        return None
    archived = connection.scalar(
        select(func.max(ATTEMPT.c.started_at)).where(
            ATTEMPT.c.source_id == source_id,
            ATTEMPT.c.outcome == Outcome.OK.value,
            ATTEMPT.c.detail.like("backfill:wayback%"),
        )
    )
    if archived is None:
        return None
    return ArchiveFallback(Outcome(live.outcome), str(live.detail), live.started_at, archived)

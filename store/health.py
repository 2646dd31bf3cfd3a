"""Freshness of each source: last check, last success, last change, failure streak."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Subquery, func, or_, select

from scraper.records import Outcome
from store.records import SourceHealth
from store.tables import ATTEMPT, EVENT, SOURCE

_SUCCESS = (Outcome.OK.value, Outcome.NOT_MODIFIED.value)


def health(connection: Connection, source_ids: Sequence[str] | None = None) -> list[SourceHealth]:
    """Health of the given sources (all known sources when None), in source id order."""
    if source_ids is None:
        source_ids = list(connection.scalars(select(SOURCE.c.id).order_by(SOURCE.c.id)))
    wanted = sorted(set(source_ids))
    if not wanted:
        return []
    in_wanted = ATTEMPT.c.source_id.in_(wanted)
    totals = _totals(connection, in_wanted)
    successes = (
        select(ATTEMPT.c.source_id, func.max(ATTEMPT.c.id).label("success_id"))
        .where(in_wanted, ATTEMPT.c.outcome.in_(_SUCCESS))
        .group_by(ATTEMPT.c.source_id)
        .subquery()
    )
    streaks = _streaks(connection, in_wanted, successes)
    success_ids = [int(row.success_id) for row in connection.execute(select(successes))]
    attempts = _attempts(connection, [last for _, last in totals.values()] + success_ids)
    last_success = {str(attempts[i].source_id): attempts[i].started_at for i in success_ids}
    last_change = _last_change(connection, wanted)
    result = []
    for source_id in wanted:
        checks, last_id = totals.get(source_id, (0, -1))
        last = attempts.get(last_id)
        result.append(
            SourceHealth(
                source_id=source_id,
                last_check_at=last.started_at if last is not None else None,
                last_outcome=Outcome(last.outcome) if last is not None else None,
                last_detail=str(last.detail) if last is not None else "",
                last_success_at=last_success.get(source_id),
                last_change_at=last_change.get(source_id),
                error_streak=streaks.get(source_id, 0),
                checks=checks,
            )
        )
    return result


def _totals(connection: Connection, in_wanted: ColumnElement[bool]) -> dict[str, tuple[int, int]]:
    rows = connection.execute(
        select(ATTEMPT.c.source_id, func.count(), func.max(ATTEMPT.c.id))
        .where(in_wanted)
        .group_by(ATTEMPT.c.source_id)
    )
    return {str(source_id): (int(count), int(last)) for source_id, count, last in rows}


def _streaks(
    connection: Connection, in_wanted: ColumnElement[bool], successes: Subquery
) -> dict[str, int]:
    """Failed attempts since the last success (all attempts when there never was one)."""
    rows = connection.execute(
        select(ATTEMPT.c.source_id, func.count())
        .outerjoin(successes, successes.c.source_id == ATTEMPT.c.source_id)
        .where(
            in_wanted,
            or_(successes.c.success_id.is_(None), ATTEMPT.c.id > successes.c.success_id),
        )
        .group_by(ATTEMPT.c.source_id)
    )
    return {str(source_id): int(count) for source_id, count in rows}


def _attempts(connection: Connection, attempt_ids: list[int]) -> dict[int, Any]:
    rows = connection.execute(
        select(
            ATTEMPT.c.id,
            ATTEMPT.c.source_id,
            ATTEMPT.c.started_at,
            ATTEMPT.c.outcome,
            ATTEMPT.c.detail,
        ).where(ATTEMPT.c.id.in_(attempt_ids))
    )
    return {int(row.id): row for row in rows}


def _last_change(connection: Connection, source_ids: list[str]) -> dict[str, datetime]:
    rows = connection.execute(
        select(EVENT.c.source_id, func.max(EVENT.c.observed_at))
        .where(EVENT.c.source_id.in_(source_ids))
        .group_by(EVENT.c.source_id)
    )
    return {str(source_id): last for source_id, last in rows}

"""Freshness of each source: last check, last success, last change, failure streak."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, bindparam, func, not_, or_, select

from scraper.records import Outcome
from store.records import ArchiveFallback, SourceHealth
from store.sql import chunks, insert_ignoring
from store.tables import ATTEMPT, EVENT, SOURCE, TALLY

_SUCCESS = (Outcome.OK.value, Outcome.NOT_MODIFIED.value)


def health(connection: Connection, source_ids: Sequence[str] | None = None) -> list[SourceHealth]:
    """Health of the given sources (all known sources when None), in source id order.

    One query, a fixed number of index look-ups per source whatever the length of its history:
    its tally row, the two attempts the tally names, and its last change.
    """
    query = _HEALTH
    if source_ids is not None:
        wanted = sorted(set(source_ids))
        if not wanted:
            return []
        query = query.where(SOURCE.c.id.in_(wanted))
    found = {str(row[0]): _source_health(row) for row in connection.execute(query)}
    if source_ids is None:
        return list(found.values())
    # A source never upserted has no row yet; it has simply never been checked.
    return [found.get(source_id) or _never_checked(source_id) for source_id in wanted]


def newest_check_at(connection: Connection) -> datetime | None:
    newest: datetime | None = connection.scalar(
        select(ATTEMPT.c.started_at).order_by(ATTEMPT.c.id.desc()).limit(1)
    )
    return newest


def _health_query() -> Select[Any]:
    last, success = ATTEMPT.alias("last_attempt"), ATTEMPT.alias("success_attempt")
    last_change = (
        select(func.max(EVENT.c.observed_at)).where(EVENT.c.source_id == SOURCE.c.id)
    ).scalar_subquery()
    joined = (
        SOURCE.outerjoin(TALLY, TALLY.c.source_id == SOURCE.c.id)
        .outerjoin(last, last.c.id == TALLY.c.last_attempt_id)
        .outerjoin(success, success.c.id == TALLY.c.success_attempt_id)
    )
    return (
        select(  # in SourceHealth's order: _source_health unpacks by position
            SOURCE.c.id,
            last.c.started_at,
            last.c.outcome,
            last.c.detail,
            success.c.started_at,
            last_change,
            func.coalesce(TALLY.c.error_streak, 0),
            func.coalesce(TALLY.c.checks, 0),
        )
        .select_from(joined)
        .order_by(SOURCE.c.id)
    )


_HEALTH = _health_query()


def tally_attempts(connection: Connection, attempts: Sequence[tuple[str, int, Outcome]]) -> None:
    """Fold new attempts (source id, attempt id, outcome) into their sources' tallies, in the
    transaction that inserts them. Rows are locked in source order, so concurrent writers on
    PostgreSQL wait for each other instead of losing a count."""
    by_source: dict[str, list[tuple[int, Outcome]]] = {}
    for source_id, attempt_id, outcome in sorted(attempts, key=lambda a: a[1]):
        by_source.setdefault(source_id, []).append((attempt_id, outcome))
    for wanted in chunks(sorted(by_source), width=5):
        fresh = [_empty_tally(s, by_source[s][0][0]) for s in wanted]
        connection.execute(insert_ignoring(connection, TALLY, ["source_id"]), fresh)
        locked = select(TALLY).where(TALLY.c.source_id.in_(wanted)).order_by(TALLY.c.source_id)
        rows = connection.execute(locked.with_for_update()).all()
        connection.execute(
            _UPDATE_TALLY, [_folded(row, by_source[str(row.source_id)]) for row in rows]
        )


def _empty_tally(source_id: str, first_id: int) -> dict[str, object]:
    return {
        "source_id": source_id,
        "checks": 0,
        "error_streak": 0,
        "last_attempt_id": first_id,
        "success_attempt_id": None,
    }


def _folded(row: Row[Any], new: list[tuple[int, Outcome]]) -> dict[str, object]:
    success_id, streak = row.success_attempt_id, int(row.error_streak)
    for attempt_id, outcome in new:
        if outcome.value in _SUCCESS:
            success_id, streak = attempt_id, 0
        else:
            streak += 1
    return {
        "key": row.source_id,
        "checks": int(row.checks) + len(new),
        "error_streak": streak,
        "last_attempt_id": new[-1][0],
        "success_attempt_id": success_id,
    }


# Executed with one dict per source: the columns it names are set (SQLAlchemy's executemany).
_UPDATE_TALLY = TALLY.update().where(TALLY.c.source_id == bindparam("key"))


def _source_health(row: Sequence[Any]) -> SourceHealth:
    # Unpacked by position: named access on 1000 rows cost more than the query itself.
    source_id, last_check_at, outcome, detail, last_success_at, last_change_at, streak, checks = row
    return SourceHealth(
        source_id=str(source_id),
        last_check_at=last_check_at,
        last_outcome=None if outcome is None else Outcome(outcome),
        last_detail="" if detail is None else str(detail),
        last_success_at=last_success_at,
        last_change_at=last_change_at,
        error_streak=int(streak),
        checks=int(checks),
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

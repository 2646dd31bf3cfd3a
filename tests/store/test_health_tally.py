"""Source health read from the tallies equals health computed from the whole attempt history.

The reference is the query health used before `source_tally` (migration 0011): per source,
counts and maxima over all of its attempts. Both are compared on one varied history, after
every batch of checks and after the migration fills the tallies of an existing database.
"""

from __future__ import annotations

from typing import Any

from alembic import command
from sqlalchemy import Select, Subquery, func, select

from scraper.records import Outcome
from store.db import read_transaction, write_transaction
from store.migrate import alembic_config
from store.records import CheckRecord, SourceHealth, VersionStatus
from store.store import Store
from store.tables import ATTEMPT, EVENT, SOURCE
from tests.store.builders import at, document, fetch, new_version_check, source, trade

_SUCCESS = (Outcome.OK.value, Outcome.NOT_MODIFIED.value)
NAMES = ("archived", "failing", "never", "quarantined", "recovered", "steady")


def _old_per_source() -> Subquery:
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


def _old_query() -> Select[Any]:
    per_source = _old_per_source()
    last, success = ATTEMPT.alias("last_attempt"), ATTEMPT.alias("success_attempt")
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


def _from_history(store: Store) -> list[SourceHealth]:
    with read_transaction(store.engine) as connection:
        return [
            SourceHealth(
                source_id=row.source_id,
                last_check_at=row.last_check_at,
                last_outcome=None if row.last_outcome is None else Outcome(row.last_outcome),
                last_detail=row.last_detail or "",
                last_success_at=row.last_success_at,
                last_change_at=row.last_change_at,
                error_streak=row.error_streak,
                checks=row.checks,
            )
            for row in connection.execute(_old_query())
        ]


def _checks(name: str, outcomes: str, start: int) -> list[CheckRecord]:
    """One check a letter: o ok, n 304, t transient, b blocked, p permanent, s suspect, l large."""
    codes = {
        "o": Outcome.OK,
        "n": Outcome.NOT_MODIFIED,
        "t": Outcome.TRANSIENT_ERROR,
        "b": Outcome.BLOCKED,
        "p": Outcome.PERMANENT_ERROR,
        "s": Outcome.SUSPECT,
        "l": Outcome.TOO_LARGE,
    }
    return [
        CheckRecord(
            fetch=fetch(name, outcome=codes[c], started_at=at(start + n), detail=f"{name}:{n}")
        )
        for n, c in enumerate(outcomes)
    ]


def _archived(start: int) -> list[CheckRecord]:
    """Captures imported from the Wayback Machine, then live checks that fail."""
    imported = [
        CheckRecord(fetch=fetch("archived", started_at=at(start + n), detail="backfill:wayback"))
        for n in range(2)
    ]
    return imported + _checks("archived", "pt", start + 2)


def _batches() -> list[list[CheckRecord]]:
    steady = document("steady", trades=(trade("电工"),))
    held = document("quarantined", trades=(trade("焊工"),))
    return [
        [new_version_check(steady, base=None, started_at=at(0)), *_checks("failing", "tb", 0)],
        # One source checked several times in one batch, sources interleaved.
        _checks("recovered", "ttonb", 1)
        + _checks("steady", "nn", 1)
        + _checks("failing", "psl", 3),
        [
            new_version_check(held, base=None, started_at=at(4), status=VersionStatus.QUARANTINED),
            *_archived(5),
        ],
        _checks("quarantined", "nt", 9) + _checks("recovered", "tt", 9) + _checks("steady", "n", 9),
    ]


def test_tallied_health_equals_health_from_the_whole_history(store: Store) -> None:
    store.upsert_sources([source(name) for name in NAMES])
    assert store.all_health() == _from_history(store)
    for batch in _batches():
        store.record_checks(batch)
        # Every batch is seen by the next read, whole.
        assert store.all_health() == _from_history(store)
    found = {h.source_id: h for h in store.all_health()}
    assert [store.health(name) for name in NAMES] == [found[name] for name in NAMES]
    # The history is as varied as it claims.
    assert found["never"].checks == 0 and found["never"].last_check_at is None
    assert (found["failing"].error_streak, found["failing"].last_success_at) == (5, None)
    assert (found["recovered"].checks, found["recovered"].error_streak) == (7, 3)
    assert found["steady"].last_change_at is not None
    assert store.archive_fallback("archived") is not None


def test_the_migration_tallies_an_existing_history(store: Store) -> None:
    store.upsert_sources([source(name) for name in NAMES])
    for batch in _batches():
        store.record_checks(batch)
    before = store.all_health()
    with write_transaction(store.engine) as connection:
        command.downgrade(alembic_config(connection), "0010_blob_delta")
    with write_transaction(store.engine) as connection:
        command.upgrade(alembic_config(connection), "head")
    assert store.all_health() == before == _from_history(store)
    store.record_checks(_checks("failing", "n", 20) + _checks("never", "t", 20))
    assert store.all_health() == _from_history(store)

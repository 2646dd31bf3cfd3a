"""Deliveries: claimed by workers under a lease, finished with one attempt row each (the
delivery log), retried when due, dead-lettered when the worker gives up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select, update

from store.notify_records import (
    AttemptOutcome,
    AttemptResult,
    Channel,
    DeliveryJob,
    DeliveryLogEntry,
    DeliveryStatus,
    NoticeKind,
    SubscriptionStatus,
)
from store.notify_tables import DELIVERY, DELIVERY_ATTEMPT, SUBSCRIPTION
from store.outbox import delivery_values
from store.sql import chunks, insert_ignoring
from store.subscriptions import subscription

PENDING, SENDING = DeliveryStatus.PENDING.value, DeliveryStatus.SENDING.value
MAX_ERROR_CHARS = 500


def enqueue(
    connection: Connection,
    *,
    subscription_id: int,
    kind: NoticeKind,
    ref_id: int | None,
    dedupe_key: str,
    due_at: datetime,
    now: datetime,
) -> bool:
    """Queue one delivery unless one with this key exists; True when it was queued now."""
    values = delivery_values(
        subscription_id=subscription_id,
        dedupe_key=dedupe_key,
        kind=kind,
        ref_id=ref_id,
        due_at=due_at,
        now=now,
    )
    statement = insert_ignoring(connection, DELIVERY, ["dedupe_key"])
    return connection.execute(statement, values).rowcount == 1


def claim(
    connection: Connection, holder: str, now: datetime, lease_seconds: float, limit: int
) -> list[DeliveryJob]:
    """Take up to `limit` due deliveries (and those whose worker's lease ran out) for `holder`.

    PostgreSQL: FOR UPDATE SKIP LOCKED, so concurrent workers take different rows. SQLite: the
    caller's BEGIN IMMEDIATE transaction holds the one write lock while the rows are marked.
    """
    due = or_(
        and_(DELIVERY.c.status == PENDING, DELIVERY.c.due_at <= now),
        and_(DELIVERY.c.status == SENDING, DELIVERY.c.lease_until < now),
    )
    query = select(DELIVERY.c.id).where(due).order_by(DELIVERY.c.due_at, DELIVERY.c.id)
    query = query.limit(limit)
    if connection.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = [int(i) for i in connection.scalars(query)]
    if not ids:
        return []
    lease_until = now + timedelta(seconds=lease_seconds)
    connection.execute(
        update(DELIVERY)
        .where(DELIVERY.c.id.in_(ids))
        .values(status=SENDING, lease_until=lease_until, claimed_by=holder, updated_at=now)
    )
    rows = connection.execute(
        select(DELIVERY, SUBSCRIPTION)
        .join(SUBSCRIPTION, SUBSCRIPTION.c.id == DELIVERY.c.subscription_id)
        .where(DELIVERY.c.id.in_(ids))
        .order_by(DELIVERY.c.id)
    ).all()
    return _jobs(connection, rows, lease_until, now)


def _jobs(
    connection: Connection, rows: Sequence[Any], lease_until: datetime, now: datetime
) -> list[DeliveryJob]:
    jobs, gone = [], []
    for row in rows:
        mapping = row._mapping
        delivery_id = int(mapping[DELIVERY.c.id])
        sub = subscription(_subscription_view(mapping))
        if sub.status is SubscriptionStatus.REMOVED:
            gone.append(delivery_id)
            continue
        jobs.append(
            DeliveryJob(
                id=delivery_id,
                kind=NoticeKind(mapping[DELIVERY.c.kind]),
                subscription=sub,
                ref_id=mapping[DELIVERY.c.ref_id],
                attempts=int(mapping[DELIVERY.c.attempts]),
                key=str(mapping[DELIVERY.c.dedupe_key]),
                lease_until=lease_until,
                item_indexes=_indexes(mapping[DELIVERY.c.item_indexes]),
            )
        )
    if gone:
        connection.execute(
            update(DELIVERY)
            .where(DELIVERY.c.id.in_(gone))
            .values(status=DeliveryStatus.CANCELLED.value, updated_at=now)
        )
    return jobs


def _indexes(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part.strip().isdigit())


class _View:
    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


def _subscription_view(mapping: Any) -> _View:
    return _View({column.name: mapping[column] for column in SUBSCRIPTION.c})


_STATUS_AFTER = {
    AttemptOutcome.SENT: DeliveryStatus.SENT,
    AttemptOutcome.RETRY: DeliveryStatus.PENDING,
    AttemptOutcome.DEAD: DeliveryStatus.DEAD,
}


def finish(
    connection: Connection, job: DeliveryJob, holder: str, result: AttemptResult, now: datetime
) -> bool:
    """Log the attempt and move the delivery on; False when another worker had taken it over
    (our lease ran out), in which case only the attempt is logged."""
    return finish_many(connection, [(job, result)], holder, now) == 1


def finish_many(
    connection: Connection,
    outcomes: Sequence[tuple[DeliveryJob, AttemptResult]],
    holder: str,
    now: datetime,
) -> int:
    """`finish` for many: one insert for the attempts, one update per distinct result (a batch
    of successes is one statement). Returns how many deliveries were still ours."""
    if not outcomes:
        return 0
    _log_attempts(connection, outcomes, now)
    same: dict[AttemptResult, list[int]] = {}
    for job, result in outcomes:
        key = replace(result, detail=result.detail[:MAX_ERROR_CHARS], elapsed_seconds=0.0)
        same.setdefault(key, []).append(job.id)
    moved = 0
    for result, ids in same.items():
        values = _after(result, now)
        for chunk in chunks(ids):
            moved += connection.execute(
                update(DELIVERY)
                .where(
                    DELIVERY.c.id.in_(chunk),
                    DELIVERY.c.claimed_by == holder,
                    DELIVERY.c.status == SENDING,
                )
                .values(values)
            ).rowcount
    return moved


def _log_attempts(
    connection: Connection, outcomes: Sequence[tuple[DeliveryJob, AttemptResult]], now: datetime
) -> None:
    connection.execute(
        DELIVERY_ATTEMPT.insert(),
        [
            {
                "delivery_id": job.id,
                "attempted_at": now,
                "outcome": result.outcome.value,
                "status_code": result.status_code,
                "detail": result.detail[:MAX_ERROR_CHARS],
                "elapsed_seconds": result.elapsed_seconds,
            }
            for job, result in outcomes
        ],
    )


def _after(result: AttemptResult, now: datetime) -> dict[str, Any]:
    """The delivery's columns after an attempt with this result."""
    detail = result.detail
    values: dict[str, Any] = {
        "status": _STATUS_AFTER[result.outcome].value,
        "attempts": DELIVERY.c.attempts + 1,
        "last_status_code": result.status_code,
        "last_error": "" if result.outcome is AttemptOutcome.SENT else detail,
        "lease_until": None,
        "claimed_by": None,
        "updated_at": now,
    }
    if result.outcome is AttemptOutcome.SENT:
        values["sent_at"] = now
    if result.outcome is AttemptOutcome.RETRY:
        values["due_at"] = result.retry_at or now
    return values


def delivery_log(
    connection: Connection,
    *,
    limit: int,
    subscription_id: int | None = None,
    status: DeliveryStatus | None = None,
) -> list[DeliveryLogEntry]:
    query = select(DELIVERY, SUBSCRIPTION.c.channel, SUBSCRIPTION.c.target).join(
        SUBSCRIPTION, SUBSCRIPTION.c.id == DELIVERY.c.subscription_id
    )
    if subscription_id is not None:
        query = query.where(DELIVERY.c.subscription_id == subscription_id)
    if status is not None:
        query = query.where(DELIVERY.c.status == status.value)
    rows = connection.execute(query.order_by(DELIVERY.c.id.desc()).limit(limit))
    return [
        DeliveryLogEntry(
            delivery_id=int(row.id),
            subscription_id=int(row.subscription_id),
            channel=Channel(row.channel),
            target=str(row.target),
            kind=NoticeKind(row.kind),
            ref_id=row.ref_id,
            status=DeliveryStatus(row.status),
            attempts=int(row.attempts),
            last_error=str(row.last_error),
            last_status_code=row.last_status_code,
            created_at=row.created_at,
            updated_at=row.updated_at,
            sent_at=row.sent_at,
        )
        for row in rows
    ]


def status_counts(connection: Connection) -> dict[DeliveryStatus, int]:
    rows = connection.execute(
        select(DELIVERY.c.status, func.count()).group_by(DELIVERY.c.status)
    ).all()
    return {DeliveryStatus(status): int(count) for status, count in rows}

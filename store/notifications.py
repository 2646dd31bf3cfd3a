"""`Notifications`: the store's face for the notify stage (`Store.notify`): subscriptions, the
outbox fan-out, delivery claims and their log, operator incidents — each call one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Engine

from store import deliveries, incidents, outbox, subscriptions
from store.db import read_transaction, write_transaction
from store.errors import StoreError
from store.notify_records import (
    AttemptResult,
    Channel,
    DeliveryJob,
    DeliveryLogEntry,
    DeliveryStatus,
    Incident,
    NewSubscription,
    NoticeKind,
    Problem,
    Role,
    Subscription,
)


class TooManyRequests(StoreError):
    """An address asked for more subscriptions than the rate limit allows."""


class Notifications:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- subscriptions -----------------------------------------------------------------------

    def subscribe(
        self, new: NewSubscription, now: datetime, *, per_hour: int | None = None
    ) -> Subscription:
        """Create a subscription; an unconfirmed one gets its confirmation message queued in
        the same transaction. `per_hour`: refuse past this many requests from one address."""
        with write_transaction(self.engine) as connection:
            if per_hour is not None:
                address = subscriptions.address_of(new.channel, new.target)
                since = now - timedelta(hours=1)
                if subscriptions.recent_count(connection, address, since) >= per_hour:
                    raise TooManyRequests(
                        f"{address}: more than {per_hour} subscription requests in an hour"
                    )
            new_id = subscriptions.insert_subscription(connection, new, now)
            if not new.is_confirmed:
                deliveries.enqueue(
                    connection,
                    subscription_id=new_id,
                    kind=NoticeKind.CONFIRM,
                    ref_id=None,
                    dedupe_key=f"confirm:{new_id}",
                    due_at=now,
                    now=now,
                )
            found = subscriptions.get_subscription(connection, new_id)
        assert found is not None
        return found

    def subscription(self, subscription_id: int) -> Subscription | None:
        with read_transaction(self.engine) as connection:
            return subscriptions.get_subscription(connection, subscription_id)

    def subscriptions(
        self, *, role: Role = Role.SUBSCRIBER, include_removed: bool = False
    ) -> list[Subscription]:
        with read_transaction(self.engine) as connection:
            return subscriptions.list_subscriptions(
                connection, role=role, include_removed=include_removed
            )

    def confirm(self, subscription_id: int, now: datetime) -> bool:
        with write_transaction(self.engine) as connection:
            return subscriptions.confirm(connection, subscription_id, now)

    def unsubscribe(self, subscription_id: int, now: datetime) -> bool:
        with write_transaction(self.engine) as connection:
            return subscriptions.remove(connection, subscription_id, now)

    def set_operator(self, channel: Channel, target: str, secret: str | None, now: datetime) -> int:
        with write_transaction(self.engine) as connection:
            return subscriptions.operator_subscription(connection, channel, target, secret, now)

    # --- outbox and deliveries ---------------------------------------------------------------

    def fan_out(self, decide: outbox.Decide, now: datetime, limit: int = 50) -> int:
        return outbox.fan_out(self.engine, decide, now, limit)

    def waiting_notices(self) -> int:
        return outbox.pending_notices(self.engine)

    def claim(
        self, holder: str, now: datetime, *, lease_seconds: float, limit: int
    ) -> list[DeliveryJob]:
        with write_transaction(self.engine) as connection:
            return deliveries.claim(connection, holder, now, lease_seconds, limit)

    def finish(self, job: DeliveryJob, holder: str, result: AttemptResult, now: datetime) -> bool:
        with write_transaction(self.engine) as connection:
            return deliveries.finish(connection, job, holder, result, now)

    def finish_many(
        self,
        outcomes: Sequence[tuple[DeliveryJob, AttemptResult]],
        holder: str,
        now: datetime,
    ) -> int:
        """Finish many deliveries in one transaction; returns how many were still ours."""
        with write_transaction(self.engine) as connection:
            return deliveries.finish_many(connection, outcomes, holder, now)

    def log(
        self,
        *,
        limit: int = 50,
        subscription_id: int | None = None,
        status: DeliveryStatus | None = None,
    ) -> list[DeliveryLogEntry]:
        with read_transaction(self.engine) as connection:
            return deliveries.delivery_log(
                connection, limit=limit, subscription_id=subscription_id, status=status
            )

    def status_counts(self) -> dict[DeliveryStatus, int]:
        with read_transaction(self.engine) as connection:
            return deliveries.status_counts(connection)

    # --- operator incidents ------------------------------------------------------------------

    def reconcile(
        self, problems: Sequence[Problem], now: datetime
    ) -> tuple[list[Incident], list[Incident]]:
        with write_transaction(self.engine) as connection:
            operator = subscriptions.list_subscriptions(connection, role=Role.OPERATOR)
            operator_id = operator[0].id if operator else None
            return incidents.reconcile(connection, problems, operator_id, now)

    def incident(self, incident_id: int) -> Incident | None:
        with read_transaction(self.engine) as connection:
            return incidents.get_incident(connection, incident_id)

    def open_incidents(self) -> list[Incident]:
        with read_transaction(self.engine) as connection:
            return incidents.open_incidents(connection)

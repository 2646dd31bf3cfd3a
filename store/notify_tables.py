"""The notify stage's tables: subscriptions, the outbox written with each change, deliveries with
their attempts (the delivery log), and operator incidents."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlalchemy import Boolean, Column, Float, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from store.columns import CleanText, UtcDateTime
from store.tables import table_of


def _pk() -> int | None:
    primary_key: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    return primary_key


class SubscriptionRow(SQLModel, table=True):
    """A channel and a filter. `token` signs its confirmation and unsubscribe links."""

    __tablename__: ClassVar[str] = "subscription"
    __table_args__ = (
        Index("ix_subscription_status", "status", "role"),
        Index("ix_subscription_address", "address", "created_at"),
    )
    id: int | None = _pk()
    role: str = Field(sa_column=Column(String(16), nullable=False))
    channel: str = Field(sa_column=Column(String(16), nullable=False))
    target: str = Field(sa_column=Column(CleanText, nullable=False))
    address: str = Field(sa_column=Column(String(320), nullable=False))  # for rate limits
    secret: str | None = Field(sa_column=Column(CleanText))
    token: str = Field(sa_column=Column(String(64), nullable=False))
    source_id: str | None = Field(sa_column=Column(String))
    trade: str | None = Field(sa_column=Column(CleanText))
    indicator: str | None = Field(sa_column=Column(String(64)))
    level: str | None = Field(sa_column=Column(String(32)))
    item_kind: str | None = Field(sa_column=Column(String(16)))
    include_wording: bool = Field(sa_column=Column(Boolean, nullable=False))
    digest: str = Field(sa_column=Column(String(16), nullable=False))
    language: str = Field(sa_column=Column(String(8), nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    confirmed_at: datetime | None = Field(sa_column=Column(UtcDateTime))
    removed_at: datetime | None = Field(sa_column=Column(UtcDateTime))


class OutboxRow(SQLModel, table=True):
    """One row per change to tell subscribers of, written in the transaction of the change.

    No foreign key to the event: a replay deletes and re-inserts events under their old ids.
    """

    __tablename__: ClassVar[str] = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "fanned_out_at", "id"),)
    id: int | None = _pk()
    event_id: int = Field(sa_column=Column(Integer, nullable=False))
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    fanned_out_at: datetime | None = Field(sa_column=Column(UtcDateTime))


class DeliveryRow(SQLModel, table=True):
    """One message to one subscription; `dedupe_key` makes every enqueue idempotent."""

    __tablename__: ClassVar[str] = "delivery"
    __table_args__ = (
        Index("ix_delivery_due", "status", "due_at"),
        Index("ix_delivery_subscription", "subscription_id", "id"),
    )
    id: int | None = _pk()
    subscription_id: int = Field(sa_column=Column(ForeignKey("subscription.id"), nullable=False))
    dedupe_key: str = Field(sa_column=Column(String(128), nullable=False, unique=True))
    kind: str = Field(sa_column=Column(String(16), nullable=False))
    ref_id: int | None = Field(sa_column=Column(Integer))
    # Which of the change's items the subscription follows: "0,2" (empty: none, or not a change)
    item_indexes: str = Field(sa_column=Column(String, nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    attempts: int = Field(sa_column=Column(Integer, nullable=False))
    due_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    lease_until: datetime | None = Field(sa_column=Column(UtcDateTime))
    claimed_by: str | None = Field(sa_column=Column(String(128)))
    last_status_code: int | None = Field(sa_column=Column(Integer))
    last_error: str = Field(sa_column=Column(CleanText, nullable=False))
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    sent_at: datetime | None = Field(sa_column=Column(UtcDateTime))


class DeliveryAttemptRow(SQLModel, table=True):
    """Every attempt at a delivery: the delivery log."""

    __tablename__: ClassVar[str] = "delivery_attempt"
    __table_args__ = (Index("ix_delivery_attempt_delivery", "delivery_id", "id"),)
    id: int | None = _pk()
    delivery_id: int = Field(sa_column=Column(ForeignKey("delivery.id"), nullable=False))
    attempted_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    outcome: str = Field(sa_column=Column(String(16), nullable=False))
    status_code: int | None = Field(sa_column=Column(Integer))
    detail: str = Field(sa_column=Column(CleanText, nullable=False))
    elapsed_seconds: float = Field(sa_column=Column(Float, nullable=False))


class IncidentRow(SQLModel, table=True):
    """An operator incident; `open_key` is set while it is open, so only one opens at a time."""

    __tablename__: ClassVar[str] = "incident"
    id: int | None = _pk()
    kind: str = Field(sa_column=Column(String(32), nullable=False))
    subject: str = Field(sa_column=Column(String, nullable=False))
    detail: str = Field(sa_column=Column(CleanText, nullable=False))
    open_key: str | None = Field(sa_column=Column(String, unique=True))
    opened_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    closed_at: datetime | None = Field(sa_column=Column(UtcDateTime))


SUBSCRIPTION = table_of(SubscriptionRow)
OUTBOX = table_of(OutboxRow)
DELIVERY = table_of(DeliveryRow)
DELIVERY_ATTEMPT = table_of(DeliveryAttemptRow)
INCIDENT = table_of(IncidentRow)

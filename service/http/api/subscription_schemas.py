"""Request and response models of the subscription API and the delivery log."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from store.notify_records import (
    Channel,
    DeliveryLogEntry,
    DeliveryStatus,
    Digest,
    ItemKind,
    Language,
    NoticeKind,
    Subscription,
    SubscriptionStatus,
)


class SubscriptionCreate(BaseModel):
    """A channel and a filter. Webhooks and apprise URLs need the admin token; an e-mail address
    without it is confirmed by a link sent to it (double opt-in)."""

    model_config = ConfigDict(extra="forbid")

    channel: Channel
    target: str = Field(
        min_length=1, max_length=2000, description="e-mail address, webhook URL or apprise URL"
    )
    secret: str | None = Field(
        None, max_length=200, description="webhooks: the HMAC key (default: a random one)"
    )
    source: str | None = Field(None, max_length=100)
    trade: str | None = Field(None, max_length=100, description="any name the trade bore")
    indicator: str | None = Field(None, max_length=64, description="SKILL or SKILL:3")
    kind: ItemKind | None = None
    rules_only: bool = False
    digest: Digest = Digest.INSTANT
    language: Language = Language.ZH


class SubscriptionPublic(BaseModel):
    id: int
    channel: Channel
    target: str
    has_secret: bool
    source: str | None
    trade: str | None
    indicator: str | None
    level: str | None
    kind: ItemKind | None
    rules_only: bool
    digest: Digest
    language: Language
    status: SubscriptionStatus
    created_at: datetime
    confirmed_at: datetime | None

    @classmethod
    def from_record(cls, subscription: Subscription) -> SubscriptionPublic:
        wanted = subscription.filter
        return cls(
            id=subscription.id,
            channel=subscription.channel,
            target=subscription.target,
            has_secret=subscription.has_secret,
            source=wanted.source_id,
            trade=wanted.trade,
            indicator=wanted.indicator,
            level=wanted.level,
            kind=wanted.kind,
            rules_only=not wanted.include_wording,
            digest=subscription.digest,
            language=subscription.language,
            status=subscription.status,
            created_at=subscription.created_at,
            confirmed_at=subscription.confirmed_at,
        )


class SubscriptionCreated(SubscriptionPublic):
    secret: str | None = Field(
        None, description="a generated webhook secret, shown here once and never again"
    )


class DeliveryPublic(BaseModel):
    id: int
    subscription_id: int
    channel: Channel
    target: str
    kind: NoticeKind
    change_id: int | None = Field(description="the change (or incident) it is about")
    status: DeliveryStatus
    attempts: int
    last_error: str
    last_status_code: int | None
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None

    @classmethod
    def from_record(cls, entry: DeliveryLogEntry) -> DeliveryPublic:
        return cls(
            id=entry.delivery_id,
            subscription_id=entry.subscription_id,
            channel=entry.channel,
            target=entry.target,
            kind=entry.kind,
            change_id=entry.ref_id,
            status=entry.status,
            attempts=entry.attempts,
            last_error=entry.last_error,
            last_status_code=entry.last_status_code,
            created_at=entry.created_at,
            updated_at=entry.updated_at,
            sent_at=entry.sent_at,
        )

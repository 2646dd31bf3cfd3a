"""Records of the notify stage that the store keeps and hands back: subscriptions, the notices a
change leaves in the outbox, deliveries claimed by a worker, their log, operator incidents."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # an annotation only: `jifen --help` builds its options from these enums
    from diffing.records import ChangeEvent


class Channel(StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"  # JSON POST signed with the subscription's secret
    APPRISE = "apprise"  # any apprise URL: chat and push services


class ItemKind(StrEnum):
    """Which part of a change a subscription follows."""

    CATALOGUE = "catalogue"  # trades and majors listed
    RULE = "rule"  # point rules
    PARAMETERS = "parameters"  # annual parameters


class Digest(StrEnum):
    INSTANT = "instant"
    DAILY = "daily"


class Language(StrEnum):
    ZH = "zh"
    EN = "en"


class Role(StrEnum):
    SUBSCRIBER = "subscriber"
    OPERATOR = "operator"  # the JIFEN_OPERATOR_NOTIFY channel: incidents, not changes


class SubscriptionStatus(StrEnum):
    PENDING = "pending"  # waits for its e-mail confirmation (double opt-in)
    ACTIVE = "active"
    REMOVED = "removed"


class NoticeKind(StrEnum):
    CHANGE = "change"
    CORRECTION = "correction"  # a published change derived again with other content
    CONFIRM = "confirm"  # the double opt-in e-mail
    ALERT = "alert"  # an operator incident opened
    RECOVERY = "recovery"  # an operator incident closed


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # due at `due_at`
    SENDING = "sending"  # claimed by a worker until its lease ends
    SENT = "sent"
    DEAD = "dead"  # gave up: attempts exhausted or the receiver refused for good
    CANCELLED = "cancelled"  # the subscription went away before it was sent


class AttemptOutcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"
    DEAD = "dead"


class IncidentKind(StrEnum):
    SOURCE_FAILING = "source_failing"
    QUARANTINED = "quarantined"
    INCOMPLETE_DOCUMENT = "incomplete_document"
    STALE_LEASE = "stale_lease"


@dataclass(frozen=True, slots=True)
class Filter:
    """What a subscription wants to hear about; every field left empty matches everything."""

    source_id: str | None = None
    trade: str | None = None  # any name the trade was ever listed under
    indicator: str | None = None  # e.g. "SKILL"
    level: str | None = None  # e.g. "3"; only with `indicator`
    kind: ItemKind | None = None
    include_wording: bool = True  # False: rule changes only


@dataclass(frozen=True, slots=True)
class NewSubscription:
    channel: Channel
    target: str  # an e-mail address, a webhook URL or an apprise URL
    filter: Filter = Filter()
    digest: Digest = Digest.INSTANT
    language: Language = Language.ZH
    secret: str | None = None  # webhooks: the HMAC key
    is_confirmed: bool = True  # False: pending until the confirmation link is followed
    role: Role = Role.SUBSCRIBER


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    role: Role
    channel: Channel
    target: str
    filter: Filter
    digest: Digest
    language: Language
    status: SubscriptionStatus
    created_at: datetime
    confirmed_at: datetime | None
    # Read by the sender and the link signer only; never shown back.
    secret: str | None = field(default=None, repr=False)
    token: str = field(default="", repr=False)

    @property
    def has_secret(self) -> bool:
        return bool(self.secret)


@dataclass(frozen=True, slots=True)
class PendingNotice:
    """A change waiting in the outbox, with what matching it against filters needs."""

    id: int
    kind: NoticeKind  # CHANGE or CORRECTION
    event: ChangeEvent
    created_at: datetime  # when the change was recorded: who subscribed by then hears of it
    # Per subscribed trade name: every name of the trades that were ever listed under it.
    trade_names: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Rule item subject (the rule's label) → (indicator, level), from the two versions.
    rule_keys: Mapping[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Fanned:
    """One delivery the fan-out decided on: to whom, and when it is due."""

    subscription_id: int
    due_at: datetime
    item_indexes: tuple[int, ...] = ()  # which of the change's items it follows


@dataclass(frozen=True, slots=True)
class DeliveryJob:
    """A delivery claimed by a worker, leased until `lease_until`."""

    id: int
    kind: NoticeKind
    subscription: Subscription
    ref_id: int | None  # the change event, or the incident, it is about
    attempts: int  # attempts made before this one
    key: str  # idempotency key: the same for every attempt of this delivery
    lease_until: datetime
    item_indexes: tuple[int, ...] = ()  # the change's items the subscription follows


@dataclass(frozen=True, slots=True)
class AttemptResult:
    outcome: AttemptOutcome
    detail: str = ""
    status_code: int | None = None
    elapsed_seconds: float = 0.0
    retry_at: datetime | None = None  # for RETRY


@dataclass(frozen=True, slots=True)
class DeliveryLogEntry:
    delivery_id: int
    subscription_id: int
    channel: Channel
    target: str
    kind: NoticeKind
    ref_id: int | None
    status: DeliveryStatus
    attempts: int
    last_error: str
    last_status_code: int | None
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class Incident:
    id: int
    kind: IncidentKind
    subject: str  # the source id, or the lease name
    detail: str
    opened_at: datetime
    closed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """A condition an operator should hear about, as found now."""

    kind: IncidentKind
    subject: str
    detail: str

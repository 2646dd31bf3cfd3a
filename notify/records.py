"""What the notify stage passes around: its configuration, a rendered message, a send outcome."""

from __future__ import annotations

from dataclasses import dataclass, field

from scraper.outbound import OutboundPolicy


@dataclass(frozen=True, slots=True)
class DeliveryConfig:
    """How deliveries are sent; the service builds it from the deployment's settings."""

    public_url: str  # base of evidence, confirmation and unsubscribe links
    smtp_url: str | None = None  # smtp://host:port, smtps://…, smtp+starttls://…
    mail_from: str = "jifen@localhost"
    outbound: OutboundPolicy = field(default_factory=OutboundPolicy)  # which targets are allowed
    timeout_seconds: float = 10.0
    max_attempts: int = 8
    backoff_seconds: float = 30.0  # first retry waits about this long, then doubling
    max_backoff_seconds: float = 6 * 3600.0
    lease_seconds: float = 60.0  # a claimed delivery is retaken after this (worker died)
    batch: int = 100  # deliveries claimed at once
    concurrency: int = 32  # sends in flight at once
    feed_domain: str = "jifen.local"  # the right-hand side of Message-IDs


@dataclass(frozen=True, slots=True)
class Message:
    """One rendered message: a subject, plain text and HTML, and (for webhooks) a JSON body."""

    subject: str
    text: str
    html: str
    body: bytes  # the webhook JSON body
    key: str  # idempotency key, the same for every attempt
    change_id: int | None = None
    unsubscribe_url: str | None = None


@dataclass(frozen=True, slots=True)
class SendOutcome:
    """What a channel made of one attempt."""

    is_sent: bool
    detail: str = ""
    status_code: int | None = None
    is_permanent: bool = False  # no retry can help: the receiver refused for good
    retry_after_seconds: float | None = None  # the receiver's own Retry-After

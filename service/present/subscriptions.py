"""How a subscription and the delivery log are shown: never its secret, never its token."""

from __future__ import annotations

from typing import Any

from notify.wording import describe_filter
from store.notify_records import DeliveryLogEntry, Language, Subscription


def subscription_json(subscription: Subscription) -> dict[str, Any]:
    wanted = subscription.filter
    return {
        "id": subscription.id,
        "channel": subscription.channel.value,
        "target": subscription.target,
        "has_secret": subscription.has_secret,
        "source": wanted.source_id,
        "trade": wanted.trade,
        "indicator": wanted.indicator,
        "level": wanted.level,
        "kind": wanted.kind.value if wanted.kind else None,
        "rules_only": not wanted.include_wording,
        "digest": subscription.digest.value,
        "language": subscription.language.value,
        "status": subscription.status.value,
        "created_at": subscription.created_at.isoformat(),
    }


def subscription_row(subscription: Subscription) -> tuple[str, ...]:
    return (
        str(subscription.id),
        subscription.channel.value,
        subscription.target,
        describe_filter(subscription.filter, Language.EN),
        subscription.digest.value,
        subscription.status.value,
    )


def masked_target(entry: DeliveryLogEntry) -> str:
    """A target as the public health page shows it: the address hidden, the kind kept."""
    if entry.channel.value == "email":
        name, _, domain = entry.target.partition("@")
        return f"{name[:1]}…@{domain}"
    scheme, _, rest = entry.target.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0].rpartition('@')[2]}/…"

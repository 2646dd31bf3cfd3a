"""Signed links in every message: confirm a subscription, unsubscribe with one click.

A link is signed with the subscription's own random token, so it cannot be forged for another
subscription and stops working if the token is ever changed."""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum

from store.notify_records import Subscription


class LinkAction(StrEnum):
    CONFIRM = "confirm"
    UNSUBSCRIBE = "unsubscribe"


def signature(subscription: Subscription, action: LinkAction) -> str:
    message = f"{action.value}:{subscription.id}".encode()
    return hmac.new(subscription.token.encode(), message, hashlib.sha256).hexdigest()[:40]


def is_signed(subscription: Subscription, action: LinkAction, presented: str) -> bool:
    return hmac.compare_digest(signature(subscription, action), presented)


def link(public_url: str, subscription: Subscription, action: LinkAction) -> str:
    return f"{public_url}/notify/{action.value}/{subscription.id}/{signature(subscription, action)}"

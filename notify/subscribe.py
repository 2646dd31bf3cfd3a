"""Checks a subscription before it is stored: a target jifen may send to, a filter that can
match. The CLI, the API and the pages all create subscriptions through `check_subscription`."""

from __future__ import annotations

import re
import secrets
from collections.abc import Collection
from dataclasses import replace

from notify.chat import is_apprise_url
from notify.targets import refusal
from scraper.outbound import OutboundPolicy
from store.notify_records import Channel, NewSubscription

# One address, no display name, no list: what a person types into a form.
_EMAIL = re.compile(r"^[^@\s<>,;\"']{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")
MAX_TARGET_CHARS = 2000


class SubscriptionError(ValueError):
    """A subscription that cannot be made as asked; the message says what to change."""


def check_subscription(
    new: NewSubscription, source_ids: Collection[str], policy: OutboundPolicy
) -> NewSubscription:
    """The subscription to store: a webhook without a secret gets a random one."""
    target = new.target.strip()
    if not target or len(target) > MAX_TARGET_CHARS:
        raise SubscriptionError(f"the target must be 1 to {MAX_TARGET_CHARS} characters")
    if new.channel is Channel.EMAIL and not _EMAIL.match(target):
        raise SubscriptionError(f"{target!r} is not an e-mail address")
    if new.channel is Channel.APPRISE and not is_apprise_url(target):
        raise SubscriptionError(f"{target!r} is not a URL apprise knows")
    if new.channel is not Channel.EMAIL:
        refused = refusal(target, policy, is_apprise=new.channel is Channel.APPRISE)
        if refused is not None:
            raise SubscriptionError(refused)
    wanted = new.filter
    if wanted.source_id is not None and wanted.source_id not in source_ids:
        raise SubscriptionError(f"unknown source {wanted.source_id!r}")
    if wanted.level and not wanted.indicator:
        raise SubscriptionError("a level needs its indicator, e.g. SKILL:3")
    secret = new.secret
    if new.channel is Channel.WEBHOOK and not secret:
        secret = secrets.token_urlsafe(32)
    return replace(new, target=target, secret=secret)

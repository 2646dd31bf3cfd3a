"""Which subscriptions hear of a change, and which of its items concern each of them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta

from diffing.normalise import normalise_name
from diffing.records import (
    PARAMETER_KINDS,
    RULE_KINDS,
    TRADE_KINDS,
    ChangeClass,
    ChangeItem,
)
from store.notify_records import Digest, Fanned, Filter, ItemKind, PendingNotice, Subscription

_INDICATOR = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
_LEVEL = re.compile(r"[A-Za-z0-9_]{0,32}")
DIGEST_AT = time(0, 0, tzinfo=UTC)  # 08:00 in Shanghai, before the working day
_KINDS = {
    ItemKind.CATALOGUE: TRADE_KINDS,
    ItemKind.RULE: RULE_KINDS,
    ItemKind.PARAMETERS: PARAMETER_KINDS,
}


def item_kind(item: ChangeItem) -> ItemKind | None:
    return next((kind for kind, members in _KINDS.items() if item.kind in members), None)


def item_names(item: ChangeItem) -> set[str]:
    """The trade names an item speaks of: its subject and both sides (renames list them all)."""
    names = {item.subject}
    for side in (item.old, item.new):
        if side:
            names.update(part for chunk in side.split("/") for part in chunk.split(", "))
    return {normalise_name(name) for name in names if name.strip()}


def matching_items(wanted: Filter, notice: PendingNotice) -> tuple[ChangeItem, ...]:
    """The items of the notice's change this filter follows; empty when it follows none."""
    event = notice.event
    if event.is_backfill or (wanted.source_id and event.source_id != wanted.source_id):
        return ()
    if not wanted.include_wording and event.classification is not ChangeClass.RULE:
        return ()
    items: Sequence[ChangeItem] = event.items
    if wanted.kind is not None:
        items = [i for i in items if item_kind(i) is wanted.kind]
    if wanted.trade:
        bearers = notice.trade_names.get(wanted.trade, frozenset({wanted.trade}))
        names = {normalise_name(name) for name in bearers | {wanted.trade}}
        items = [i for i in items if i.kind in TRADE_KINDS and item_names(i) & names]
    if wanted.indicator:
        items = [i for i in items if i.kind in RULE_KINDS and _rule_is(wanted, notice, i)]
    return tuple(items)


def _rule_is(wanted: Filter, notice: PendingNotice, item: ChangeItem) -> bool:
    key = notice.rule_keys.get(item.subject)
    if key is None:
        return False
    indicator, level = key
    return indicator == wanted.indicator and (not wanted.level or level == wanted.level)


def next_digest_at(now: datetime) -> datetime:
    today = datetime.combine(now.astimezone(UTC).date(), DIGEST_AT)
    return today if today > now else today + timedelta(days=1)


def decide(
    notice: PendingNotice, subscriptions: Sequence[Subscription], now: datetime
) -> list[Fanned]:
    """One delivery per subscription the change concerns: now, or at the next daily digest."""
    fanned = []
    for s in subscriptions:
        items = matching_items(s.filter, notice)
        if items:
            due_at = next_digest_at(now) if s.digest is Digest.DAILY else now
            indexes = tuple(i for i, item in enumerate(notice.event.items) if item in items)
            fanned.append(Fanned(s.id, due_at, indexes))
    return fanned


def parse_indicator(text: str) -> tuple[str, str | None]:
    """ "SKILL:3" → ("SKILL", "3"); "SKILL" → ("SKILL", None)."""
    indicator, _, level = (part.strip() for part in text.strip().partition(":"))
    if not (_INDICATOR.fullmatch(indicator) and _LEVEL.fullmatch(level)):
        raise ValueError(f"{text!r} is no indicator: use an id like SKILL or SKILL:3")
    return indicator.upper(), level.upper() or None

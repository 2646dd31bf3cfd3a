"""Keyed diff of two catalogues: rows added, removed, renamed and modified, never line noise.

Rows are paired in passes of falling certainty: same code, same name, a shared alias, then a
close name among the rows left over. Order, 序号 and width variants never make a change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

from diffing.keys import TradeKey, changed_fields, trade_codes, trade_key
from diffing.records import TradeChange, TradeChangeKind
from scraper.records import Catalogue, Trade

# A published rename usually keeps most characters ("汽车维修工" → "汽车维修技术员").
RENAME_RATIO = 0.75
# "Contains" needs two shared characters: one CJK character is a weak sign of the same trade.
MIN_CONTAINED_CHARS = 2

_KIND_ORDER = {
    TradeChangeKind.RENAMED: 0,
    TradeChangeKind.MODIFIED: 1,
    TradeChangeKind.REMOVED: 2,
    TradeChangeKind.ADDED: 3,
}

Pair = tuple[TradeKey, TradeKey]


def diff_catalogues(old: Catalogue, new: Catalogue) -> tuple[TradeChange, ...]:
    """The row changes from `old` to `new`, renames first, then modified, removed, added."""
    old_trades, new_trades = _without_unchanged(old.trades, new.trades)
    old_left = sorted(map(trade_key, old_trades), key=lambda k: k.sort_key)
    new_left = sorted(map(trade_key, new_trades), key=lambda k: k.sort_key)
    pairs: list[Pair] = []
    for same in (_same_code, _same_primary, _shared_name):
        pairs.extend(_pair_exact(old_left, new_left, same))
    pairs.extend(_pair_close(old_left, new_left))

    changes = [change for pair in pairs if (change := _compare(*pair)) is not None]
    changes.extend(TradeChange(TradeChangeKind.REMOVED, k.trade, None) for k in old_left)
    changes.extend(TradeChange(TradeChangeKind.ADDED, None, k.trade) for k in new_left)
    return tuple(sorted(changes, key=_change_order))


def _without_unchanged(
    old: tuple[Trade, ...], new: tuple[Trade, ...]
) -> tuple[Sequence[Trade], Sequence[Trade]]:
    """The rows left to pair once rows published the same on both sides are set aside, under
    codes that name one row on each side (most catalogues of majors: a code per row).

    The pass by code pairs two such rows with each other, into no change, and every other row
    is paired as it would be with them present.
    """
    old_codes, new_codes = trade_codes(old), trade_codes(new)
    old_count, new_count = Counter(old_codes), Counter(new_codes)
    by_code = dict(zip(old_codes, old, strict=True))
    unchanged: set[str | None] = set()
    for code, trade in zip(new_codes, new, strict=True):
        before = by_code.get(code)
        if (
            before is not None
            and code  # no code: not paired by code
            and new_count[code] == old_count[code] == 1
            and _published_alike(before, trade)
        ):
            unchanged.add(code)
    if not unchanged:
        return old, new
    kept_old = [t for c, t in zip(old_codes, old, strict=True) if c not in unchanged]
    kept_new = [t for c, t in zip(new_codes, new, strict=True) if c not in unchanged]
    return kept_old, kept_new


def _published_alike(old: Trade, new: Trade) -> bool:
    """Same names, code and attributes as published (序号 aside): a pair without change."""
    return (
        old.name == new.name
        and old.code == new.code
        and old.aliases == new.aliases
        and old.attributes == new.attributes
    )


def _same_code(key: TradeKey) -> tuple[str, ...]:
    return (key.code,) if key.code else ()


def _same_primary(key: TradeKey) -> tuple[str, ...]:
    return (key.primary,)


def _shared_name(key: TradeKey) -> tuple[str, ...]:
    # "热处理工" became "金属热处理工/热处理工": a name of one row is a name of the other.
    return key.names


def _pair_exact(
    old_left: list[TradeKey],
    new_left: list[TradeKey],
    values: Callable[[TradeKey], tuple[str, ...]],
) -> list[Pair]:
    """Pair each new row with the first unpaired old row sharing one of `values`; remove both."""
    buckets: dict[str, list[int]] = {}
    for index, old in enumerate(old_left):
        for value in values(old):
            buckets.setdefault(value, []).append(index)
    taken: set[int] = set()
    pairs: list[Pair] = []
    unpaired: list[TradeKey] = []
    for new in new_left:
        found = (p for v in values(new) for p in buckets.get(v, ()) if p not in taken)
        position = min(found, default=None)
        if position is None:
            unpaired.append(new)
            continue
        taken.add(position)
        pairs.append((old_left[position], new))
    old_left[:] = [old for index, old in enumerate(old_left) if index not in taken]
    new_left[:] = unpaired
    return pairs


def _pair_close(old_left: list[TradeKey], new_left: list[TradeKey]) -> list[Pair]:
    """Pair leftover rows with close names, best score first, each row used once."""
    candidates: list[tuple[float, TradeKey, TradeKey]] = []
    for old in old_left:
        for new in new_left:
            score = name_closeness(old.primary, new.primary)
            if score is not None:
                candidates.append((score, old, new))
    candidates.sort(key=lambda c: (-c[0], c[1].sort_key, c[2].sort_key))
    pairs: list[Pair] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for _, old, new in candidates:
        if id(old) in used_old or id(new) in used_new:
            continue
        used_old.add(id(old))
        used_new.add(id(new))
        pairs.append((old, new))
    _drop(old_left, used_old)
    _drop(new_left, used_new)
    return pairs


def name_closeness(old: str, new: str) -> float | None:
    """How alike two normalised names are, or None when they are not close enough to pair."""
    if not old or not new:
        return None
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    if matcher.real_quick_ratio() < RENAME_RATIO and not _contains(old, new):
        return None
    ratio = matcher.ratio()
    if ratio >= RENAME_RATIO or _contains(old, new):
        return ratio
    return None


def _contains(old: str, new: str) -> bool:
    shorter, longer = sorted((old, new), key=len)
    return len(shorter) >= MIN_CONTAINED_CHARS and shorter in longer


def _drop(keys: list[TradeKey], used: set[int]) -> None:
    keys[:] = [k for k in keys if id(k) not in used]


def _compare(old: TradeKey, new: TradeKey) -> TradeChange | None:
    fields = changed_fields(old, new)
    if not fields:
        return None
    kind = TradeChangeKind.RENAMED if "name" in fields else TradeChangeKind.MODIFIED
    return TradeChange(kind, old.trade, new.trade, fields)


def _change_order(change: TradeChange) -> tuple[int, str, str]:
    old = trade_key(change.old).primary if change.old else ""
    new = trade_key(change.new).primary if change.new else ""
    return (_KIND_ORDER[change.kind], new or old, old)

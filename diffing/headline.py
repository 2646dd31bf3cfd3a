"""A change's title and summary in plain words, built from its stored `ChangeItem`s."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from diffing.records import TRADE_KINDS, ChangeItem, ChangeKind

MAX_TITLE_CHARS = 199
# Up to this many names are listed in the title; more are only counted.
MAX_LISTED_NAMES = 3
_TRADE_VERBS = (
    (ChangeKind.TRADE_ADDED, "added"),
    (ChangeKind.TRADE_REMOVED, "removed"),
    (ChangeKind.TRADE_RENAMED, "renamed"),
    (ChangeKind.TRADE_MODIFIED, "modified"),
)


def headline(source_label: str, items: Sequence[ChangeItem]) -> tuple[str, str]:
    """(title, summary): the title names the changes, shortest first; one summary line per item."""
    if not items:
        return (f"{source_label}: no change", "")
    parts = _trade_parts(items) + [_part(item) for item in items if item.kind not in TRADE_KINDS]
    summary = "\n".join(item.detail or f"{item.kind}: {item.subject}" for item in items)
    return (_fit(f"{source_label}: ", parts), summary)


def _trade_parts(items: Sequence[ChangeItem]) -> list[str]:
    parts: list[str] = []
    for kind, verb in _TRADE_VERBS:
        names = _unique(_trade_name(item) for item in items if item.kind == kind)
        if not names:
            continue
        noun = "" if parts else (" trade" if len(names) == 1 else " trades")
        part = f"{len(names)}{noun} {verb}"
        if len(names) <= MAX_LISTED_NAMES:
            part += ": " + ", ".join(names)
        parts.append(part)
    return parts


def _trade_name(item: ChangeItem) -> str:
    if item.kind is ChangeKind.TRADE_RENAMED:
        return f"{item.old} → {item.new}"
    return item.subject


def _part(item: ChangeItem) -> str:
    if item.kind is ChangeKind.RULE_MODIFIED:
        if item.old != item.new:
            return f"{item.subject} {item.old or 'none'} → {item.new or 'none'}"
        return item.detail or f"{item.subject} changed"
    if item.kind is ChangeKind.RULE_ADDED:
        return f"new rule {item.subject}" + (f" {item.new}" if item.new else "")
    if item.kind is ChangeKind.RULE_REMOVED:
        return f"rule removed {item.subject}"
    if item.kind is ChangeKind.WORDING:
        return "wording changed"
    return item.detail or f"{item.subject} changed"


def _fit(prefix: str, parts: list[str]) -> str:
    """Join parts after `prefix` within MAX_TITLE_CHARS, ending with "…and N more" if cut."""
    title = prefix
    for index, part in enumerate(parts):
        separator = "; " if index else ""
        rest = len(parts) - index - 1
        tail = f"; …and {rest} more" if rest else ""
        if len(title) + len(separator) + len(part) + len(tail) <= MAX_TITLE_CHARS:
            title += separator + part
            continue
        if index == 0:
            # A long first part is cut rather than dropped, so the title still says something.
            room = MAX_TITLE_CHARS - len(title) - len(tail) - 1
            return (title + part[: max(room, 0)] + "…" + tail)[:MAX_TITLE_CHARS]
        # The previous round left room for exactly this tail.
        return f"{title}{separator}…and {len(parts) - index} more"
    return title


def _unique(values: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen

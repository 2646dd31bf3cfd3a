"""A change's title and summary in plain words, built from its stored `ChangeItem`s.

The title is short (a feed reader's line, a subject line): it names the changes, shortest first,
and counts what does not fit; the summary has one line per item with the detail."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from diffing.records import TRADE_KINDS, ChangeItem, ChangeKind
from words import N_, translate, translate_plural

MAX_TITLE_CHARS = 80
# Up to this many names are listed in the title; more are only counted.
MAX_LISTED_NAMES = 3
# (kind, the first part's words naming trades, a later part's words)
_TRADE_VERBS = (
    (
        ChangeKind.TRADE_ADDED,
        (N_("%(count)s trade added"), N_("%(count)s trades added")),
        N_("%(count)s added"),
    ),
    (
        ChangeKind.TRADE_REMOVED,
        (N_("%(count)s trade removed"), N_("%(count)s trades removed")),
        N_("%(count)s removed"),
    ),
    (
        ChangeKind.TRADE_RENAMED,
        (N_("%(count)s trade renamed"), N_("%(count)s trades renamed")),
        N_("%(count)s renamed"),
    ),
    (
        ChangeKind.TRADE_MODIFIED,
        (N_("%(count)s trade modified"), N_("%(count)s trades modified")),
        N_("%(count)s modified"),
    ),
)


def headline(source_label: str, items: Sequence[ChangeItem]) -> tuple[str, str]:
    """(title, summary): the title names the changes, shortest first; one summary line per item."""
    if not items:
        return (translate("%(source)s: no change", source=source_label), "")
    parts = _trade_parts(items) + [_part(item) for item in items if item.kind not in TRADE_KINDS]
    summary = "\n".join(item.detail or f"{item.kind}: {item.subject}" for item in items)
    return (_fit(translate("%(source)s: ", source=source_label), parts), summary)


def _trade_parts(items: Sequence[ChangeItem]) -> list[str]:
    parts: list[str] = []
    for kind, (one, many), later in _TRADE_VERBS:
        names = _unique(_trade_name(item) for item in items if item.kind == kind)
        if not names:
            continue
        count = len(names)
        part = translate(later, count=count) if parts else translate_plural(one, many, count)
        if count <= MAX_LISTED_NAMES:
            part = translate("%(part)s: %(names)s", part=part, names=translate(", ").join(names))
        parts.append(part)
    return parts


def _trade_name(item: ChangeItem) -> str:
    if item.kind is ChangeKind.TRADE_RENAMED:
        return f"{item.old} → {item.new}"
    return item.subject


def _part(item: ChangeItem) -> str:
    subject = item.subject
    if item.kind is ChangeKind.RULE_MODIFIED:
        if item.old != item.new:
            none = translate("none")
            return f"{subject} {item.old or none} → {item.new or none}"
        return item.detail or translate("%(subject)s changed", subject=subject)
    if item.kind is ChangeKind.RULE_ADDED:
        added = translate("new rule %(subject)s", subject=subject)
        return f"{added} {item.new}" if item.new else added
    if item.kind is ChangeKind.RULE_REMOVED:
        return translate("rule removed %(subject)s", subject=subject)
    if item.kind is ChangeKind.WORDING:
        return translate("wording changed")
    return item.detail or translate("%(subject)s changed", subject=subject)


def _more(count: int) -> str:
    return translate("…and %(count)s more", count=count)


def _fit(prefix: str, parts: list[str]) -> str:
    """Join parts after `prefix` within MAX_TITLE_CHARS, ending with "…and N more" if cut."""
    title = prefix
    separator_words = translate("; ")
    for index, part in enumerate(parts):
        separator = separator_words if index else ""
        rest = len(parts) - index - 1
        tail = separator_words + _more(rest) if rest else ""
        if len(title) + len(separator) + len(part) + len(tail) <= MAX_TITLE_CHARS:
            title += separator + part
            continue
        if index == 0:
            # A long first part is cut rather than dropped, so the title still says something.
            room = MAX_TITLE_CHARS - len(title) - len(tail) - 1
            return (title + part[: max(room, 0)] + "…" + tail)[:MAX_TITLE_CHARS]
        # The previous round left room for exactly this tail.
        return f"{title}{separator}{_more(len(parts) - index)}"
    return title


def _unique(values: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen

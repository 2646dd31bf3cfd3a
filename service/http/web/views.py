"""Small shaping steps between records and templates: highlight classes, filtering, folding."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from diffing.normalise import normalise_name
from scraper.records import Trade
from words import N_, Lang, translate

CONTEXT_LINES = 2
# The government sites that publish the rules (as scoring.records.Provenance reads them).
_OFFICIAL_SUFFIX = ".gov.cn"
_CLASSES = {"added": "added", "removed": "removed", "renamed": "renamed", "modified": "modified"}


def item_class(kind: str) -> str:
    """CSS class of a change item: `trade_added` → `added` (green), `rule_removed` → `removed`."""
    return _CLASSES.get(kind.rpartition("_")[2], "other")


# Badges people read (closed sets: change classes, source health, deliveries), as msgids.
BADGES = {
    "rule": N_("rule change"),
    "wording": N_("wording only"),
    "technical": N_("technical"),
    "none": N_("no change"),
    "backfill": N_("imported history"),
    "ok": N_("ok"),
    "unchanged": N_("unchanged"),
    "failing": N_("failing"),
    "never_checked": N_("never checked"),
    "pending": N_("pending"),
    "sending": N_("sending"),
    "sent": N_("sent"),
    "dead": N_("given up"),
    "cancelled": N_("cancelled"),
}


def badge_text(value: str, lang: Lang) -> str:
    """What a badge says to a person; an unknown value is shown as it is."""
    msgid = BADGES.get(value)
    return translate(msgid, lang) if msgid else value


def is_official(url: str) -> bool:
    """Whether a page is on a government site: the official document, not a copy of it."""
    host = (urlsplit(url).hostname or "").lower()
    return host == _OFFICIAL_SUFFIX[1:] or host.endswith(_OFFICIAL_SUFFIX)


def filter_trades(trades: Sequence[Trade], q: str) -> list[Trade]:
    """Trades whose name or any alias contains `q`, width and spacing variants ignored."""
    needle = normalise_name(q) if q.strip() else ""
    if not needle:
        return list(trades)
    return [t for t in trades if any(needle in normalise_name(n) for n in t.names)]


def collapse_equal(
    rows: Sequence[tuple[str, str, str]], context: int = CONTEXT_LINES
) -> list[tuple[str, str, str]]:
    """Side-by-side rows with long unchanged stretches folded into one "skip" row."""
    keep = [False] * len(rows)
    for i, (tag, _, _) in enumerate(rows):
        if tag != "equal":
            for j in range(max(0, i - context), min(len(rows), i + context + 1)):
                keep[j] = True
    out: list[tuple[str, str, str]] = []
    skipped = 0
    for row, kept in zip(rows, keep, strict=True):
        if kept:
            if skipped:
                out.append(("skip", str(skipped), ""))
                skipped = 0
            out.append(row)
        else:
            skipped += 1
    if skipped:
        out.append(("skip", str(skipped), ""))
    return out

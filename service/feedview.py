"""The change feeds as the service publishes them: which events, which links, freshness note."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal

from diffing.records import ChangeEvent
from feeds.build import build_feed
from scraper.records import Source
from service.settings import Settings
from store.store import Store

FEED_ENTRIES = 100


def freshness_note(store: Store, sources: Sequence[Source]) -> str | None:
    """Say which sources could not be checked, so "no change" is never read as "all is well"."""
    wanted = {s.id for s in sources}
    failing = [
        f"{h.source_id} ({h.last_outcome.value if h.last_outcome else 'never checked'}, "
        f"{h.error_streak} failed checks in a row)"
        for h in store.all_health()
        if h.source_id in wanted and (h.error_streak > 0 or h.last_outcome is None)
    ]
    if not failing:
        return None
    return "Could not check: " + "; ".join(failing)


def render_feed(
    store: Store,
    settings: Settings,
    sources: Sequence[Source],
    *,
    kind: Literal["atom", "rss"],
    source_id: str | None = None,
    include_backfill: bool = True,
) -> tuple[bytes, datetime]:
    """The feed document and the time it was last updated (for Last-Modified)."""
    events = store.changes(source_id=source_id, limit=FEED_ENTRIES)
    if not include_backfill:
        events = [e for e in events if not e.is_backfill]
    updated_at = _updated_at(events)
    scope = f"/{source_id}" if source_id else ""
    base = settings.public_url
    suffix = "atom" if kind == "atom" else "rss"
    name = source_id or "changes"
    body = build_feed(
        events,
        kind=kind,
        feed_id=f"tag:{settings.feed_domain},2026:feed{scope}",
        title="jifen — 上海市居住证积分 rule changes" + (f" ({source_id})" if source_id else ""),
        link=f"{base}/",
        self_link=f"{base}/feeds/{name}.{suffix}",
        entry_link=lambda e: f"{base}/changes/{e.id}",
        updated_at=updated_at,
        health_note=freshness_note(store, sources),
    )
    return body, updated_at


def _updated_at(events: Sequence[ChangeEvent]) -> datetime:
    stamps = [e.updated_at or e.observed_at for e in events]
    # An empty feed still needs a stable date: the epoch keeps ETags stable between builds.
    return max(stamps) if stamps else datetime(2026, 1, 1, tzinfo=UTC)

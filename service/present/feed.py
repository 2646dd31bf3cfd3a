"""The change feeds as the service publishes them: which events, which links, freshness note.

One place for both `jifen feed` and the `/feeds/` routes, so the two documents never differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal

from diffing.records import ChangeClass, ChangeEvent
from feeds.build import build_feed
from scraper.records import Source
from service.settings import Settings
from store.records import SourceHealth
from store.store import Store
from words import N_, shanghai, translate, translate_plural

FEED_ENTRIES = 100
# Subscribers follow rules and wording; technical re-parses never reach them.
PUBLISHED = (ChangeClass.RULE, ChangeClass.WORDING)
# A feed with no entries yet still needs a stable <updated> so its ETag does not churn.
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)

FeedKind = Literal["atom", "rss"]
ALL_CHANGES = N_("Shanghai residence-permit points rule changes")


def is_failing(health: SourceHealth | None) -> bool:
    """Checked, and the newest check could not look at the page."""
    return health is not None and health.last_outcome is not None and health.last_outcome.is_failure


def freshness_note(sources: Sequence[Source], health: Sequence[SourceHealth]) -> str | None:
    """Says which sources could not be looked at, so no entries never reads as no change."""
    by_id = {h.source_id: h for h in health}
    failing = []
    for source in sources:
        h = by_id.get(source.id)
        if is_failing(h) and h is not None:
            since = shanghai(h.last_success_at) if h.last_success_at else translate("never")
            failing.append(
                translate_plural(
                    "%(source)s (last success %(since)s, %(count)s failure in a row)",
                    "%(source)s (last success %(since)s, %(count)s failures in a row)",
                    h.error_streak,
                    source=source.label,
                    since=since,
                )
            )
    if not failing:
        return None
    return translate("Could not be checked: %(sources)s", sources=translate("; ").join(failing))


def published_events(store: Store, source_id: str | None) -> list[ChangeEvent]:
    events = store.changes(source_id=source_id, limit=FEED_ENTRIES)
    return [e for e in events if e.classification in PUBLISHED]


def last_modified(events: Sequence[ChangeEvent]) -> datetime | None:
    return max((e.updated_at or e.observed_at for e in events), default=None)


def feed_name(source: Source | None) -> str:
    return f"changes-{source.id}" if source else "changes"


def feed_document(
    settings: Settings,
    events: Sequence[ChangeEvent],
    *,
    kind: FeedKind,
    source: Source | None,
    note: str | None,
    self_path: str,
) -> bytes:
    base = settings.public_url
    return build_feed(
        events,
        kind=kind,
        feed_id=f"tag:{settings.feed_domain},2026:feed/{feed_name(source)}",
        title=f"jifen · {source.label if source else translate(ALL_CHANGES)}",
        link=f"{base}/",
        self_link=f"{base}{self_path}",
        entry_link=lambda e: f"{base}/changes/{e.id}",
        updated_at=last_modified(events) or EPOCH,
        health_note=note,
        max_entries=FEED_ENTRIES,
        tag_authority=settings.feed_domain,
    )


def render_feed(
    store: Store,
    settings: Settings,
    sources: Sequence[Source],
    *,
    kind: FeedKind,
    source_id: str | None = None,
) -> bytes:
    """The same document `/feeds/changes.{atom,rss}` (or `/feeds/{source}.atom`) serves."""
    source = next((s for s in sources if s.id == source_id), None) if source_id else None
    if source_id and source is None:
        raise KeyError(f"unknown source {source_id!r}")
    watched = (source,) if source else tuple(sources)
    health = [store.health(source.id)] if source else store.all_health()
    events = published_events(store, source_id)
    suffix = "atom" if kind == "atom" else "rss"
    path = f"/feeds/{source.id}.{suffix}" if source else f"/feeds/changes.{suffix}"
    note = freshness_note(watched, health)
    return feed_document(settings, events, kind=kind, source=source, note=note, self_path=path)

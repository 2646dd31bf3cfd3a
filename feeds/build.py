"""Atom and RSS 2.0 change feeds (feedgen), newest first, with stable ids and safe content."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Literal

from feedgen.feed import FeedGenerator

from diffing.records import ChangeClass, ChangeEvent
from feeds.entry import entry_categories, entry_html, entry_summary, entry_title
from feeds.sanitise import clean_text, plain_text, safe_url

DEFAULT_MAX_ENTRIES = 100
# Subscribers get rule and wording changes; technical re-parses never reach a feed.
PUBLISHED_CLASSES = frozenset({ChangeClass.RULE, ChangeClass.WORDING})
# feedgen's RSS date formatting switches the process-wide locale (locale.setlocale) and back;
# builds in this process are serialised so one build never sees another's switch.
_LOCALE_LOCK = threading.Lock()


def event_tag_uri(event_id: int, *, authority: str = "jifen", tag_date: str = "2026") -> str:
    """The stable id of a change event's entry, e.g. `tag:jifen,2026:change/42`."""
    return f"tag:{authority},{tag_date}:change/{event_id}"


def build_feed(
    events: Sequence[ChangeEvent],
    *,
    kind: Literal["atom", "rss"],
    feed_id: str,
    title: str,
    link: str,
    self_link: str,
    entry_link: Callable[[ChangeEvent], str],
    updated_at: datetime,
    health_note: str | None = None,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    tag_authority: str = "jifen",
    tag_date: str = "2026",
) -> bytes:
    """The feed document for `events` (published classes only), newest first, at most
    `max_entries`. Raises ValueError on a naive datetime or a non-http(s) feed link."""
    _require_aware(updated_at, "updated_at")
    feed = _feed_head(
        feed_id,
        title=title,
        link=link,
        self_link=self_link,
        updated_at=updated_at,
        health_note=health_note,
    )
    published = [e for e in events if e.classification in PUBLISHED_CLASSES]
    newest = sorted(published, key=lambda e: (e.observed_at, e.id), reverse=True)
    for event in newest[: max(max_entries, 0)]:
        _add_entry(feed, event, entry_link(event), tag_authority, tag_date)
    with _LOCALE_LOCK:
        document = feed.atom_str(pretty=True) if kind == "atom" else feed.rss_str(pretty=True)
    return bytes(document)


def _feed_head(
    feed_id: str,
    *,
    title: str,
    link: str,
    self_link: str,
    updated_at: datetime,
    health_note: str | None,
) -> FeedGenerator:
    site, own = safe_url(link), safe_url(self_link)
    if site is None or own is None:
        raise ValueError(f"feed {feed_id!r}: link and self_link must be absolute http(s) URLs")
    feed = FeedGenerator()
    feed.id(clean_text(feed_id))
    feed.title(plain_text(title))
    feed.author({"name": "jifen"})
    # feedgen takes the RSS channel <link> from the last link given: the site, not the feed.
    feed.link(href=own, rel="self")
    feed.link(href=site, rel="alternate")
    feed.language("zh-CN")
    feed.generator("jifen")
    # The description doubles as the freshness note: "no change" must not hide "could not look".
    note = plain_text(health_note or "").strip()
    feed.subtitle(f"{plain_text(title)} — {note}" if note else plain_text(title))
    feed.updated(updated_at)
    return feed


def _add_entry(
    feed: FeedGenerator, event: ChangeEvent, evidence_link: str, authority: str, tag_date: str
) -> None:
    _require_aware(event.observed_at, f"change event {event.id}: observed_at")
    updated = event.updated_at or event.observed_at
    _require_aware(updated, f"change event {event.id}: updated_at")
    entry = feed.add_entry(order="append")
    entry.id(event_tag_uri(event.id, authority=authority, tag_date=tag_date))
    entry.guid(event_tag_uri(event.id, authority=authority, tag_date=tag_date), permalink=False)
    entry.title(entry_title(event))
    target = safe_url(evidence_link) or safe_url(event.url)
    if target:
        entry.link(href=target, rel="alternate")
    entry.published(event.observed_at)
    entry.updated(updated)
    entry.summary(entry_summary(event) or entry_title(event))
    entry.content(entry_html(event, evidence_link), type="html")
    for category in entry_categories(event):
        entry.category(term=category, label=category)


def _require_aware(moment: datetime, what: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} is a naive datetime; pass a tz-aware UTC datetime")

"""History from archives (WARC files, the Wayback Machine) through the same gates and diffs.

Captures are taken in observed order whatever order they arrive in. When they are older than
history already derived, the source's captures are replayed from the start, so the versions and
events come out as if every capture had been checked live in date order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import httpx

from scraper.archive import WAYBACK_BASE, read_warc, wayback_capture, wayback_index
from scraper.limits import FetchLimits
from scraper.options import PageOptions
from scraper.parsers.attachments import PARSER_NAME as ATTACHMENT_PARSER
from scraper.records import FetchResult, Outcome, Source
from service.pipeline.assess import assess_capture
from service.pipeline.record import Recorder, record_capture
from store.records import CheckRecord
from store.replay import newest_capture_at, replay_session

# Source option listing other URLs the source's page was archived under (comma-separated).
IMPORT_HEADER = "x-jifen-imported-from"


@dataclass(frozen=True, slots=True)
class BackfillReport:
    source_id: str
    offered: int  # good captures found in the archive
    imported: int  # of them, new to the store
    already: int  # of them, recorded before (same body, same observed time)
    failed: int = 0  # archive fetches that did not yield a good capture
    replayed: int = 0  # captures re-assessed because the new ones were older than history

    def line(self) -> str:
        parts = [f"{self.source_id}: {self.imported} imported", f"{self.already} already there"]
        if self.failed:
            parts.append(f"{self.failed} unusable")
        if self.replayed:
            parts.append(f"history re-derived from {self.replayed} captures")
        return ", ".join(parts)


def archive_urls(source: Source) -> tuple[str, ...]:
    return source.options.archive_urls if isinstance(source.options, PageOptions) else ()


def backfill_captures(
    recorder: Recorder, source: Source, captures: Iterable[FetchResult], *, failed: int = 0
) -> BackfillReport:
    """Record archived captures of `source` in observed order; a re-import changes nothing."""
    offered = sorted(
        (c for c in captures if c.outcome is Outcome.OK and c.body), key=lambda c: c.started_at
    )
    new: list[FetchResult] = []
    keys: set[tuple[str, datetime]] = set()
    for capture in offered:
        key = (hashlib.sha256(capture.body).hexdigest(), capture.started_at)
        if key in keys or recorder.store.has_capture(source.id, *key):
            continue
        keys.add(key)
        new.append(capture)
    report = BackfillReport(source.id, len(offered), len(new), len(offered) - len(new), failed)
    if not new:
        return report
    newest = newest_capture_at(recorder.store, source.id)
    if newest is None or new[0].started_at > newest:
        for capture in new:
            record_capture(recorder, source, capture, is_backfill=True)
        return report
    # Older than what is derived: keep the raw captures, then re-derive the whole history.
    recorder.store.record_checks([CheckRecord(fetch=capture) for capture in new])
    return replace(report, replayed=replay_source(recorder, source))


def replay_source(recorder: Recorder, source: Source) -> int:
    """Drop the source's derived history and re-assess its captures oldest first, in one
    transaction. Attachments keep the document they were read into (their link title and cover
    page are not in the capture); pages are parsed again. Returns the captures replayed."""
    corrected_at = datetime.now(UTC)
    with replay_session(recorder.store, source.id, corrected_at=corrected_at) as (
        session,
        captures,
        documents,
    ):
        for capture in captures:
            kept = documents.get(capture.sha256 or "")
            document = kept if kept is not None and kept.parser == ATTACHMENT_PARSER else None
            record = assess_capture(
                source,
                capture.fetch,
                session.state(),
                session.load,
                impact=recorder.impact,
                is_backfill=is_backfill_capture(capture.fetch),
                document=document,
            )
            session.apply(replace(record, observed_at=capture.observed_at), capture.sha256)
        return len(captures)


def is_backfill_capture(fetch: FetchResult) -> bool:
    """Whether a capture came from an archive or a file import rather than a live check."""
    return (
        fetch.detail.startswith("backfill:")
        or fetch.detail == "imported"
        or fetch.header(IMPORT_HEADER) is not None
    )


def backfill_warc(recorder: Recorder, source: Source, paths: Iterable[Path]) -> BackfillReport:
    """Import the 200 responses for the source's URL (or its `archive_urls`) from WARC files."""
    captures = [
        capture for path in paths for capture in read_warc(path, source, archive_urls(source))
    ]
    return backfill_captures(recorder, source, captures)


async def backfill_wayback(
    recorder: Recorder,
    client: httpx.AsyncClient,
    source: Source,
    limits: FetchLimits,
    *,
    url: str | None = None,
    cdx_base: str = WAYBACK_BASE,
    wayback_base: str = WAYBACK_BASE,
) -> BackfillReport:
    """Import the distinct 200 captures the Wayback Machine holds of `url` (default the source's).

    Captures are fetched one after another: the archive is a shared, rate-limited service.
    """
    listed, entries = await wayback_index(
        client, source, url or source.url, limits, cdx_base=cdx_base
    )
    if listed.outcome is not Outcome.OK:
        raise ConnectionError(
            f"{source.id}: the CDX index at {cdx_base} answered {listed.outcome.value} "
            f"({listed.detail}); try again later or check --cdx-base"
        )
    captures: list[FetchResult] = []
    for entry in entries:
        fetched = await wayback_capture(client, source, entry, limits, wayback_base=wayback_base)
        captures.append(fetched)
    failed = sum(1 for c in captures if c.outcome is not Outcome.OK)
    return backfill_captures(recorder, source, captures, failed=failed)

"""A useful first start: the recorded captures the project ships are imported into an empty store.

They go through the same assessment as any capture (`jifen import`), so a machine with no network
still serves true, dated data; fetch failures against the real sites then show in source health.

Each capture belongs to the source of the page it was found on: two different pages are two
documents, never two versions of one, so a first start publishes no change.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from scraper.records import Source
from service.pipeline.imports import import_file
from service.pipeline.record import Recorder

CAPTURES = Path(__file__).resolve().parent.parent / "captures"


@dataclass(frozen=True, slots=True)
class BundledCapture:
    source_id: str
    path: Path
    observed_at: datetime
    url: str  # the address the page was found at
    note: str = ""  # what the capture is, Chinese first


class ManifestError(ValueError):
    """A bundled capture that would put another page's text into a page source."""


def bundled_captures(manifest: Path | None = None) -> list[BundledCapture]:
    """Every capture the manifest lists, in its order."""
    path = manifest or CAPTURES / "manifest.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        BundledCapture(
            source_id=entry["source"],
            path=path.parent / entry["file"],
            observed_at=datetime.fromisoformat(entry["observed_at"]),
            url=entry["url"],
            note=entry.get("note", ""),
        )
        for entry in data["capture"]
    ]


def check_identity(captures: Sequence[BundledCapture], sources: Sequence[Source]) -> None:
    """A page source takes captures of its own page only; a source fed by an index takes the
    documents listed there, whatever their address."""
    by_id = {s.id: s for s in sources}
    for capture in captures:
        source = by_id.get(capture.source_id)
        if source is None or source.fed_by is not None or capture.url == source.url:
            continue
        raise ManifestError(
            f"{capture.path.name}: found at {capture.url}, not at the page of source "
            f"{source.id} ({source.url}); a different page is a different document"
        )


def bundled_notes(sources: Sequence[Source]) -> dict[str, tuple[BundledCapture, ...]]:
    """The shipped captures of each configured source, for the sources list."""
    known = {s.id for s in sources}
    found: dict[str, list[BundledCapture]] = {}
    for capture in bundled_captures():
        if capture.source_id in known:
            found.setdefault(capture.source_id, []).append(capture)
    return {source_id: tuple(items) for source_id, items in found.items()}


def import_bundled_captures(recorder: Recorder, sources: Sequence[Source]) -> Iterator[str]:
    """Import the shipped captures of configured sources that have no version yet."""
    by_id = {s.id: s for s in sources}
    captures = bundled_captures()
    check_identity(captures, sources)
    # Decided before importing: a source that already has history is left as it is.
    empty = {
        c.source_id
        for c in captures
        if c.source_id in by_id and recorder.store.latest_version(c.source_id) is None
    }
    for capture in sorted(captures, key=lambda c: c.observed_at):
        if capture.source_id in empty:
            yield from import_file(
                recorder,
                by_id[capture.source_id],
                capture.path,
                observed_at=capture.observed_at,
                url=capture.url,
            )

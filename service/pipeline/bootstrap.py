"""A useful first start: the recorded captures the project ships are imported into an empty store.

They go through the same assessment as any capture (`jifen import`), so a machine with no network
still serves true, dated data; fetch failures against the real sites then show in source health.

Each capture belongs to the source of the page it was found on: two different pages are two
documents, never two versions of one, so a first start publishes no change.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from scraper.records import DocumentMeta, ParsedDocument, Source
from service.pipeline.assess import read_capture
from service.pipeline.imports import capture_from_file, import_file
from service.pipeline.record import Recorder, record_capture

CAPTURES = Path(__file__).resolve().parent.parent / "captures"


@dataclass(frozen=True, slots=True)
class Identity:
    """Which document a copy is, as identified from its text (the copies found online lack the
    通知 that names it). Applied over what the parser read of the page's own chrome."""

    title: str
    doc_number: str
    published_on: date | None = None
    effective_on: date | None = None

    def apply(self, meta: DocumentMeta) -> DocumentMeta:
        return replace(
            meta,
            title=self.title,
            doc_number=self.doc_number,
            published_on=self.published_on or meta.published_on,
            effective_on=self.effective_on or meta.effective_on,
        )


@dataclass(frozen=True, slots=True)
class BundledCapture:
    source_id: str
    path: Path
    observed_at: datetime
    url: str  # the address the page was found at
    note: str = ""  # what the capture is, Chinese first
    identity: Identity | None = None  # for a copy of a rule document: which one


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
            identity=_identity(entry.get("document")),
        )
        for entry in data["capture"]
    ]


def _identity(entry: Mapping[str, Any] | None) -> Identity | None:
    if entry is None:
        return None
    return Identity(
        title=entry["title"],
        doc_number=entry["doc_number"],
        published_on=entry.get("published_on"),
        effective_on=entry.get("effective_on"),
    )


def misplaced(capture: BundledCapture, source: Source) -> str | None:
    """Why a capture may not go into `source`, or None. A page source takes captures of its own
    page only; a source fed by an index takes the documents listed there, whatever their
    address."""
    if source.fed_by is not None or capture.url == source.url:
        return None
    return (
        f"{capture.path.name}: found at {capture.url}, not at the page of source {source.id} "
        f"({source.url}); a different page is a different document"
    )


def check_identity(captures: Sequence[BundledCapture], sources: Sequence[Source]) -> None:
    """Raise for the first capture that would put another page's text into a page source."""
    by_id = {s.id: s for s in sources}
    for capture in captures:
        source = by_id.get(capture.source_id)
        why = misplaced(capture, source) if source is not None else None
        if why is not None:
            raise ManifestError(why)


def import_bundled_captures(recorder: Recorder, sources: Sequence[Source]) -> Iterator[str]:
    """Import the shipped captures of configured sources that have no version yet; a capture
    of another page than its source's (sources.toml edited) is skipped, saying why."""
    by_id = {s.id: s for s in sources}
    captures = bundled_captures()
    # Decided before importing: a source that already has history (any version, an incomplete
    # one too) is left as it is.
    empty = {
        c.source_id
        for c in captures
        if c.source_id in by_id and not recorder.store.versions(c.source_id)
    }
    for capture in sorted(captures, key=lambda c: c.observed_at):
        if capture.source_id not in empty:
            continue
        source = by_id[capture.source_id]
        why = misplaced(capture, source)
        if why is not None:
            # sources.toml names another page for this source: its captures are not that page.
            yield f"skipped {why}"
        elif capture.identity is None:
            for imported in import_file(
                recorder, source, capture.path, observed_at=capture.observed_at, url=capture.url
            ):
                yield imported.line
        else:
            yield import_identified(recorder, source, capture, capture.identity)


def import_identified(
    recorder: Recorder, source: Source, capture: BundledCapture, identity: Identity
) -> str:
    """Import a copy of a rule document under the identity the manifest gives it; what the page
    says of itself (a consultancy's headline, its posting date) is not the document's."""
    fetched = capture_from_file(
        source, capture.path, observed_at=capture.observed_at, url=capture.url
    )
    sha = hashlib.sha256(fetched.body).hexdigest()
    if recorder.store.has_capture(source.id, sha, fetched.started_at):
        return f"{capture.path}: already imported ({sha[:12]})"
    reading = read_capture(source, fetched)
    if reading.document is None:
        summary = record_capture(recorder, source, fetched, is_backfill=True, reading=reading)
    else:
        document = identified(reading.document, identity)
        summary = record_capture(recorder, source, fetched, is_backfill=True, document=document)
    return f"{capture.path}: {summary.line()}"


def identified(document: ParsedDocument, identity: Identity) -> ParsedDocument:
    return replace(document, meta=identity.apply(document.meta))

"""`jifen import`: saved captures go through the same assessment and store as live checks."""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from scraper.records import FetchResult, Outcome, Source
from service.pipeline.record import Recorder, record_capture

PAGE_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".txt"}


def capture_files(path: Path) -> list[Path]:
    """The files to import from a path: the file itself, or a folder's pages in name order."""
    if path.is_dir():
        return sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES
        )
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder to import")
    return [path]


def capture_from_file(
    source: Source, path: Path, *, observed_at: datetime | None, url: str | None
) -> FetchResult:
    body = path.read_bytes()
    when = observed_at or datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    guessed, _ = mimetypes.guess_type(path.name)
    # No charset: the decoder reads BOM and <meta> from the saved bytes themselves.
    content_type = guessed or "text/html"
    return FetchResult(
        source_id=source.id,
        requested_url=url or source.url,
        final_url=url or source.url,
        outcome=Outcome.OK,
        started_at=when,
        elapsed_seconds=0.0,
        status=200,
        headers=(("content-type", content_type), ("x-jifen-imported-from", path.name)),
        body=body,
        detail="imported",
    )


def import_file(
    recorder: Recorder,
    source: Source,
    path: Path,
    *,
    observed_at: datetime | None = None,
    url: str | None = None,
    is_backfill: bool = True,
) -> Iterator[str]:
    """Import one file or a folder of files; yields one line per capture. Re-imports are no-ops."""
    for file in capture_files(path):
        capture = capture_from_file(source, file, observed_at=observed_at, url=url)
        sha = hashlib.sha256(capture.body).hexdigest()
        if recorder.store.has_capture(source.id, sha, capture.started_at):
            yield f"{file}: already imported ({sha[:12]})"
            continue
        summary = record_capture(recorder, source, capture, is_backfill=is_backfill)
        yield f"{file}: {summary.line()}"

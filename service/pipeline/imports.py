"""`jifen import`: saved captures go through the same assessment and store as live checks."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from scraper.parsers.files import CONTENT_TYPES, FileKind, sniff
from scraper.records import FetchResult, Outcome, Source
from service.pipeline.record import Recorder, record_capture


@dataclass(frozen=True, slots=True)
class Imported:
    """One file's import: the line to show, and whether it failed (an unknown file, or a rule
    document read in part)."""

    line: str
    is_failure: bool = False


def capture_files(path: Path) -> list[Path]:
    """The files to import from a path: the file itself, or every file of a folder (hidden
    ones aside) in name order — what each is, the bytes tell, not the name."""
    if path.is_dir():
        return sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder to import")
    return [path]


def capture_from_file(
    source: Source, path: Path, *, observed_at: datetime | None, url: str | None
) -> FetchResult:
    body = path.read_bytes()
    when = observed_at or datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    kind = sniff(body)
    # No charset: the decoder reads BOM and <meta> from the saved bytes themselves. A saved
    # plain-text copy is labelled a page too: the measures parser reads text without markup.
    content_type = CONTENT_TYPES[kind]
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
) -> Iterator[Imported]:
    """Import one file or a folder of files; one result per file. Re-imports are no-ops; a file
    that is neither a page nor a document this reads is refused, not recorded."""
    for file in capture_files(path):
        capture = capture_from_file(source, file, observed_at=observed_at, url=url)
        if sniff(capture.body) is FileKind.UNKNOWN:
            yield Imported(f"{file}: {UNKNOWN_FILE}", is_failure=True)
            continue
        sha = hashlib.sha256(capture.body).hexdigest()
        if recorder.store.has_capture(source.id, sha, capture.started_at):
            yield Imported(f"{file}: already imported ({sha[:12]})")
            continue
        summary = record_capture(recorder, source, capture, is_backfill=is_backfill)
        failed = summary.is_incomplete
        yield Imported(f"{file}: {summary.line()}", is_failure=failed)


UNKNOWN_FILE = (
    "无法识别的文件，未导入：不是网页、文本、PDF、DOCX、DOC、XLS 或 XLSX / "
    "not imported: unknown binary file, not a page, text, PDF, DOCX, DOC, XLS or XLSX"
)

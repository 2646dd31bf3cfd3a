"""A useful first start: the recorded captures the project ships are imported into an empty store.

They go through the same assessment as any capture (`jifen import`), so a machine with no network
still serves true, dated data; fetch failures against the real sites then show in source health.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from scraper.records import Source
from service.pipeline.imports import import_file
from service.pipeline.record import Recorder

CAPTURES = Path(__file__).resolve().parent.parent / "captures"


def bundled_captures() -> list[tuple[str, Path, datetime, str]]:
    """(source id, file, observed at, original URL) of each shipped capture."""
    manifest = tomllib.loads((CAPTURES / "manifest.toml").read_text(encoding="utf-8"))
    return [
        (
            entry["source"],
            CAPTURES / entry["file"],
            datetime.fromisoformat(entry["observed_at"]),
            entry["url"],
        )
        for entry in manifest["capture"]
    ]


def import_bundled_captures(recorder: Recorder, sources: Sequence[Source]) -> Iterator[str]:
    """Import the shipped captures of configured sources that have no version yet."""
    by_id = {s.id: s for s in sources}
    captures = bundled_captures()
    # Decided before importing: a source that already has history is left as it is.
    empty = {
        sid for sid, *_ in captures if sid in by_id and recorder.store.latest_version(sid) is None
    }
    for source_id, path, observed_at, url in sorted(captures, key=lambda c: c[2]):
        if source_id in empty:
            source = by_id[source_id]
            for imported in import_file(recorder, source, path, observed_at=observed_at, url=url):
                yield imported.line

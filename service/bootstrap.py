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
from service.capture_import import import_file
from service.pipeline import Recorder
from store.store import Store

CAPTURES = Path(__file__).resolve().parent / "captures"


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


def import_bundled_captures(store: Store, sources: Sequence[Source]) -> Iterator[str]:
    """Import the shipped captures of configured sources that have no version yet."""
    by_id = {s.id: s for s in sources}
    recorder = Recorder(store)
    for source_id, path, observed_at, url in bundled_captures():
        source = by_id.get(source_id)
        if source is None or store.latest_version(source_id) is not None:
            continue
        yield from import_file(recorder, source, path, observed_at=observed_at, url=url)

"""How the writes of this process's checks went, per source: a check whose write failed (the
database was down, full or read-only) left no row behind, so the store cannot count it; this
does, for the health the API shows and for /metrics."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class WriteFailure:
    at: datetime
    source_ids: tuple[str, ...]
    reason: str  # the database's own words, in one line


class WriteHealth:
    """Failed writes of checks since the last good one (per source) and in all (per source),
    and whether the latest write failed. Shared by the pipeline (writes) and the app (reads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._in_a_row: dict[str, int] = {}
        self._total: dict[str, int] = {}
        self._last_failure: WriteFailure | None = None
        self._last_write_failed = False

    def failed(self, source_ids: Iterable[str], reason: str, at: datetime) -> None:
        ids = tuple(sorted(set(source_ids)))
        with self._lock:
            for source_id in ids:
                self._in_a_row[source_id] = self._in_a_row.get(source_id, 0) + 1
                self._total[source_id] = self._total.get(source_id, 0) + 1
            self._last_failure = WriteFailure(at, ids, reason)
            self._last_write_failed = True

    def succeeded(self, source_ids: Iterable[str]) -> None:
        with self._lock:
            for source_id in source_ids:
                self._in_a_row.pop(source_id, None)
            self._last_write_failed = False

    def in_a_row(self, source_id: str) -> int:
        """Checks of `source_id` whose write failed since its last written one."""
        with self._lock:
            return self._in_a_row.get(source_id, 0)

    def totals(self) -> dict[str, int]:
        with self._lock:
            return dict(self._total)

    @property
    def last_failure(self) -> WriteFailure | None:
        """The newest failed write, whatever came after it."""
        return self._last_failure

    @property
    def is_failing(self) -> bool:
        """Whether the latest write of a check failed."""
        return self._last_write_failed

"""Errors the store raises on purpose. Storage errors of the driver propagate unchanged.

StoreError ─┬─ StaleBase    (a NewVersion was computed against a version that is no longer the head)
            └─ CorruptBlob  (a stored body no longer matches its sha256)
"""

from __future__ import annotations


class StoreError(Exception):
    """A request the store refuses: the message says what, where and what to do."""


class StaleBase(StoreError):
    """The source moved on since the pipeline read its state; recompute the diff and retry."""

    def __init__(self, source_id: str, base_version_id: int | None, heads: tuple[int, ...]) -> None:
        self.source_id = source_id
        self.base_version_id = base_version_id
        self.heads = heads
        super().__init__(
            f"{source_id}: new version was diffed against version {base_version_id}, but the "
            f"source's current heads are {list(heads)}; re-read the state and diff again"
        )


class CorruptBlob(StoreError):
    """A stored raw body does not hash to its key: the database file or disk is damaged."""

    def __init__(self, sha256: str, actual: str) -> None:
        self.sha256 = sha256
        self.actual = actual
        super().__init__(
            f"blob {sha256}: stored bytes hash to {actual}; restore the database from a backup "
            "or re-fetch the page"
        )

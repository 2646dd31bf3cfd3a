"""Errors the store raises on purpose.

StoreError ─┬─ StaleBase         (a NewVersion was computed against a version that is no longer
            │                     the head)
            ├─ CorruptBlob       (a stored body no longer matches its sha256)
            ├─ StaleTerm         (a write made under a lease term that has moved on: fencing)
            ├─ StoreUnavailable  (the database cannot be reached or written: down, full,
            │                     read-only, locked; retry later)
            └─ StoreConfigError  (the database URL cannot be used at all)

Driver errors that mean "the database is not there or cannot take the write" (SQLAlchemy's
OperationalError, InterfaceError, pool timeout) become `StoreUnavailable`, so the layers above
can answer 503 and retry without importing a driver. Every other driver error (an integrity or
programming error) propagates unchanged.
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


class StaleTerm(StoreError):
    """A write carries a lease term that is no longer the lease's: another process leads now
    (or this one lost the lease), so the write is refused and nothing of it is kept."""

    def __init__(self, lease: str, holder: str, term: int, current: tuple[str, int] | None) -> None:
        self.lease = lease
        self.holder = holder
        self.term = term
        self.current = current
        now = "no holder" if current is None else f"{current[0]} in term {current[1]}"
        super().__init__(
            f"lease {lease!r}: write by {holder} in term {term} refused, the lease is held by "
            f"{now}; the check is left to the current leader"
        )


class StoreUnavailable(StoreError):
    """The database did not answer or could not take the write; `reason` is the driver's
    message in one line (e.g. "connection refused", "database or disk is full")."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"database unavailable: {reason}")


class StoreConfigError(StoreError):
    """The database URL names no backend jifen can use, or cannot be read as a URL."""

"""Bounds and politeness of fetching: timeouts, size caps, retries, the per-host pace.

`FetchLimits` is plain configuration; `HostPacer` is the one shared, mutable piece (a clock per
host), passed to the fetcher so that every fetch of one process keeps the same pace.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib import metadata

from scraper.outbound import OutboundPolicy

MIB = 1024 * 1024


def _version() -> str:
    try:
        return metadata.version("jifen")
    except metadata.PackageNotFoundError:
        return "0"


USER_AGENT = f"jifen/{_version()} (+https://github.com/jifen; policy tracker)"


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Every bound a fetch obeys. The defaults suit a few dozen government pages."""

    connect_timeout_seconds: float = 10.0
    read_timeout_seconds: float = 20.0  # per socket read; below the total so one slow read fits
    total_deadline_seconds: float = 60.0  # one attempt, redirect hops and body included
    max_body_bytes: int = 20 * MIB  # bytes on the wire
    max_decoded_bytes: int = 50 * MIB  # bytes after gzip/deflate
    max_redirects: int = 5
    retries: int = 2  # extra attempts for transient trouble: 3 requests at most
    backoff_base_seconds: float = 1.0
    max_retry_after_seconds: float = 300.0
    user_agent: str = USER_AGENT
    allowed_hosts: frozenset[str] | None = None  # None: only the source's own host
    # Which addresses and ports may be asked at all; the default refuses every private address.
    outbound: OutboundPolicy = field(default_factory=OutboundPolicy)
    per_host_delay_seconds: float = 1.0  # 0 disables pacing (benchmarks)
    max_connections: int = 100

    def __post_init__(self) -> None:
        positive = {
            "connect_timeout_seconds": self.connect_timeout_seconds,
            "read_timeout_seconds": self.read_timeout_seconds,
            "total_deadline_seconds": self.total_deadline_seconds,
            "max_body_bytes": self.max_body_bytes,
            "max_decoded_bytes": self.max_decoded_bytes,
            "max_connections": self.max_connections,
        }
        for name, value in positive.items():
            if value <= 0:
                raise ValueError(f"FetchLimits.{name} must be positive, got {value}")
        if self.retries < 0 or self.max_redirects < 0:
            raise ValueError("FetchLimits.retries and max_redirects must be 0 or more")

    def backoff_seconds(self, retry_number: int) -> float:
        """Exponential backoff with full jitter on top, so retries of many sources spread out."""
        base = self.backoff_base_seconds * float(2**retry_number)
        return base + random.uniform(0, self.backoff_base_seconds)  # noqa: S311 - not security


Sleep = Callable[[float], Awaitable[None]]


class HostPacer:
    """Spaces the requests to one host by `delay_seconds`; shared by all fetches of a process.

    Each caller reserves the next free slot of its host under a lock, then sleeps outside it, so
    concurrent fetches of one host queue up instead of bursting.
    """

    def __init__(
        self,
        delay_seconds: float,
        *,
        sleep: Sleep = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.delay_seconds = delay_seconds
        self._sleep = sleep
        self._monotonic = monotonic
        self._next_slot: dict[str, float] = {}
        self._lock = asyncio.Lock()

    async def reserve(self, host: str) -> float:
        """Take this host's next slot; returns the seconds to wait before using it."""
        if self.delay_seconds <= 0:
            return 0.0
        async with self._lock:
            now = self._monotonic()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + self.delay_seconds
        return slot - now

    async def sleep(self, seconds: float) -> None:
        if seconds > 0:
            await self._sleep(seconds)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds asked for by a Retry-After header (delta-seconds or HTTP date); None if absent
    or unreadable. A date in the past means "now" (0)."""
    if value is None:
        return None
    text = value.strip()
    if text.isdecimal():  # isdigit() would pass "²", which float() refuses
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - now).total_seconds(), 0.0)

"""robots.txt, fetched once per host per check cycle and matched by protego (RFC 9309).

RFC 9309: a 4xx robots.txt means no rules (allow all); a 5xx or an unreachable one means assume
complete disallow and try again in a later cycle. A `RobotsPolicy` lives for one cycle: each
cycle takes a fresh one (`renewed`), so one failed robots.txt blocks a host for that cycle only.
"""

from __future__ import annotations

import asyncio
import codecs
from dataclasses import dataclass, replace
from functools import lru_cache

import httpx
from protego import Protego

from scraper.fetch import Clock, fetch_page, utc_now
from scraper.limits import FetchLimits, HostPacer, Sleep
from scraper.records import FetchResult, Outcome, Source, SourceKind, Validators

# RFC 9309 §2.5: parse at least 500 KiB; a larger file is not a robots.txt we can trust.
MAX_ROBOTS_BYTES = 512 * 1024
ROBOTS_AGENT = "jifen"


@dataclass(frozen=True, slots=True)
class RobotsVerdict:
    allowed: bool
    outcome: Outcome = Outcome.OK  # the fetch outcome to report when not allowed
    detail: str = ""  # "robots_disallow" | "robots_unreachable" | "" when allowed


ALLOW = RobotsVerdict(allowed=True)


class _Rules:
    """One host's robots.txt: parsed rules, or a blanket allow / unreachable answer."""

    def __init__(self, parser: Protego | None, *, reachable: bool) -> None:
        self.parser = parser
        self.reachable = reachable

    def verdict(self, url: str) -> RobotsVerdict:
        if not self.reachable:
            return RobotsVerdict(False, Outcome.TRANSIENT_ERROR, "robots_unreachable")
        if self.parser is None or self.parser.can_fetch(url, ROBOTS_AGENT):
            return ALLOW
        return RobotsVerdict(False, Outcome.BLOCKED, "robots_disallow")


def robots_text(body: bytes) -> str:
    """robots.txt is UTF-8 by RFC; other bytes are replaced so the ASCII directives survive."""
    if body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8) :]
    return body.decode("utf-8", errors="replace")


def rules_from(result: FetchResult) -> _Rules:
    """RFC 9309 §2.3.1 applied to one robots.txt fetch."""
    if result.outcome is Outcome.OK:
        # Crawl-delay and Request-rate are not RFC 9309; jifen paces hosts itself.
        return _Rules(Protego.parse(robots_text(result.body)), reachable=True)
    if result.detail == "empty_body":
        return _Rules(None, reachable=True)  # an empty file has no rules
    status = result.status or 0
    if 400 <= status < 500 and status != 429:
        return _Rules(None, reachable=True)  # "unavailable": crawl without rules
    if 300 <= status < 400:
        # §2.3.1.2: a redirect not followed (a loop, too many, off the site, a refused address)
        # makes robots.txt unavailable; the fetch ended on the 3xx it could not follow.
        return _Rules(None, reachable=True)
    return _Rules(None, reachable=False)


@lru_cache(maxsize=4096)
def _origin(url: str) -> str:
    """scheme://host[:port] of a URL; sources are few and asked about every cycle."""
    parsed = httpx.URL(url)
    return f"{parsed.scheme}://{parsed.netloc.decode('ascii')}"


class RobotsPolicy:
    """Answers "may we fetch this URL?" for one cycle; fetches each host's robots.txt at most
    once in it. The next cycle asks `renewed()` for a policy that has forgotten every answer."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        limits: FetchLimits,
        *,
        pacer: HostPacer | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = utc_now,
    ) -> None:
        self._client = client
        # One try, no waiting: an unreachable robots.txt is retried next cycle, not now.
        self._limits = replace(limits, retries=0, max_body_bytes=MAX_ROBOTS_BYTES)
        self._pacer = pacer
        self._sleep = sleep
        self._clock = clock
        self._rules: dict[str, asyncio.Task[_Rules]] = {}

    def renewed(self) -> RobotsPolicy:
        """A policy for the next cycle: the same client, limits and pacing, no answers kept."""
        return RobotsPolicy(
            self._client, self._limits, pacer=self._pacer, sleep=self._sleep, clock=self._clock
        )

    async def verdict(self, url: str) -> RobotsVerdict:
        origin = _origin(url)
        task = self._rules.get(origin)
        if task is None:
            # A task, not a result: concurrent fetches of one host share a single robots request.
            task = asyncio.ensure_future(self._load(origin))
            self._rules[origin] = task
        rules = task.result() if task.done() else await asyncio.shield(task)
        return rules.verdict(url)

    async def _load(self, origin: str) -> _Rules:
        source = Source(id=f"robots:{origin}", url=f"{origin}/robots.txt", kind=SourceKind.INDEX)
        result = await fetch_page(
            self._client,
            source,
            Validators(),
            self._limits,
            pacer=self._pacer,
            accept_binary=True,
            sleep=self._sleep,
            clock=self._clock,
        )
        return rules_from(result)

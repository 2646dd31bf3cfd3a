"""Fetch one source: conditional GET, manual redirects, bounded body, retries, one `Outcome`.

Never raises for network, HTTP or content trouble; every attempt ends in a `FetchResult`.
Programming errors (a bad argument) still raise.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from functools import lru_cache, partial
from typing import TYPE_CHECKING

import aiohttp
import httpx

from scraper.attempts import TRUNCATED_UNFRAMED, AttemptEnd, classify_end
from scraper.body import BodyRejected, framing_of, read_body
from scraper.exchange import Reply, send_get
from scraper.limits import FetchLimits, HostPacer, Sleep, retry_after_seconds
from scraper.pinning import blocked_cause
from scraper.records import FetchResult, Outcome, Source, Validators
from scraper.redirects import REDIRECT_STATUSES, redirect_refusal, redirect_target
from scraper.scope import SiteScope, scope_of
from scraper.transport import PERMANENT_DETAILS, TRANSPORT_ERRORS, error_detail, make_client

if TYPE_CHECKING:
    from scraper.robots import RobotsPolicy

__all__ = [
    "TRUNCATED_UNFRAMED",
    "Clock",
    "FetchLimits",
    "HostPacer",
    "fetch_page",
    "make_client",
    "utc_now",
]

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def _request_headers(validators: Validators) -> dict[str, str]:
    headers = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    if validators.etag and is_sendable_header(validators.etag):
        headers["if-none-match"] = validators.etag
    if validators.last_modified and is_sendable_header(validators.last_modified):
        headers["if-modified-since"] = validators.last_modified
    return headers


# Control characters (HTAB aside) may not go into a header: the client refuses to send one. A
# server's validator holding one is not echoed back; the page is fetched unconditionally.
_UNSENDABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def is_sendable_header(value: str) -> bool:
    """Whether the client will put `value` in a request header."""
    return _UNSENDABLE.search(value) is None


class _Attempt:
    """One attempt: the redirect walk and the body, under one total deadline."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        start: httpx.URL,
        start_text: str,
        *,
        validators: Validators,
        limits: FetchLimits,
        scope: SiteScope,
        pacer: HostPacer | None,
        classify: Callable[[AttemptEnd], AttemptEnd],
    ) -> None:
        self.client = client
        self.classify = classify
        self.limits = limits
        self.scope = scope
        self.pacer = pacer
        self.headers = _request_headers(validators)
        self.start_text = start_text
        self.visited: tuple[httpx.URL, ...] = (start,)
        self.chain: tuple[str, ...] = ()
        self.progress = AttemptEnd(outcome=Outcome.TRANSIENT_ERROR, final_url=start_text)

    async def run(self) -> AttemptEnd:
        try:
            async with asyncio.timeout(self.limits.total_deadline_seconds) as deadline:
                return await self._walk(deadline)
        except BodyRejected as rejected:
            truncated = "length" if rejected.outcome is Outcome.TOO_LARGE else None
            return replace(
                self.progress, outcome=rejected.outcome, detail=rejected.detail, truncated=truncated
            )
        except TimeoutError as exc:
            if isinstance(exc, aiohttp.ClientError):
                return self._transport_failure(exc)  # aiohttp's connect / read timeouts
            partial = "time" if self.progress.status is not None else None
            return replace(self.progress, detail="timeout_total", truncated=partial, body=b"")
        except TRANSPORT_ERRORS as exc:
            return self._transport_failure(exc)

    def _transport_failure(self, exc: Exception) -> AttemptEnd:
        refusal = blocked_cause(exc)
        if refusal is not None:  # refused by the outbound policy: nothing was sent
            return replace(self.progress, outcome=Outcome.PERMANENT_ERROR, detail=refusal.detail)
        detail = error_detail(exc)
        if detail in PERMANENT_DETAILS:
            return replace(self.progress, outcome=Outcome.PERMANENT_ERROR, detail=detail)
        if detail == "truncated" and self.progress.status is not None:
            return replace(
                self.progress,
                outcome=Outcome.SUSPECT,
                detail=detail,
                truncated="disconnect",
                is_cut=True,
            )
        return replace(self.progress, outcome=Outcome.TRANSIENT_ERROR, detail=detail, body=b"")

    async def _walk(self, deadline: asyncio.Timeout) -> AttemptEnd:
        current, current_text = self.visited[0], self.start_text
        while True:
            if self.pacer is not None:
                wait = await self.pacer.reserve(current.host)
                when = deadline.when()
                if wait > 0 and when is not None:
                    deadline.reschedule(when + wait)  # queueing for politeness is not slowness
                await self.pacer.sleep(wait)
            reply = await send_get(self.client, current, current_text, self.headers)
            try:
                if reply.status in REDIRECT_STATUSES:
                    self.progress = self._answered(reply, current_text)
                    location = reply.header("location")
                    if location is not None:
                        refusal, current, current_text = self._next_hop(current, location)
                        if refusal is not None:
                            return replace(
                                self.progress, outcome=Outcome.PERMANENT_ERROR, detail=refusal
                            )
                        continue
                if reply.status == 304:
                    return self._answered(reply, current_text, Outcome.NOT_MODIFIED)
                self.progress = self._answered(reply, current_text)
                body = await read_body(
                    reply.chunks(),
                    content_length=reply.header("content-length"),
                    content_encoding=None if reply.is_decoded else reply.header("content-encoding"),
                    max_body_bytes=self.limits.max_body_bytes,
                    max_decoded_bytes=self.limits.max_decoded_bytes,
                )
                framing = framing_of(reply.headers)
                return self.classify(replace(self.progress, body=body.content, framing=framing))
            finally:
                await reply.close()

    def _answered(
        self, reply: Reply, url_text: str, outcome: Outcome = Outcome.TRANSIENT_ERROR
    ) -> AttemptEnd:
        return AttemptEnd(
            outcome=outcome,
            final_url=url_text,
            status=reply.status,
            headers=reply.headers,
            redirect_chain=self.chain,
        )

    def _next_hop(self, current: httpx.URL, location: str) -> tuple[str | None, httpx.URL, str]:
        target = redirect_target(current, location)
        if target is None:
            self.chain = (*self.chain, location)
            self.progress = replace(self.progress, redirect_chain=self.chain)
            return "bad_url", current, str(current)
        target_text = str(target)
        self.chain = (*self.chain, target_text)
        self.progress = replace(self.progress, redirect_chain=self.chain)
        refusal = redirect_refusal(
            current,
            target,
            scope=self.scope,
            policy=self.limits.outbound,
            visited=self.visited,
            max_redirects=self.limits.max_redirects,
        )
        self.visited = (*self.visited, target)
        return refusal, target, target_text


def _retry_delay(
    ended: AttemptEnd, retry_number: int, limits: FetchLimits, now: datetime
) -> float | None:
    """Seconds to wait before the next attempt, or None when retrying is pointless."""
    if not ended.is_retryable or retry_number > limits.retries:
        return None
    delay = limits.backoff_seconds(retry_number - 1)
    asked = retry_after_seconds(ended.header("retry-after"), now)
    if asked is not None:
        if asked > limits.max_retry_after_seconds:
            return None
        delay = max(delay, asked)
    return delay


async def fetch_page(
    client: httpx.AsyncClient,
    source: Source,
    validators: Validators,
    limits: FetchLimits,
    *,
    robots: RobotsPolicy | None = None,
    pacer: HostPacer | None = None,
    accept_binary: bool = False,
    sleep: Sleep = asyncio.sleep,
    clock: Clock = utc_now,
) -> FetchResult:
    """Fetch `source.url` once (with retries for transient trouble) and classify the result."""
    started_at = clock()
    began = time.monotonic()

    def result(ended: AttemptEnd, attempts: int) -> FetchResult:
        elapsed = time.monotonic() - began
        return _result(
            source, ended, started_at=started_at, elapsed=elapsed, attempts=attempts, now=clock()
        )

    start = _start_url(source.url)
    if isinstance(start, AttemptEnd):
        return result(start, 0)
    scope = scope_of(source, limits.allowed_hosts)
    refused = await _refused_before_sending(source, start, scope, limits, robots)
    if refused is not None:
        return result(refused, 0)
    attempt = partial(  # a new walk for each try
        _Attempt,
        client,
        *start,
        validators=validators,
        limits=limits,
        scope=scope,
        pacer=pacer,
        classify=_classifier(source, accept_binary=accept_binary),
    )
    attempts = 0
    while True:
        attempts += 1
        ended = await attempt().run()
        delay = _retry_delay(ended, attempts, limits, clock())
        if delay is None:
            return result(ended, attempts)
        await sleep(delay)


def _classifier(source: Source, *, accept_binary: bool) -> Callable[[AttemptEnd], AttemptEnd]:
    """How a complete response to this source is judged: binary bodies are fine for an
    attachment; a redirect must land on the source's `expect_path` when it names one."""
    expect = source.options.expect_path

    def classify(ended: AttemptEnd) -> AttemptEnd:
        return classify_end(ended, source.url, accept_binary=accept_binary, expect=expect)

    return classify


async def _refused_before_sending(
    source: Source,
    start: tuple[httpx.URL, str],
    scope: SiteScope,
    limits: FetchLimits,
    robots: RobotsPolicy | None,
) -> AttemptEnd | None:
    """The outbound policy, then robots.txt, on the source URL: the outcome when either says
    no. The policy goes first: a target we may not ask is not asked for its robots.txt either."""
    refusal = limits.outbound.url_refusal(start[0], ports=scope.ports)
    if refusal is not None:
        return AttemptEnd(Outcome.PERMANENT_ERROR, refusal.detail, final_url=source.url)
    if robots is not None:
        verdict = await robots.verdict(start[1])
        if not verdict.allowed:
            return AttemptEnd(verdict.outcome, verdict.detail, final_url=source.url)
    return None


def _result(
    source: Source,
    ended: AttemptEnd,
    *,
    started_at: datetime,
    elapsed: float,
    attempts: int,
    now: datetime,
) -> FetchResult:
    asked = retry_after_seconds(ended.header("retry-after"), now)
    return FetchResult(
        source_id=source.id,
        requested_url=source.url,
        outcome=ended.outcome,
        started_at=started_at,
        elapsed_seconds=elapsed,
        final_url=ended.final_url,
        status=ended.status,
        headers=ended.headers,
        body=ended.body if ended.outcome is not Outcome.NOT_MODIFIED else b"",
        redirect_chain=ended.redirect_chain,
        detail=ended.detail,
        retry_after_seconds=asked if ended.outcome.is_failure else None,
        attempts=attempts,
        truncated=ended.truncated,
        framing=ended.framing,
    )


@lru_cache(maxsize=4096)
def _start_url(url: str) -> tuple[httpx.URL, str] | AttemptEnd:
    """The source URL parsed and written out, or the permanent failure that makes it
    unfetchable. Sources are few and checked every cycle, so each is parsed once."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return AttemptEnd(Outcome.PERMANENT_ERROR, "bad_url", final_url=url)
    if parsed.scheme not in ("http", "https") or not parsed.host:
        return AttemptEnd(Outcome.PERMANENT_ERROR, "bad_scheme", final_url=url)
    return parsed, str(parsed)

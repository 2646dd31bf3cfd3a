"""The delivery worker: fan waiting notices out, claim due deliveries, send them concurrently,
record each attempt. `deliver_due` runs once (for `jifen deliver`); `run` keeps going."""

from __future__ import annotations

import asyncio
import os
import random
import socket
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import groupby

import aiohttp

from diffing.records import ChangeEvent
from notify import chat, mail, webhook
from notify.filters import decide
from notify.messages import compose, compose_digest
from notify.records import DeliveryConfig, Message, SendOutcome
from notify.retry import attempt_result
from notify.targets import refusal
from store.notify_records import (
    AttemptOutcome,
    AttemptResult,
    Channel,
    DeliveryJob,
    Digest,
    Incident,
    NoticeKind,
)
from store.store import Store

Clock = Callable[[], datetime]


@dataclass
class DeliveryReport:
    fanned_out: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0

    def line(self) -> str:
        return (
            f"{self.fanned_out} queued from new changes, {self.sent} sent, "
            f"{self.retried} to retry, {self.dead} given up"
        )


@dataclass(slots=True)
class _RoundCache:
    """What one round reads again and again: a change shared by many subscribers, a target's
    verdict (its name resolved once)."""

    store: Store
    changes: dict[int, ChangeEvent | None] = field(default_factory=dict)
    refusals: dict[tuple[str, bool], str | None] = field(default_factory=dict)

    def change(self, event_id: int) -> ChangeEvent | None:
        if event_id not in self.changes:
            self.changes[event_id] = self.store.change(event_id)
        return self.changes[event_id]

    def incident(self, incident_id: int) -> Incident | None:
        return self.store.notify.incident(incident_id)


@dataclass
class Deliverer:
    store: Store
    config: DeliveryConfig
    session: aiohttp.ClientSession  # webhooks' (`make_session`)
    clock: Clock = field(default=lambda: datetime.now(UTC))
    rng: random.Random = field(default_factory=random.Random)
    holder: str = field(
        default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    )

    async def deliver_due(self) -> DeliveryReport:
        """Fan out every waiting notice and send every delivery due now; what fails is left
        for its retry time."""
        report = DeliveryReport()
        while fanned := self.store.notify.fan_out(
            lambda notice, subs: decide(notice, subs, self.clock()), self.clock()
        ):
            report.fanned_out += fanned
        started = self.clock()
        cache = _RoundCache(self.store)
        while jobs := self.store.notify.claim(
            self.holder, started, lease_seconds=self.config.lease_seconds, limit=self.config.batch
        ):
            results = await self.send_all(jobs, cache)
            self.store.notify.finish_many(results, self.holder, self.clock())
            for _, result in results:
                if result.outcome is AttemptOutcome.SENT:
                    report.sent += 1
                elif result.outcome is AttemptOutcome.RETRY:
                    report.retried += 1
                else:
                    report.dead += 1
        return report

    async def send_all(
        self, jobs: Sequence[DeliveryJob], cache: _RoundCache | None = None
    ) -> list[tuple[DeliveryJob, AttemptResult]]:
        """Send claimed jobs, a daily digest's as one message, `concurrency` at a time."""
        limit = asyncio.Semaphore(self.config.concurrency)
        cache = cache or _RoundCache(self.store)

        async def one(group: list[DeliveryJob]) -> list[tuple[DeliveryJob, AttemptResult]]:
            async with limit:
                result = await self.send_group(group, cache)
            return [(job, result) for job in group]

        done = await asyncio.gather(*(one(group) for group in _groups(jobs)))
        return [pair for pairs in done for pair in pairs]

    async def send_group(self, jobs: list[DeliveryJob], cache: _RoundCache) -> AttemptResult:
        first = jobs[0]
        message = (
            compose_digest(jobs, cache, self.config)
            if len(jobs) > 1 or _is_digest(first)
            else compose(first, cache, self.config)
        )
        started = time.monotonic()
        if message is None:
            outcome = SendOutcome(False, "what it was about no longer exists", is_permanent=True)
        else:
            outcome = await self.send(first, message, cache)
        elapsed = time.monotonic() - started
        return attempt_result(
            outcome, first.attempts, self.config, self.clock(), self.rng, elapsed_seconds=elapsed
        )

    async def send(self, job: DeliveryJob, message: Message, cache: _RoundCache) -> SendOutcome:
        subscription = job.subscription
        target = subscription.target
        if subscription.channel is Channel.EMAIL:
            return await asyncio.to_thread(mail.send, message, target, self.config)
        is_apprise = subscription.channel is Channel.APPRISE
        key = (target, is_apprise)
        if key not in cache.refusals:
            cache.refusals[key] = await asyncio.to_thread(
                refusal, target, self.config.outbound, is_apprise=is_apprise
            )
        refused = cache.refusals[key]
        if refused is not None:
            return SendOutcome(False, f"target refused: {refused}", is_permanent=True)
        if is_apprise:
            return await asyncio.to_thread(chat.send, message, target)
        return await webhook.post(
            self.session, target, message, subscription.secret, self.config.timeout_seconds
        )


def _is_digest(job: DeliveryJob) -> bool:
    return (
        job.subscription.digest is Digest.DAILY
        and job.kind in (NoticeKind.CHANGE, NoticeKind.CORRECTION)
        and job.subscription.channel is not Channel.WEBHOOK  # a webhook gets one POST per change
    )


def _groups(jobs: Sequence[DeliveryJob]) -> list[list[DeliveryJob]]:
    """Each job alone, except a digest subscription's changes, which go together."""
    groups = [[job] for job in jobs if not _is_digest(job)]
    digests = sorted((job for job in jobs if _is_digest(job)), key=lambda j: j.subscription.id)
    groups += [list(group) for _, group in groupby(digests, key=lambda j: j.subscription.id)]
    return groups


def make_session(config: DeliveryConfig) -> aiohttp.ClientSession:
    """The webhook session (`notify.webhook.make_session`): aiohttp directly, since the httpx
    layer cost more than the sending at a few hundred POSTs a second."""
    return webhook.make_session(config.concurrency, config.outbound)

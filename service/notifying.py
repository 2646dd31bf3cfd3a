"""Delivery as the service runs it: `jifen deliver` once, or beside the scheduler in
`jifen serve`, where operator incidents are looked for too."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from datetime import UTC, datetime

from notify.alerts import find_problems
from notify.worker import Deliverer, DeliveryReport, make_session
from scraper.records import Source
from service import runtime
from service.settings import Settings
from store.store import Store

log = logging.getLogger(__name__)
ALERT_INTERVAL_SECONDS = 60.0


async def deliver_once(settings: Settings, store: Store) -> DeliveryReport:
    config = runtime.delivery_config(settings)
    async with make_session(config) as session:
        return await Deliverer(store, config, session).deliver_due()


def look_for_incidents(settings: Settings, store: Store, sources: Sequence[Source]) -> None:
    now = datetime.now(UTC)
    problems = find_problems(
        store,
        sources,
        now,
        failures=settings.notify.alert_failures,
        lease_stale_seconds=settings.notify.alert_lease_stale_seconds,
    )
    opened, closed = store.notify.reconcile(problems, now)
    for incident in opened:
        log.warning("incident opened: %s %s: %s", incident.kind, incident.subject, incident.detail)
    for incident in closed:
        log.info("incident closed: %s %s", incident.kind, incident.subject)


async def deliver_forever(
    settings: Settings, store: Store, sources: Sequence[Source], stop: asyncio.Event
) -> None:
    """Deliver every poll, and look for incidents each minute when an operator channel is set."""
    config = runtime.delivery_config(settings)
    poll = settings.notify.poll_seconds
    async with make_session(config) as session:
        deliverer = Deliverer(store, config, session)
        alerts_due = 0.0
        while not stop.is_set():
            try:
                if settings.notify.operator_notify and time.monotonic() >= alerts_due:
                    alerts_due = time.monotonic() + ALERT_INTERVAL_SECONDS
                    await asyncio.to_thread(look_for_incidents, settings, store, sources)
                report = await deliverer.deliver_due()
                if report.sent or report.retried or report.dead:
                    log.info("deliveries: %s", report.line())
            except Exception:
                # A database hiccup must not end delivery for the life of the process.
                log.exception("delivery round failed; trying again in %.1f s", poll)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), poll)

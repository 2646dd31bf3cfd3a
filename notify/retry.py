"""What one attempt's outcome means for the delivery: sent, tried again later, or given up."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from notify.records import DeliveryConfig, SendOutcome
from store.notify_records import AttemptOutcome, AttemptResult

MIN_RETRY_SECONDS = 1.0  # even "Retry-After: 0" waits this long, so nothing spins


def backoff_seconds(attempts: int, config: DeliveryConfig, rng: random.Random) -> float:
    """Exponential in the attempts made, with ±50 % jitter so retries of many deliveries spread
    out instead of arriving together."""
    raw = config.backoff_seconds * 2.0 ** max(attempts - 1, 0)
    return min(raw, config.max_backoff_seconds) * rng.uniform(0.5, 1.5)


def attempt_result(
    outcome: SendOutcome,
    attempts_before: int,
    config: DeliveryConfig,
    now: datetime,
    rng: random.Random,
    *,
    elapsed_seconds: float = 0.0,
) -> AttemptResult:
    result = AttemptResult(
        AttemptOutcome.SENT, outcome.detail, outcome.status_code, round(elapsed_seconds, 3)
    )
    if outcome.is_sent:
        return result
    attempts = attempts_before + 1
    if outcome.is_permanent or attempts >= config.max_attempts:
        reason = "refused for good" if outcome.is_permanent else f"gave up after {attempts}"
        return replace(result, outcome=AttemptOutcome.DEAD, detail=f"{outcome.detail} ({reason})")
    wait = outcome.retry_after_seconds
    if wait is None:
        wait = backoff_seconds(attempts, config, rng)
    retry_at = now + timedelta(seconds=max(wait, MIN_RETRY_SECONDS))
    return replace(result, outcome=AttemptOutcome.RETRY, retry_at=retry_at)

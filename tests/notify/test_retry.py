"""The retry policy: exponential backoff with jitter, the receiver's Retry-After, dead letters."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from hypothesis import given
from hypothesis import strategies as st

from notify.records import SendOutcome
from notify.retry import attempt_result, backoff_seconds
from notify.webhook import retry_after, sign
from store.notify_records import AttemptOutcome
from tests.notify.world import config

NOW = datetime(2026, 3, 1, tzinfo=UTC)


@given(attempts=st.integers(1, 30), seed=st.integers(0, 2**32))
def test_backoff_doubles_within_its_jitter_and_stops_at_the_cap(attempts: int, seed: int) -> None:
    cfg = config(backoff_seconds=30.0, max_backoff_seconds=3600.0)
    wait = backoff_seconds(attempts, cfg, random.Random(seed))
    nominal = min(30.0 * 2 ** (attempts - 1), 3600.0)
    assert 0.5 * nominal <= wait <= 1.5 * nominal


def test_jitter_spreads_retries_of_many_deliveries() -> None:
    rng = random.Random(1)
    waits = {round(backoff_seconds(3, config(backoff_seconds=30.0), rng), 3) for _ in range(50)}
    assert len(waits) > 40


def test_retry_after_wins_over_the_backoff() -> None:
    failed = SendOutcome(False, "HTTP 429", 429, retry_after_seconds=600.0)
    result = attempt_result(failed, 0, config(), NOW, random.Random(1))
    assert result.outcome is AttemptOutcome.RETRY
    assert result.retry_at == NOW + timedelta(seconds=600)


def test_a_permanent_refusal_or_the_last_attempt_is_a_dead_letter() -> None:
    gone = attempt_result(
        SendOutcome(False, "HTTP 410", 410, is_permanent=True), 0, config(), NOW, random.Random(1)
    )
    assert gone.outcome is AttemptOutcome.DEAD and "refused for good" in gone.detail
    last = attempt_result(
        SendOutcome(False, "HTTP 503", 503), 3, config(max_attempts=4), NOW, random.Random(1)
    )
    assert last.outcome is AttemptOutcome.DEAD and "gave up after 4" in last.detail


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after("120") == 120.0
    later = format_datetime(datetime.fromtimestamp(1_000_090, UTC), usegmt=True)
    assert retry_after(later, now=1_000_000) == 90.0
    assert retry_after("soon") is None
    assert retry_after("99999999") == 24 * 3600.0


def test_the_signature_covers_the_timestamp_and_the_body() -> None:
    signed = sign("k", 1700000000, b'{"id":1}')
    assert signed.startswith("sha256=") and len(signed) == 7 + 64
    assert signed != sign("k", 1700000001, b'{"id":1}')
    assert signed != sign("k", 1700000000, b'{"id":2}')

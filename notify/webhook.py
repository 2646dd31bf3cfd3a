"""Signed webhooks: a JSON POST with `X-Jifen-Timestamp` and
`X-Jifen-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`."""

from __future__ import annotations

import hashlib
import hmac
import time
from email.utils import parsedate_to_datetime

import aiohttp

from notify.records import Message, SendOutcome
from scraper.outbound import OutboundPolicy
from scraper.pinning import PinnedResolver, blocked_cause
from scraper.transport import tls_context

# Answers no retry can change. 408 and 429 are worth another try; so is every 5xx.
_PERMANENT = frozenset({400, 401, 403, 404, 405, 410, 411, 413, 414, 415, 422})
MAX_RETRY_AFTER_SECONDS = 24 * 3600.0


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def headers(message: Message, secret: str | None, timestamp: int) -> dict[str, str]:
    found = {
        "Content-Type": "application/json",
        "User-Agent": "jifen-notify/1",
        "X-Jifen-Timestamp": str(timestamp),
        "Idempotency-Key": message.key,
    }
    if secret:
        found["X-Jifen-Signature"] = sign(secret, timestamp, message.body)
    if message.change_id is not None:
        found["X-Jifen-Change-Id"] = str(message.change_id)
    return found


def make_session(concurrency: int, policy: OutboundPolicy) -> aiohttp.ClientSession:
    """The webhook session: `concurrency` connections, each to an address the outbound policy
    passed (its resolver pins them: a name cannot be made to resolve elsewhere in between)."""
    connector = aiohttp.TCPConnector(
        limit=concurrency, ssl=tls_context(), resolver=PinnedResolver(policy)
    )
    return aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())


async def post(
    session: aiohttp.ClientSession,
    url: str,
    message: Message,
    secret: str | None,
    timeout_seconds: float,
) -> SendOutcome:
    """One attempt, never following a redirect; network trouble and refusals are outcomes,
    never exceptions."""
    sent_headers = headers(message, secret, int(time.time()))
    timeout = aiohttp.ClientTimeout(total=timeout_seconds * 2, sock_read=timeout_seconds)
    try:
        async with session.post(
            url, data=message.body, headers=sent_headers, allow_redirects=False, timeout=timeout
        ) as response:
            status = response.status
            said = (await response.content.read(200)).decode("utf-8", "replace")
            waits = retry_after(response.headers.get("Retry-After"))
    except TimeoutError as exc:
        return SendOutcome(False, f"timed out: {type(exc).__name__}")
    except (aiohttp.ClientError, OSError) as exc:
        blocked = blocked_cause(exc)
        if blocked is not None:  # the name resolves to a refused address
            return SendOutcome(False, f"target refused: {blocked.message}", is_permanent=True)
        return SendOutcome(False, f"{type(exc).__name__}: {exc}"[:300])
    if 200 <= status < 300:
        return SendOutcome(True, f"HTTP {status}", status)
    return SendOutcome(
        False,
        f"HTTP {status}: {said}".strip(),
        status,
        is_permanent=status in _PERMANENT,
        retry_after_seconds=waits,
    )


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return min(float(text), MAX_RETRY_AFTER_SECONDS)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    wait = moment.timestamp() - (time.time() if now is None else now)
    return min(max(wait, 0.0), MAX_RETRY_AFTER_SECONDS)

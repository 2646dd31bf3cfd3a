"""Limits on what one client may ask of the HTTP surface: a request rate and a body size.

A client flooding the feeds or the API gets 429 with Retry-After once its burst is spent, while
other clients are served as before; health and metrics stay unlimited so monitoring keeps working
during a flood. A request body over the cap gets 413 before the application reads it.

Clients are told apart by the address uvicorn reports. It reads X-Forwarded-For from proxies it
trusts (those on the same machine by default, `FORWARDED_ALLOW_IPS` for others); behind any other
proxy every reader would share the proxy's bucket.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.http.api.errors import render_error

# Monitoring must see the service even while someone floods it.
UNLIMITED_PATHS = frozenset({"/healthz", "/metrics"})
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Buckets kept at most; the least recently seen client is forgotten first (it starts afresh).
MAX_CLIENTS = 65_536


@dataclass(frozen=True, slots=True)
class LimitSettings:
    per_second: float  # sustained requests per client; 0 turns rate limiting off
    burst: int  # requests a client may make at once before the rate applies
    max_body_bytes: int


class RateLimiter:
    """Token buckets per client: `burst` tokens, refilled at `per_second`; a request takes one."""

    def __init__(
        self, per_second: float, burst: int, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if per_second < 0 or burst < 1:
            raise ValueError(f"rate limit needs per_second >= 0, burst >= 1: {per_second}, {burst}")
        self.per_second = per_second
        self.burst = burst
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # tokens, stamp

    def retry_after(self, client: str) -> int | None:
        """None when `client` may go ahead (a token is taken), else whole seconds to wait."""
        now = self._clock()
        tokens, stamp = self._buckets.pop(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - stamp) * self.per_second)
        allowed = tokens >= 1.0
        if allowed:
            tokens -= 1.0
        self._buckets[client] = (tokens, now)
        if len(self._buckets) > MAX_CLIENTS:
            self._buckets.popitem(last=False)
        if allowed:
            return None
        return max(1, math.ceil((1.0 - tokens) / self.per_second))


class RequestLimits:
    """Plain ASGI middleware enforcing `LimitSettings` on every HTTP request."""

    def __init__(
        self,
        app: ASGIApp,
        settings: LimitSettings,
        *,
        clock: Callable[[], float] = time.monotonic,
        on_limited: Callable[[str], None] | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = settings.max_body_bytes
        self.limiter = (
            RateLimiter(settings.per_second, settings.burst, clock=clock)
            if settings.per_second > 0
            else None
        )
        self.on_limited = on_limited

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.limiter is not None and scope.get("path") not in UNLIMITED_PATHS:
            client = scope.get("client")
            wait = self.limiter.retry_after(client[0] if client else "")
            if wait is not None:
                if self.on_limited is not None:
                    self.on_limited("rate")
                message = f"too many requests from this client; retry after {wait} s"
                response = render_error(
                    Request(scope), 429, "rate_limited", message, {"Retry-After": str(wait)}
                )
                await response(scope, receive, send)
                return
        if scope.get("method") in _BODY_METHODS:
            bounded = await self._bounded_body(scope, receive, send)
            if bounded is None:
                return
            receive = bounded
        await self.app(scope, receive, send)

    async def _bounded_body(self, scope: Scope, receive: Receive, send: Send) -> Receive | None:
        """`receive` for the app when the body fits, None when a 413 (or 400) was sent instead.

        A declared length is judged before reading; a chunked body is read up to the cap and
        replayed to the app, so the app never sees a body it would not have been sent.
        """
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                length = -1
            if length < 0:
                message = "Content-Length is not a byte count"
                await self._refuse(
                    scope, receive, send, status=400, code="bad_request", message=message
                )
                return None
            if length > self.max_body_bytes:
                await self._too_large(scope, receive, send)
                return None
            return receive
        messages: list[Message] = []
        size = 0
        while True:
            part = await receive()
            messages.append(part)
            if part["type"] != "http.request":
                break  # the client went away: let the app see it
            size += len(part.get("body", b""))
            if size > self.max_body_bytes:
                await self._too_large(scope, receive, send)
                return None
            if not part.get("more_body", False):
                break
        replay = iter(messages)

        async def replayed() -> Message:
            return next(replay, None) or await receive()

        return replayed

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.on_limited is not None:
            self.on_limited("body")
        message = f"request body over {self.max_body_bytes} bytes"
        await self._refuse(
            scope, receive, send, status=413, code="payload_too_large", message=message
        )

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, *, status: int, code: str, message: str
    ) -> None:
        # Connection: close: the unread rest of the body must not be taken for the next request.
        response = render_error(Request(scope), status, code, message, {"Connection": "close"})
        await response(scope, receive, send)

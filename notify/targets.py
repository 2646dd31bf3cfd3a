"""Whether a webhook or apprise target may be sent to, by the shared outbound policy
(`scraper.outbound`): never a private, loopback or link-local address unless the deployment names
it in JIFEN_ALLOW_PRIVATE_TARGETS. Webhook connections are pinned to the addresses the policy
checked (the transport's resolver); apprise, which connects by itself, is checked here first."""

from __future__ import annotations

import socket
from collections.abc import Iterable

import httpx

from scraper.outbound import OutboundPolicy, Refusal, effective_port

# apprise schemes that post to whatever host the URL names (the others reach a fixed service).
_HOST_SCHEMES = frozenset({"json", "jsons", "form", "forms", "xml", "xmls", "http", "https"})
HINT = "name it in JIFEN_ALLOW_PRIVATE_TARGETS to allow it"


def refusal(url: str, policy: OutboundPolicy, *, is_apprise: bool = False) -> str | None:
    """Why `url` may not be a target, or None when it may. Any port is allowed: a subscriber's
    receiver is not the official site."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        return f"{url!r} is not a URL: {exc}"
    if not is_apprise and parsed.scheme not in ("http", "https"):
        return f"{url!r}: a webhook must be an http(s) URL"
    host = parsed.host
    if not host:
        return None if is_apprise else f"{url!r}: no host"
    port = effective_port(parsed)
    found = policy.host_refusal(host, port)
    if found is None:
        addresses = _addresses(host)
        if addresses is None:
            if is_apprise and parsed.scheme not in _HOST_SCHEMES:
                return None  # a token in the host's place: the service's own API is the target
            return f"{host}: the name does not resolve"
        found = _first(policy.address_refusal(host, port, a) for a in addresses)
    return None if found is None else f"{found.message}; {HINT}"


def _first(refusals: Iterable[Refusal | None]) -> Refusal | None:
    return next((r for r in refusals if r is not None), None)


def _addresses(host: str) -> list[str] | None:
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return None
    return [str(info[4][0]) for info in found]

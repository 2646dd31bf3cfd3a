"""Addresses checked once and connected to as checked: the outbound policy inside the connector.

A check that resolves a name and then lets the client resolve it again can be moved by the second
answer (DNS rebinding). Here the connector's resolver resolves once, checks every address and
hands aiohttp only those, so the connection goes to an address the policy saw; the URL, the Host
header and the TLS server name keep the host name.
"""

from __future__ import annotations

import socket

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from scraper.outbound import OutboundPolicy, Refusal


class BlockedTarget(OSError):
    """A request refused by the outbound policy; `refusal` says what and why."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.detail)
        self.refusal = refusal


def blocked_cause(exc: BaseException) -> Refusal | None:
    """The policy refusal behind `exc` (aiohttp wraps a resolver's error), if there is one."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, BlockedTarget):
            return cause.refusal
        cause = cause.__cause__ or cause.__context__
    return None


class PinnedResolver(AbstractResolver):
    """Resolves through `base`, refuses the name when any address is refused, else returns the
    addresses it checked: aiohttp connects to exactly these."""

    def __init__(self, policy: OutboundPolicy, base: AbstractResolver | None = None) -> None:
        self._policy = policy
        self._base = base if base is not None else DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        refusal = self._policy.host_refusal(host, port)
        if refusal is not None:
            raise BlockedTarget(refusal)
        found = await self._base.resolve(host, port, family)
        for entry in found:
            refusal = self._policy.address_refusal(host, port, entry["host"])
            if refusal is not None:
                raise BlockedTarget(refusal)
        return found

    async def close(self) -> None:
        await self._base.close()


async def target_refusal(
    policy: OutboundPolicy, host: str, port: int, *, resolver: AbstractResolver | None = None
) -> Refusal | None:
    """Resolve `host` once and judge every address: for a caller that must refuse a target
    before sending anything (an alert's webhook). A name that does not resolve is not refused
    here: the request itself will fail."""
    pinned = PinnedResolver(policy, resolver)
    try:
        await pinned.resolve(host, port, socket.AF_UNSPEC)
    except BlockedTarget as blocked:
        return blocked.refusal
    except OSError:
        return None
    finally:
        if resolver is None:
            await pinned.close()
    return None

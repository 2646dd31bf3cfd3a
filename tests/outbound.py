"""The opt-in every test that fetches from its fake sites needs: they listen on 127.0.0.1, which
the outbound policy refuses by default, as it must in production."""

from __future__ import annotations

import socket

from aiohttp.abc import AbstractResolver, ResolveResult

from scraper.outbound import OutboundPolicy

# Loopback only at 127.0.0.1: 127.0.0.2 (another listener in some tests) stays refused.
FAKE_SITES_SETTING = "127.0.0.1"
FAKE_SITES = OutboundPolicy.allowing(FAKE_SITES_SETTING)
FAKE_SITES_ENV = {"JIFEN_ALLOW_PRIVATE_TARGETS": FAKE_SITES_SETTING}


class StaticResolver(AbstractResolver):
    """DNS for tests: each name answers its addresses in turn (the last one repeats), so a test
    can make a name move between two lookups, as DNS rebinding does. Counts the lookups."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self._answers = answers
        self.lookups: dict[str, int] = {}

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        if host not in self._answers:
            raise OSError(f"{host}: no such name in this test")
        count = self.lookups.get(host, 0)
        self.lookups[host] = count + 1
        addresses = self._answers[host]
        address = addresses[min(count, len(addresses) - 1)]
        entry: ResolveResult = {
            "hostname": host,
            "host": address,
            "port": port,
            "family": socket.AF_INET6 if ":" in address else socket.AF_INET,
            "proto": 0,
            "flags": socket.AI_NUMERICHOST,
        }
        return [entry]

    async def close(self) -> None:
        pass

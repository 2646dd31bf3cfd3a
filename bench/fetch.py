"""`python -m bench.fetch`: the fetcher's own cost per request, against a bare aiohttp session.

One process, one server (bench/server.py, N pages on 127.0.0.1). Each round times N conditional
GETs that all answer 304 and N plain GETs of the pages, at concurrency 64, through (a) a bare
aiohttp ClientSession and (b) `scraper.fetch.fetch_page` on `make_client`, alternating so both see
the same machine. Prints medians in ms per request and the ratio b / a, and what classifying
the 200 bodies (scraper.classify, run by fetch_page on every page) costs on its own.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

import aiohttp

from bench.__main__ import start_server
from scraper.classify import challenge_signature, page_problem
from scraper.fetch import FetchLimits, fetch_page, make_client
from scraper.limits import HostPacer
from scraper.outbound import OutboundPolicy
from scraper.records import Outcome, Source, SourceKind, Validators
from scraper.robots import RobotsPolicy

CONCURRENCY = 64
# The benchmark's server listens on 127.0.0.1, which the outbound policy refuses by default.
LIMITS = replace(
    FetchLimits(), per_host_delay_seconds=0.0, outbound=OutboundPolicy.allowing("127.0.0.1")
)

Run = Callable[[int], Awaitable[None]]


async def timed(count: int, one: Run) -> float:
    """Milliseconds per request for `count` requests at CONCURRENCY."""
    gate = asyncio.Semaphore(CONCURRENCY)

    async def gated(index: int) -> None:
        async with gate:
            await one(index)

    began = time.perf_counter()
    await asyncio.gather(*(gated(i) for i in range(count)))
    return (time.perf_counter() - began) * 1000 / count


def bare_aiohttp(session: aiohttp.ClientSession, base: str, etags: list[str], *, cond: bool) -> Run:
    async def one(index: int) -> None:
        headers = {"If-None-Match": etags[index]} if cond else {}
        async with session.get(f"{base}/p/{index}.html", headers=headers) as response:
            await response.read()
            assert response.status == (304 if cond else 200)

    return one


def via_fetch_page(
    client: object,
    sources: list[Source],
    etags: list[str],
    *,
    cond: bool,
    robots: RobotsPolicy | None = None,
    pacer: HostPacer | None = None,
) -> Run:
    expected = Outcome.NOT_MODIFIED if cond else Outcome.OK

    async def one(index: int) -> None:
        validators = Validators(etag=etags[index]) if cond else Validators()
        result = await fetch_page(
            client,  # type: ignore[arg-type]
            sources[index],
            validators,
            LIMITS,
            robots=robots,
            pacer=pacer,
        )
        assert result.outcome is expected, (result.outcome, result.detail)

    return one


async def measure(base: str, count: int, rounds: int, *, with_robots: bool) -> dict[str, float]:
    sources = [
        Source(id=f"s{i:05d}", url=f"{base}/p/{i}.html", kind=SourceKind.CATALOGUE)
        for i in range(count)
    ]
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    samples: dict[str, list[float]] = {}
    async with aiohttp.ClientSession(connector=connector) as session, make_client(LIMITS) as client:
        etags = ["" for _ in range(count)]
        pages: list[tuple[bytes, str]] = [(b"", "") for _ in range(count)]

        async def learn(index: int) -> None:
            async with session.get(sources[index].url) as response:
                pages[index] = (await response.read(), response.headers["Content-Type"])
                etags[index] = response.headers["ETag"]

        await timed(count, learn)  # also warms both pools' first connections
        for _ in range(rounds):
            for cond, kind in ((True, "304"), (False, "200")):
                runs: dict[str, Run] = {
                    "a": bare_aiohttp(session, base, etags, cond=cond),
                    "b": via_fetch_page(client, sources, etags, cond=cond),
                }
                if with_robots:
                    # A new policy per run: robots.txt is fetched once per host per cycle.
                    runs["b+robots"] = via_fetch_page(
                        client,
                        sources,
                        etags,
                        cond=cond,
                        robots=RobotsPolicy(client, LIMITS),
                        pacer=HostPacer(0.0),
                    )
                for name, run in runs.items():
                    samples.setdefault(f"{name}:{kind}", []).append(await timed(count, run))
            samples.setdefault("classify:200", []).append(classify_ms(pages))
    return {key: statistics.median(values) for key, values in samples.items()}


def classify_ms(pages: list[tuple[bytes, str]]) -> float:
    """Milliseconds per page for the checks fetch_page runs on a 200 body."""
    began = time.perf_counter()
    for body, content_type in pages:
        challenge_signature(200, body)
        page_problem(body, content_type, accept_binary=False)
    return (time.perf_counter() - began) * 1000 / len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="pages, requests per run")
    parser.add_argument("--rounds", type=int, default=7, help="rounds (median reported)")
    parser.add_argument(
        "--robots", action="store_true", help="also time fetch_page with robots.txt and a pacer"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jifen-bench-fetch-") as tmp:
        server, base = start_server(args.count, Path(tmp))
        try:
            medians = asyncio.run(measure(base, args.count, args.rounds, with_robots=args.robots))
        finally:
            server.terminate()
            server.wait(timeout=10)
    for kind in ("304", "200"):
        bare = medians[f"a:{kind}"]
        line = f"{kind}: bare aiohttp {bare:.3f} ms/req"
        for name in ("b", "b+robots"):
            if f"{name}:{kind}" in medians:
                ours = medians[f"{name}:{kind}"]
                line += (
                    f"   fetch_page{name[1:]} {ours:.3f} ms/req (ratio {ours / bare:.2f}x, "
                    f"overhead {ours - bare:.3f} ms)"
                )
        print(line)
    print(f"of which on a 200: classifying the body {medians['classify:200']:.3f} ms/page")


if __name__ == "__main__":
    main()

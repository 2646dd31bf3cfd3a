"""API throughput: ten years of daily captures of one catalogue, then load on two hot routes.

Writes the history through `Store.record_check`, serves the real app with uvicorn in a child
process on 127.0.0.1, and drives it with an async httpx load generator. A bare FastAPI route on
the same server is the baseline; ratios are printed against it. Runs in well under two minutes.

    .venv/bin/python -m bench.api [--days 3650] [--change-every 2] [--seconds 5] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import socket
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

from diffing.describe import describe
from diffing.document import content_hash, diff_documents
from diffing.gates import PASSED
from diffing.headline import headline
from scraper.records import (
    Catalogue,
    DecodedText,
    DocumentMeta,
    FetchResult,
    Outcome,
    ParsedDocument,
    Source,
    SourceKind,
    Trade,
)
from store.records import CheckRecord, EventDraft, NewVersion, SeenAgain, VersionStatus
from store.store import Store

SOURCE = Source(
    id="skill", url="https://rsj.sh.gov.cn/skill.html", kind=SourceKind.CATALOGUE, name="技能目录"
)
START = date(2016, 1, 1)
TRADES = 40


def document(day: date, names: list[str]) -> ParsedDocument:
    return ParsedDocument(
        source_id=SOURCE.id,
        url=SOURCE.url,
        parser="catalogue_table",
        parser_version=1,
        meta=DocumentMeta(title=f"{day.year}年技能目录", published_on=day, effective_on=day),
        main_text="\n".join(names),
        catalogue=Catalogue(title="技能目录", trades=tuple(Trade(n) for n in names)),
    )


def capture(day: date, doc: ParsedDocument, base: tuple[int, ParsedDocument] | None) -> CheckRecord:
    at = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
    body = ("<table>" + doc.main_text + "</table>").encode()
    fetch = FetchResult(
        source_id=SOURCE.id,
        requested_url=SOURCE.url,
        outcome=Outcome.OK,
        started_at=at,
        elapsed_seconds=0.3,
        final_url=SOURCE.url,
        status=200,
        headers=(("Content-Type", "text/html; charset=utf-8"),),
        body=body,
    )
    diff = diff_documents(base[1], doc) if base else None
    event = None
    if diff is not None and base is not None:
        items = describe(diff)
        title, summary = headline(SOURCE.label, items)
        event = EventDraft(diff.classification, title, summary, items, base[0], diff.text_diff)
    return CheckRecord(
        fetch=fetch,
        decoded=DecodedText(body.decode(), "utf-8", "header"),
        gate=PASSED,
        version=NewVersion(
            doc, content_hash(doc), VersionStatus.PUBLISHED, base[0] if base else None, diff
        ),
        event=event,
    )


def seen_again(day: date, version_id: int, doc: ParsedDocument) -> CheckRecord:
    record = capture(day, doc, None)
    return CheckRecord(fetch=record.fetch, decoded=record.decoded, version=SeenAgain(version_id))


def build_history(url: str, days: int, change_every: int) -> tuple[int, int]:
    """A capture a day; every `change_every` days one trade added, one dropped, an event."""
    store = Store(url)
    store.upsert_sources([SOURCE])
    names = [f"工种{i:04d}" for i in range(TRADES)]
    base: tuple[int, ParsedDocument] | None = None
    versions = events = 0
    for offset in range(days):
        day = START + timedelta(days=offset)
        if base is not None and offset % change_every:
            store.record_check(seen_again(day, *base))
            continue
        names = [*names[1:], f"工种{TRADES + offset:05d}"]
        doc = document(day, names)
        outcome = store.record_check(capture(day, doc, base))
        assert outcome.version_id is not None
        base = (outcome.version_id, doc)
        versions += 1
        events += outcome.event_id is not None
    store.close()
    return versions, events


def serve(url: str, port: int) -> None:
    """Child process: the real app plus a constant route for the baseline."""
    import uvicorn

    from service.http.app import create_app
    from service.settings import Settings

    store = Store(url)
    settings = Settings(database_url=url, sources_path=Path("sources.toml"))
    app = create_app(settings=settings, store=store, sources=[SOURCE])

    def constant() -> dict[str, str]:
        return {"status": "ok"}

    app.add_api_route("/bench/constant", constant)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


@dataclass(frozen=True)
class Result:
    name: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


async def load(base: str, name: str, paths: list[str], seconds: float, concurrency: int) -> Result:
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker(seed: int) -> None:
            nonlocal errors
            rng = random.Random(seed)
            while time.perf_counter() < stop:
                began = time.perf_counter()
                response = await client.get(rng.choice(paths))
                latencies.append(time.perf_counter() - began)
                errors += response.status_code != 200

        began = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(concurrency)))
        elapsed = time.perf_counter() - began
    quantiles = statistics.quantiles(latencies, n=100)
    return Result(name, len(latencies), elapsed, quantiles[49] * 1e3, quantiles[98] * 1e3, errors)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_ready(base: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"the server at {base} did not answer /healthz within 30 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--change-every", type=int, default=2, help="days between versions")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jifen-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        began = time.perf_counter()
        versions, events = build_history(url, args.days, args.change_every)
        print(
            f"history: {args.days} daily captures, {versions} versions, {events} change events, "
            f"written in {time.perf_counter() - began:.1f} s"
        )
        port = free_port()
        child = multiprocessing.get_context("spawn").Process(target=serve, args=(url, port))
        child.start()
        try:
            base = f"http://127.0.0.1:{port}"
            wait_ready(base)
            days = [START + timedelta(days=d) for d in range(0, args.days, 7)]
            runs = {
                "baseline GET /bench/constant": ["/bench/constant"],
                "GET /v1/catalogues/skill?as_of=": [
                    f"/v1/catalogues/skill?as_of={d}" for d in days
                ],
                "GET /feeds/changes.atom": ["/feeds/changes.atom"],
            }
            results = [
                asyncio.run(load(base, name, paths, args.seconds, args.concurrency))
                for name, paths in runs.items()
            ]
        finally:
            child.terminate()
            child.join(10)
    baseline = results[0]
    print(
        f"{'route':34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'rps vs base':>11}"
    )
    for r in results:
        print(
            f"{r.name:34} {r.rps:9.0f} {r.p50_ms:8.1f} {r.p99_ms:8.1f} {r.errors:6d} "
            f"{r.rps / baseline.rps:11.2f}"
        )


if __name__ == "__main__":
    main()

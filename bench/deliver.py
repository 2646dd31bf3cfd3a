"""Delivery throughput: 10,000 queued notices sent to a webhook receiver on 127.0.0.1, beside
the time the receiver alone needs for as many POSTs from a bare client (same run, same
concurrency). jifen's figure includes the fan-out, claims, rendering, signing and the log.

    .venv/bin/python -m bench deliver [--notices 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.request import urlopen

import aiohttp

from diffing.describe import describe, headline
from diffing.document import content_hash, diff_documents
from notify.records import DeliveryConfig
from notify.worker import Deliverer, make_session
from scraper.outbound import OutboundPolicy
from scraper.records import (
    Catalogue,
    DocumentMeta,
    FetchResult,
    Outcome,
    ParsedDocument,
    Source,
    SourceKind,
    Trade,
)
from store.notify_records import Channel, NewSubscription
from store.records import CheckRecord, EventDraft, NewVersion, VersionStatus
from store.store import Store

SOURCE = Source(
    id="skill", url="https://rsj.sh.gov.cn/skill.html", kind=SourceKind.CATALOGUE, name="技能目录"
)
CONCURRENCY = 32


def start_receiver(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port_file = workdir / "receiver-port"
    proc = subprocess.Popen([sys.executable, "-m", "bench.receiver", str(port_file)])
    deadline = time.monotonic() + 30
    while not port_file.exists() or not port_file.read_text():
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise RuntimeError("benchmark receiver did not start")
        time.sleep(0.05)
    return proc, f"http://127.0.0.1:{port_file.read_text()}"


def received(base: str) -> int:
    with urlopen(f"{base}/count", timeout=10) as answer:
        return int(json.loads(answer.read())["count"])


async def receiver_alone(url: str, notices: int, body: bytes) -> float:
    """The floor: as many POSTs of a fixed body from a bare aiohttp client, same concurrency."""
    gate = asyncio.Semaphore(CONCURRENCY)
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one() -> None:
            async with gate, session.post(url, data=body) as answer:
                answer.raise_for_status()
                await answer.read()

        start = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(notices)))
        return time.perf_counter() - start


def document(step: int) -> ParsedDocument:
    names = ["车工", "钳工", f"新工种{step}"]
    return ParsedDocument(
        source_id=SOURCE.id,
        url=SOURCE.url,
        parser="catalogue_table",
        parser_version=1,
        meta=DocumentMeta(title="技能目录", doc_number=f"沪人社规〔2026〕{step}号"),
        main_text="\n".join(names),
        catalogue=Catalogue(title="技能目录", trades=tuple(Trade(n) for n in names)),
    )


def capture(step: int, doc: ParsedDocument, base: tuple[int, ParsedDocument] | None) -> CheckRecord:
    event = None
    diff = diff_documents(base[1], doc) if base else None
    if diff is not None and base is not None:
        items = describe(diff)
        title, summary = headline(SOURCE.label, items)
        event = EventDraft(diff.classification, title, summary, items, base[0])
    fetch = FetchResult(
        source_id=SOURCE.id,
        requested_url=SOURCE.url,
        outcome=Outcome.OK,
        started_at=datetime(2026, 1, 1, tzinfo=UTC).replace(microsecond=step),
        elapsed_seconds=0.1,
        final_url=SOURCE.url,
        status=200,
        headers=(("Content-Type", "text/html; charset=utf-8"),),
        body=doc.main_text.encode(),
    )
    version = NewVersion(
        doc, content_hash(doc), VersionStatus.PUBLISHED, base[0] if base else None, diff=diff
    )
    return CheckRecord(fetch=fetch, gate="pass", version=version, event=event)


def queue(store: Store, url: str, notices: int, subscribers: int) -> None:
    """`notices / subscribers` changes, each for `subscribers` webhook subscriptions."""
    store.upsert_sources([SOURCE])
    past = datetime(2020, 1, 1, tzinfo=UTC)
    for _ in range(subscribers):
        store.notify.subscribe(NewSubscription(Channel.WEBHOOK, url, secret="k"), past)
    base: tuple[int, ParsedDocument] | None = None
    for step in range(notices // subscribers + 1):
        doc = document(step)
        version_id = store.record_check(capture(step, doc, base)).version_id
        assert version_id is not None
        base = (version_id, doc)


async def jifen(store: Store) -> float:
    """Seconds of one `deliver_due`: fan-out, claims, rendering, signing, sending, the log."""
    config = DeliveryConfig(
        public_url="http://jifen.test",
        outbound=OutboundPolicy.allowing("127.0.0.1"),
        concurrency=CONCURRENCY,
    )
    async with make_session(config) as session:
        deliverer = Deliverer(store, config, session)
        start = time.perf_counter()
        report = await deliverer.deliver_due()
        total = time.perf_counter() - start
    if report.sent != report.fanned_out:
        raise RuntimeError(f"not every notice was sent: {report.line()}")
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--subscribers", type=int, default=100, help="webhooks per change")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="jifen-deliver-") as tmp:
        workdir = Path(tmp)
        proc, base = start_receiver(workdir)
        try:
            store = Store(f"sqlite:///{workdir / 'jifen.db'}")
            queue(store, f"{base}/hook", args.notices, args.subscribers)
            body = json.dumps({"id": 1, "items": [{"subject": "焊工"}] * 3}).encode() * 4
            floor = asyncio.run(receiver_alone(f"{base}/hook", args.notices, body))
            before = received(base)
            ours = asyncio.run(jifen(store))
            delivered = received(base) - before
            store.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(
        f"deliver N={args.notices}: jifen {ours:.2f}s ({args.notices / ours:,.0f}/s, "
        f"{delivered} received)   receiver alone {floor:.2f}s ({args.notices / floor:,.0f}/s)   "
        f"ratio {ours / floor:.2f}x"
    )


if __name__ == "__main__":
    main()

"""`python -m bench.health`: what source health costs at N sources as their history grows.

Every feed, page, `/v1/sources`, `/healthz` and `/metrics` request reads the health of all
sources (`Store.all_health`). On SQLite in a temp dir, N sources get `--history` checks each
(mostly 304s, some failures, written through `Store.record_checks` as cycles write them), then
`all_health` is timed against two yardsticks measured in the same run on the same database:
reading the source table (what any answer listing every source must do) and counting every
source's attempts (what health cost before the tallies of migration 0011). Figures are medians
of --repeat reads; the ratios are what to compare across machines.

    .venv/bin/python -m bench.health [--sources 1000] [--history 3 100]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from scraper.records import FetchResult, Outcome, Source, SourceKind
from store.records import CheckRecord
from store.store import Store

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
# A cycle's outcomes: mostly unchanged pages, now and then a failure or a new capture.
CYCLE = (Outcome.NOT_MODIFIED,) * 7 + (Outcome.TRANSIENT_ERROR, Outcome.OK, Outcome.BLOCKED)
READ_SOURCES = "SELECT id, name, url, kind FROM source ORDER BY id"
COUNT_HISTORY = (
    "SELECT source_id, count(*), max(id), "
    "count(CASE WHEN outcome IN ('ok', 'not_modified') THEN 1 END) "
    "FROM fetch_attempt GROUP BY source_id ORDER BY source_id"
)


def _sources(count: int) -> list[Source]:
    return [
        Source(id=f"s{i:05d}", url=f"http://127.0.0.1/p/{i}.html", kind=SourceKind.CATALOGUE)
        for i in range(count)
    ]


def _cycle(sources: list[Source], cycle: int) -> list[CheckRecord]:
    at = T0 + timedelta(hours=cycle)
    return [
        CheckRecord(
            fetch=FetchResult(
                source_id=s.id,
                requested_url=s.url,
                outcome=CYCLE[(cycle + n) % len(CYCLE)],
                started_at=at,
                elapsed_seconds=0.01,
                final_url=s.url,
                detail=f"cycle {cycle}",
            )
        )
        for n, s in enumerate(sources)
    ]


def _median_ms(read: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        read()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(sources: int, history: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as directory:
        store = Store(f"sqlite:///{Path(directory) / 'jifen.db'}")
        listed = _sources(sources)
        store.upsert_sources(listed)
        for cycle in range(history):
            store.record_checks(_cycle(listed, cycle))
        with store.engine.connect() as connection:
            figures = {
                "all_health_ms": _median_ms(store.all_health, repeat),
                "read_sources_ms": _median_ms(
                    lambda: connection.exec_driver_sql(READ_SOURCES).all(), repeat
                ),
                "count_history_ms": _median_ms(
                    lambda: connection.exec_driver_sql(COUNT_HISTORY).all(), repeat
                ),
                "attempts": float(connection.scalar(text("SELECT count(*) FROM fetch_attempt"))),
            }
        store.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--history", type=int, nargs="+", default=[3, 100])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    print(f"all_health at N = {args.sources} sources, SQLite, median of {args.repeat} reads\n")
    print(
        "| checks a source | attempts | all_health | read sources | count history "
        "| health / read sources | health / count history |"
    )
    print("|---|---|---|---|---|---|---|")
    for history in args.history:
        f = measure(args.sources, history, args.repeat)
        print(
            f"| {history} | {int(f['attempts'])} | {f['all_health_ms']:.1f} ms "
            f"| {f['read_sources_ms']:.1f} ms | {f['count_history_ms']:.1f} ms "
            f"| {f['all_health_ms'] / f['read_sources_ms']:.1f}× "
            f"| {f['all_health_ms'] / f['count_history_ms']:.2f}× |"
        )


if __name__ == "__main__":
    main()

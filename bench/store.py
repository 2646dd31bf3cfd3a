"""`python -m bench.store`: the store's share of a check cycle, on SQLite in a temp dir.

Realistic records (bench.pages pages of 60–200 trades, parsed and assessed by the pipeline's own
`assess_capture`) are written as one cycle would write them: a cold batch of new versions, a batch
of 304s, a changed batch (new version with base, diff and change event), then documents of
100 versions are read back. Each phase is compared with a plain-sqlite3 yardstick run in the same
process on the same rows (one executemany per table, values prepared beforehand), so the ratios
hold on a noisy machine. Figures are medians over --repeat rounds, each on a fresh database.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.pages import page_bytes
from scraper.records import FetchResult, Outcome, ParsedDocument, Source, SourceKind, Validators
from service.pipeline.assess import assess_capture, read_capture
from store.records import CheckRecord, NewVersion, SourceState
from store.store import Store

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
LOADED = 100  # documents read back per round


@dataclass(frozen=True, slots=True)
class Page:
    source: Source
    body: bytes
    content_type: str
    document: ParsedDocument


def _source(index: int) -> Source:
    return Source(
        id=f"s{index:05d}", url=f"http://127.0.0.1/p/{index}.html", kind=SourceKind.CATALOGUE
    )


def _page(index: int, revision: int) -> Page:
    source = _source(index)
    body, content_type = page_bytes(index, revision)
    reading = read_capture(source, _fetch(source, body, content_type, T0))
    assert reading.document is not None, reading.error
    return Page(source, body, content_type, reading.document)


def _fetch(source: Source, body: bytes, content_type: str, at: datetime) -> FetchResult:
    status, outcome = (200, Outcome.OK) if body else (304, Outcome.NOT_MODIFIED)
    return FetchResult(
        source_id=source.id,
        requested_url=source.url,
        outcome=outcome,
        started_at=at,
        elapsed_seconds=0.01,
        final_url=source.url,
        status=status,
        headers=(("Content-Type", content_type), ("ETag", f'"{hash(body)}"')),
        body=body,
    )


def _assessed(
    page: Page, at: datetime, state: SourceState, load: Callable[[int], ParsedDocument]
) -> CheckRecord:
    fetch = _fetch(page.source, page.body, page.content_type, at)
    return assess_capture(page.source, fetch, state, load, document=page.document)


def _empty(source_id: str) -> SourceState:
    return SourceState(source_id, Validators(), None, None, None)


def _loader(store: Store) -> Callable[[int], ParsedDocument]:
    def load(version_id: int) -> ParsedDocument:
        found = store.version(version_id)
        assert found is not None
        return found.document

    return load


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _documents(store: Store, ids: Sequence[int]) -> object:
    batch = getattr(store, "documents", None)
    if batch is not None:
        return batch(ids)
    return [store.version(i) for i in ids]


def one_round(workdir: Path, cold: list[Page], changed: list[Page]) -> dict[str, float]:
    store = Store(f"sqlite:///{workdir / 'jifen.db'}")
    store.upsert_sources(page.source for page in cold)
    n = len(cold)
    first = [_assessed(p, T0, _empty(p.source.id), _loader(store)) for p in cold]
    assert all(isinstance(r.version, NewVersion) for r in first)
    result = {"cold": _timed(lambda: store.record_checks(first)) / n}
    later = T0 + timedelta(hours=1)
    unchanged = [CheckRecord(fetch=_fetch(p.source, b"", p.content_type, later)) for p in cold]
    result["not_modified"] = _timed(lambda: store.record_checks(unchanged)) / n
    ids = [p.source.id for p in cold]
    result["states"] = _timed(lambda: store.states(ids)) / n
    states = store.states(ids)
    at = T0 + timedelta(hours=2)
    second = [_assessed(p, at, states[p.source.id], _loader(store)) for p in changed]
    assert all(r.event is not None for r in second), "every revised page is a change"
    result["changed"] = _timed(lambda: store.record_checks(second)) / len(second)
    versions = [state.published.id for state in states.values() if state.published][:LOADED]
    result["load"] = _timed(lambda: _documents(store, versions)) / len(versions)
    result["load_one_by_one"] = _timed(lambda: [store.version(i) for i in versions]) / LOADED
    store.close()
    return result


def yardstick(workdir: Path, cold: list[Page]) -> dict[str, float]:
    """The same rows through plain sqlite3: one executemany per table, values made beforehand."""
    db = sqlite3.connect(workdir / "plain.db", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE v (id INTEGER PRIMARY KEY, source_id TEXT, document TEXT)")
    db.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, source_id TEXT, outcome TEXT)")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, version_id INT, name TEXT)")
    texts = [json.dumps(_plain(p.document), ensure_ascii=False) for p in cold]
    versions = [
        (i + 1, p.source.id, text) for i, (p, text) in enumerate(zip(cold, texts, strict=True))
    ]
    trades = [
        (i + 1, trade.name)
        for i, p in enumerate(cold)
        for trade in (p.document.catalogue.trades if p.document.catalogue else ())
    ]
    attempts = [(p.source.id, "not_modified") for p in cold]

    def write(statements: list[tuple[str, list[tuple[object, ...]]]]) -> None:
        db.execute("BEGIN IMMEDIATE")
        for sql, rows in statements:
            db.executemany(sql, rows)
        db.execute("COMMIT")

    n = len(cold)
    result = {
        "cold": _timed(
            lambda: write(
                [
                    ("INSERT INTO a (source_id, outcome) VALUES (?, ?)", attempts),
                    ("INSERT INTO v VALUES (?, ?, ?)", versions),
                    ("INSERT INTO t (version_id, name) VALUES (?, ?)", trades),
                ]
            )
        )
        / n,
        "not_modified": _timed(
            lambda: write([("INSERT INTO a (source_id, outcome) VALUES (?, ?)", attempts)])
        )
        / n,
    }
    ids = [(i + 1,) for i in range(LOADED)]

    def load() -> None:
        for (text,) in db.execute(
            f"SELECT document FROM v WHERE id IN ({','.join('?' * len(ids))})",
            [i for (i,) in ids],
        ):
            json.loads(text)

    result["load"] = _timed(load) / LOADED
    db.close()
    return result


def _plain(document: ParsedDocument) -> object:
    return json.loads(json.dumps(asdict(document), default=str))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=250, help="checks per batch (250)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (median reported)")
    args = parser.parse_args()
    count = args.sources
    cold = [_page(i, 0) for i in range(count)]
    changed = [_page(i, 1) for i in range(count)]
    rounds, sticks = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            rounds.append(one_round(Path(tmp), cold, changed))
            sticks.append(yardstick(Path(tmp), cold))
    trades = sum(len(p.document.catalogue.trades) for p in cold if p.document.catalogue)
    print(f"{count} sources, {trades / count:.0f} trades per page, median of {args.repeat}")
    floor = {k: statistics.median(s[k] for s in sticks) for k in sticks[0]}
    for phase in rounds[0]:
        ours = statistics.median(r[phase] for r in rounds)
        base = floor.get(phase.removesuffix("_one_by_one").replace("changed", "cold"))
        base = base if phase != "states" else floor["not_modified"]
        print(
            f"{phase:<16} {ours * 1000:8.3f} ms/check   plain sqlite3 {base * 1000:7.3f} ms   "
            f"ratio {ours / base:6.1f}x"
        )


if __name__ == "__main__":
    main()

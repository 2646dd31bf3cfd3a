"""Bodies stored as zstd deltas against the source's previous capture: the exact bytes come back,
a changing visit counter costs bytes not a page, and a delta's base is never lost."""

from __future__ import annotations

import hashlib
import random
import zlib
from collections.abc import Callable

import pytest
from alembic import command
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from store.blobs import Base, BlobCodec, pack, unpack
from store.db import write_transaction
from store.migrate import alembic_config
from store.records import CheckRecord
from store.replay import stored_captures
from store.store import Store
from store.tables import ATTEMPT, BLOB, BLOB_DELTA, SNAPSHOT
from tests.store.builders import at, fetch, source

CHAINS = 200


def _page(rng: random.Random, size: int) -> bytes:
    words = ["电工", "焊工", "<td>", "</tr>", "积分", "目录", "\n", "<a href='/x'>", "2026"]
    return "".join(rng.choice(words) for _ in range(size // 4)).encode()


def _mutations(rng: random.Random) -> list[Callable[[bytes], bytes]]:
    return [
        lambda b: b.replace(b"2026", str(rng.randint(0, 99999)).encode(), 1),  # a counter
        lambda b: b + f"<p>浏览次数：{rng.randint(1, 10**6)}</p>".encode(),
        lambda b: b,  # the same body again
        lambda b: _page(rng, rng.randint(0, 30_000)),  # another page altogether
        lambda b: b[: rng.randint(0, len(b))],  # cut short
        lambda b: rng.randbytes(rng.randint(1, 5000)),  # binary, incompressible
        lambda b: b[len(b) // 2 :] + b[: len(b) // 2],  # moved around
    ]


def _blob_bytes(store: Store) -> int:
    with store.engine.connect() as connection:
        return int(connection.scalar(select(func.sum(func.length(BLOB.c.data)))) or 0)


def _deltas(store: Store) -> int:
    with store.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(BLOB_DELTA)) or 0)


def test_hundreds_of_random_chains_read_back_byte_for_byte(store: Store) -> None:
    rng = random.Random(15)
    mutations = _mutations(rng)
    ids = [f"chain-{i}" for i in range(CHAINS)]
    store.upsert_sources([source(i) for i in ids])
    bodies = {i: _page(rng, rng.randint(1, 20_000)) for i in ids}
    kept: dict[str, bytes] = {}
    for cycle in range(6):
        records = []
        for source_id in rng.sample(ids, len(ids)):  # a cycle writes its sources in any order
            bodies[source_id] = rng.choice(mutations)(bodies[source_id]) or b"x"
            records.append(
                CheckRecord(fetch=fetch(source_id, body=bodies[source_id], started_at=at(cycle)))
            )
        for start in range(0, len(records), 97):  # batches of the pipeline's kind
            for record, outcome in zip(
                records[start : start + 97],
                store.record_checks(records[start : start + 97]),
                strict=True,
            ):
                assert outcome.snapshot_sha256 == hashlib.sha256(record.fetch.body).hexdigest()
                kept[outcome.snapshot_sha256] = record.fetch.body
    for sha, body in kept.items():
        assert store.snapshot_body(sha) == body
    with store.engine.connect() as connection:
        for source_id in ids[:20]:  # a replay reads the same bytes
            for capture in stored_captures(connection, source_id):
                assert capture.fetch.body == kept[capture.sha256 or ""]
    assert 0 < _deltas(store) < len(kept)  # both kinds were stored


def test_a_page_whose_counter_changes_adds_well_under_1kb_a_check(store: Store) -> None:
    store.upsert_sources([source()])
    rng = random.Random(2)
    page = _page(rng, 10_000)
    stored = []
    for check in range(50):
        body = page + f'<div class="footer">浏览次数：{1000 + check * 7}</div>'.encode()
        store.record_check(CheckRecord(fetch=fetch(body=body, started_at=at(check))))
        stored.append(_blob_bytes(store))
    per_check = (stored[-1] - stored[0]) / (len(stored) - 1)
    assert stored[0] > 2000  # the first capture is a whole page
    assert per_check < 100  # each later one is a few dozen bytes, not another page
    assert _deltas(store) == 49


def test_a_delta_base_cannot_be_deleted_while_a_delta_needs_it(store: Store) -> None:
    store.upsert_sources([source()])
    page = _page(random.Random(3), 8000)
    base = store.record_check(CheckRecord(fetch=fetch(body=page, started_at=at(0))))
    delta = store.record_check(CheckRecord(fetch=fetch(body=page + b"1", started_at=at(1))))
    assert base.snapshot_sha256 and delta.snapshot_sha256
    with store.engine.connect() as connection:
        assert connection.execute(select(BLOB_DELTA)).all() == [
            (delta.snapshot_sha256, base.snapshot_sha256)
        ]
    with pytest.raises(IntegrityError), write_transaction(store.engine) as connection:
        # Nothing but the delta refers to the base once its attempt and snapshot are gone.
        connection.execute(delete(ATTEMPT).where(ATTEMPT.c.snapshot_sha256 == base.snapshot_sha256))
        connection.execute(delete(SNAPSHOT).where(SNAPSHOT.c.sha256 == base.snapshot_sha256))
        connection.execute(delete(BLOB).where(BLOB.c.sha256 == base.snapshot_sha256))
    assert store.snapshot_body(delta.snapshot_sha256) == page + b"1"


def test_downgrading_stores_deltas_whole_and_upgrading_reads_them_all(store: Store) -> None:
    store.upsert_sources([source()])
    page = _page(random.Random(4), 6000)
    bodies = [page + str(n).encode() for n in range(5)]
    shas = [
        store.record_check(CheckRecord(fetch=fetch(body=b, started_at=at(n)))).snapshot_sha256
        for n, b in enumerate(bodies)
    ]
    assert _deltas(store) == 4
    with write_transaction(store.engine) as connection:
        command.downgrade(alembic_config(connection), "0009_notify")
    with store.engine.connect() as connection:  # what the code before deltas reads
        for sha, body in zip(shas, bodies, strict=True):
            data = connection.scalar(select(BLOB.c.data).where(BLOB.c.sha256 == sha))
            assert zlib.decompress(data) == body
    store.migrate()
    assert [store.snapshot_body(sha or "") for sha in shas] == bodies
    later = store.record_check(CheckRecord(fetch=fetch(body=page + b"5", started_at=at(9))))
    assert store.snapshot_body(later.snapshot_sha256 or "") == page + b"5"
    assert _deltas(store) == 1  # against the newest capture, now whole


@given(base=st.binary(max_size=3000), body=st.binary(max_size=3000))
def test_any_body_packed_against_any_base_unpacks_to_itself(base: bytes, body: bytes) -> None:
    sha = hashlib.sha256(body).hexdigest()
    packed = pack(sha, body, Base(hashlib.sha256(base).hexdigest(), base))
    base_body = base if packed.codec is BlobCodec.ZSTD_DELTA else None
    assert unpack(sha, packed.data, base_body) == body
    assert len(packed.data) <= len(zlib.compress(body, 1))

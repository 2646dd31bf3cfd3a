"""Attempts, raw blobs and snapshots: evidence kept once, every attempt counted."""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update

from scraper.records import DecidedBy, DecodedText, Outcome
from store.errors import CorruptBlob, StoreError
from store.records import CheckRecord
from store.store import Store
from store.tables import ATTEMPT, BLOB, SNAPSHOT
from tests.store.builders import at, document, fetch, new_version_check, source

PAGE = "<html><body><table><tr><td>电工</td></tr></table></body></html>".encode()


def _count(store: Store, table: object) -> int:
    with store.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(table)) or 0)  # type: ignore[arg-type]


@pytest.fixture
def opened(store: Store) -> Store:
    store.upsert_sources([source()])
    return store


def test_identical_bodies_are_stored_once_and_unchanged_fetches_add_one_attempt(
    opened: Store,
) -> None:
    first = opened.record_check(CheckRecord(fetch=fetch(body=PAGE, started_at=at(0))))
    again = opened.record_check(CheckRecord(fetch=fetch(body=PAGE, started_at=at(1))))
    not_modified = opened.record_check(
        CheckRecord(fetch=fetch(outcome=Outcome.NOT_MODIFIED, started_at=at(2)))
    )

    assert first.snapshot_sha256 == again.snapshot_sha256 == hashlib.sha256(PAGE).hexdigest()
    assert not_modified.snapshot_sha256 is None
    assert len({first.attempt_id, again.attempt_id, not_modified.attempt_id}) == 3
    assert (_count(opened, ATTEMPT), _count(opened, BLOB), _count(opened, SNAPSHOT)) == (3, 1, 1)


def test_snapshot_keeps_raw_bytes_headers_and_decoding_of_first_capture(opened: Store) -> None:
    decoded = DecodedText(
        text="电工", encoding="gb18030", decided_by=DecidedBy.META, replacement_count=0
    )
    gbk = "电工 目录".encode("gb18030")
    outcome = opened.record_check(
        CheckRecord(fetch=fetch(body=gbk, started_at=at(0), etag='"v1"'), decoded=decoded)
    )
    assert outcome.snapshot_sha256 is not None

    info = opened.snapshot(outcome.snapshot_sha256)
    assert info is not None
    assert info.source_id == "skill-catalogue"
    assert info.size_bytes == len(gbk)
    assert info.encoding == "gb18030" and info.decided_by == "meta"
    assert info.headers == (("Content-Type", "text/html; charset=utf-8"), ("ETag", '"v1"'))
    assert info.fetched_at == at(0) and info.fetched_at.tzinfo is UTC
    assert opened.snapshot_body(outcome.snapshot_sha256) == gbk


def test_unknown_snapshot_is_none(opened: Store) -> None:
    assert opened.snapshot("0" * 64) is None
    assert opened.snapshot_body("0" * 64) is None


def test_a_blob_that_no_longer_matches_its_sha_raises_corrupt_blob(opened: Store) -> None:
    sha = opened.record_check(CheckRecord(fetch=fetch(body=PAGE))).snapshot_sha256
    assert sha is not None
    with opened.engine.begin() as connection:
        connection.execute(
            update(BLOB).where(BLOB.c.sha256 == sha).values(data=zlib.compress(PAGE + b"x"))
        )
    with pytest.raises(CorruptBlob, match=sha):
        opened.snapshot_body(sha)


def test_nul_in_scraped_text_is_stored_without_crashing_and_raw_bytes_keep_it(
    opened: Store,
) -> None:
    body = b"<p>\x00\xe7\x94\xb5\xe5\xb7\xa5</p>"
    record = CheckRecord(
        fetch=fetch(body=body, detail="suspect:\x00nul"),
        decoded=DecodedText(text="\x00电工", encoding="utf-8", decided_by=DecidedBy.HEADER),
        parse_error="no table\x00 found",
    )
    outcome = opened.record_check(record)
    assert outcome.snapshot_sha256 is not None
    assert opened.snapshot_body(outcome.snapshot_sha256) == body
    assert opened.health("skill-catalogue").last_detail == "suspect:nul"


def test_check_of_unknown_source_is_refused_with_a_hint(opened: Store) -> None:
    with pytest.raises(StoreError, match="upsert_sources"):
        opened.record_check(CheckRecord(fetch=fetch("nobody")))
    assert _count(opened, ATTEMPT) == 0


def test_batch_returns_outcomes_in_order_and_writes_all(opened: Store) -> None:
    opened.upsert_sources([source("other")])
    records = [
        CheckRecord(fetch=fetch(outcome=Outcome.NOT_MODIFIED, started_at=at(1))),
        CheckRecord(fetch=fetch("other", body=PAGE, started_at=at(1))),
        CheckRecord(fetch=fetch(outcome=Outcome.TRANSIENT_ERROR, detail="http_503")),
    ]
    outcomes = opened.record_checks(records)
    assert [o.outcome for o in outcomes] == [r.fetch.outcome for r in records]
    assert outcomes[0].attempt_id < outcomes[1].attempt_id < outcomes[2].attempt_id
    assert outcomes[1].snapshot_sha256 == hashlib.sha256(PAGE).hexdigest()
    assert opened.record_checks([]) == []


def test_each_outcome_names_the_attempt_row_of_its_own_check(opened: Store) -> None:
    names = [f"s{i}" for i in range(30)]
    opened.upsert_sources([source(name) for name in names])
    records = [
        CheckRecord(fetch=fetch(name, outcome=Outcome.TRANSIENT_ERROR, detail=f"http_{500 + i}"))
        for i, name in enumerate(names)
    ]
    outcomes = opened.record_checks(list(reversed(records)))
    with opened.engine.connect() as connection:
        rows = connection.execute(select(ATTEMPT.c.id, ATTEMPT.c.source_id, ATTEMPT.c.detail))
        written = {int(row.id): (row.source_id, row.detail) for row in rows}
    for record, outcome in zip(reversed(records), outcomes, strict=True):
        assert written[outcome.attempt_id] == (record.fetch.source_id, record.fetch.detail)


def test_naive_timestamps_are_refused(opened: Store) -> None:
    naive = fetch(started_at=at(0).replace(tzinfo=None))
    with pytest.raises(Exception, match="no timezone"):
        opened.record_check(CheckRecord(fetch=naive))
    assert _count(opened, ATTEMPT) == 0


def test_has_capture_recognises_an_imported_capture_by_sha_and_time(opened: Store) -> None:
    record = CheckRecord(fetch=fetch(body=PAGE, started_at=at(9)), observed_at=at(-1000))
    sha = opened.record_check(record).snapshot_sha256
    assert sha is not None
    assert opened.has_capture("skill-catalogue", sha, at(-1000))
    assert not opened.has_capture("skill-catalogue", sha, at(9))
    assert not opened.has_capture("other", sha, at(-1000))
    assert opened.snapshot(sha).fetched_at == at(-1000)  # type: ignore[union-attr]


def test_validators_come_from_the_last_ok_capture(opened: Store) -> None:
    opened.record_checks(
        [
            CheckRecord(fetch=fetch(body=PAGE, etag='"a"', started_at=at(0))),
            CheckRecord(fetch=fetch(body=PAGE + b"!", etag='"b"', started_at=at(1))),
            CheckRecord(fetch=fetch(outcome=Outcome.TRANSIENT_ERROR, etag='"junk"')),
        ]
    )
    assert opened.states(["skill-catalogue"])["skill-catalogue"].validators.etag == '"b"'
    state = opened.states(["skill-catalogue"])["skill-catalogue"]
    assert state.last_snapshot_sha256 == hashlib.sha256(PAGE + b"!").hexdigest()


def test_upserting_sources_updates_their_name_and_url(opened: Store) -> None:
    renamed = replace(source(), url="https://example.gov.cn/new", name="新名")
    opened.upsert_sources([renamed, source("second")])
    opened.record_check(CheckRecord(fetch=fetch("second")))
    outcome = opened.record_check(new_version_check(document(), base=None))
    event = opened.change(outcome.event_id or 0)
    assert event is not None and event.source_name == "新名"
    assert opened.health("second").checks == 1


def test_timestamps_in_other_zones_come_back_as_the_same_instant_in_utc(opened: Store) -> None:
    shanghai = timezone(timedelta(hours=8))
    local = datetime(2026, 3, 1, 16, 0, tzinfo=shanghai)
    opened.record_check(CheckRecord(fetch=fetch(outcome=Outcome.NOT_MODIFIED, started_at=local)))
    checked = opened.health("skill-catalogue").last_check_at
    assert checked == local and checked is not None and checked.tzinfo is UTC
    assert checked.hour == 8

"""Version actions and the queries over versions: new, no-op, stale base, quarantine, timelines."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date

import pytest

from scraper.records import DecidedBy, DecodedText, Outcome
from store.db import write_transaction
from store.errors import StaleBase, StoreError
from store.records import CheckRecord, NewVersion, Promote, Reject, SeenAgain, VersionStatus
from store.store import Store
from store.tables import BLOB
from store.versioning import add_version
from tests.store.builders import (
    T0,
    at,
    content_hash,
    document,
    fetch,
    new_version_check,
    source,
    trade,
)

SRC = "skill-catalogue"
V1 = document(trades=(trade("电工"), trade("焊工")), published_on=date(2025, 1, 10))
V2 = document(
    trades=(trade("电工"),), published_on=date(2025, 6, 1), doc_number="沪人社〔2025〕9号"
)


@pytest.fixture
def opened(store: Store) -> Store:
    store.upsert_sources([source()])
    return store


def _publish(store: Store, doc: object, base: int | None, hours: float) -> int:
    outcome = store.record_check(new_version_check(doc, base=base, started_at=at(hours)))  # type: ignore[arg-type]
    assert outcome.version_id is not None
    return outcome.version_id


def test_new_version_is_stored_with_its_document_and_event(opened: Store) -> None:
    outcome = opened.record_check(new_version_check(V1, base=None))
    assert outcome.version_id is not None and outcome.event_id is not None

    stored = opened.latest_version(SRC)
    assert stored is not None
    assert stored.id == outcome.version_id
    assert stored.document == V1
    assert stored.status is VersionStatus.PUBLISHED
    assert stored.observed_at == T0 and stored.observed_at.tzinfo is UTC
    assert stored.snapshot_sha256 == outcome.snapshot_sha256
    assert opened.version(outcome.version_id) == stored

    event = opened.change(outcome.event_id)
    assert event is not None
    assert (event.to_version_id, event.from_version_id) == (outcome.version_id, None)
    assert event.evidence_sha256 == outcome.snapshot_sha256
    assert event.published_on == date(2025, 1, 10)
    assert event.source_name == "目录 skill-catalogue"


def test_recording_the_same_content_again_is_a_no_op(opened: Store) -> None:
    first = opened.record_check(new_version_check(V1, base=None, started_at=at(0)))
    again = opened.record_check(new_version_check(V1, base=first.version_id, started_at=at(1)))
    assert again.version_id == first.version_id
    assert again.event_id == first.event_id
    assert len(opened.versions(SRC)) == 1
    assert len(opened.changes()) == 1


def test_new_version_against_an_outdated_base_raises_stale_base(opened: Store) -> None:
    v1 = _publish(opened, V1, None, 0)
    v2 = _publish(opened, V2, v1, 1)
    v3 = document(trades=(trade("钳工"),))
    with pytest.raises(StaleBase) as raised:
        opened.record_check(new_version_check(v3, base=v1, started_at=at(2)))
    assert raised.value.heads == (v2,)
    with pytest.raises(StaleBase):
        opened.record_check(new_version_check(v3, base=None, started_at=at(2)))
    # the failed check left nothing behind
    assert opened.health(SRC).checks == 2
    assert [v.id for v in opened.versions(SRC)] == [v2, v1]


def test_seen_again_moves_last_seen_only(opened: Store) -> None:
    v1 = _publish(opened, V1, None, 0)
    body = repr(V1).encode()
    outcome = opened.record_check(
        CheckRecord(fetch=fetch(body=body, started_at=at(5)), version=SeenAgain(v1))
    )
    assert outcome.version_id == v1
    stored = opened.version(v1)
    assert stored is not None
    assert (stored.observed_at, stored.last_seen_at) == (at(0), at(5))


def test_quarantined_version_is_pending_until_promoted(opened: Store) -> None:
    v1 = _publish(opened, V1, None, 0)
    drastic = opened.record_check(
        new_version_check(V2, base=v1, started_at=at(1), status=VersionStatus.QUARANTINED)
    )
    assert drastic.event_id is None
    assert opened.latest_version(SRC) is not None
    assert opened.latest_version(SRC).id == v1  # type: ignore[union-attr]
    pending = opened.pending_version(SRC)
    assert pending is not None and pending.id == drastic.version_id
    state = opened.states([SRC])[SRC]
    assert state.published is not None and state.published.id == v1
    assert state.pending is not None and state.pending.status is VersionStatus.QUARANTINED

    confirm = new_version_check(V2, base=v1, started_at=at(2))
    promoted = opened.record_check(
        CheckRecord(
            fetch=confirm.fetch, version=Promote(drastic.version_id or 0), event=confirm.event
        )
    )
    assert promoted.version_id == drastic.version_id and promoted.event_id is not None
    latest = opened.latest_version(SRC)
    assert latest is not None and latest.id == drastic.version_id
    assert latest.observed_at == at(1)  # the first sighting, not the confirmation
    assert opened.pending_version(SRC) is None


def test_rejected_version_never_becomes_the_head(opened: Store) -> None:
    v1 = _publish(opened, V1, None, 0)
    drastic = opened.record_check(
        new_version_check(V2, base=v1, started_at=at(1), status=VersionStatus.QUARANTINED)
    )
    assert drastic.version_id is not None
    opened.record_check(
        CheckRecord(
            fetch=fetch(body=repr(V1).encode(), started_at=at(2)),
            version=Reject(drastic.version_id),
        )
    )
    assert opened.pending_version(SRC) is None
    assert opened.latest_version(SRC).id == v1  # type: ignore[union-attr]
    assert {v.status for v in opened.versions(SRC)} == {
        VersionStatus.PUBLISHED,
        VersionStatus.REJECTED,
    }
    with pytest.raises(StoreError, match="only a quarantined version"):
        opened.record_check(
            CheckRecord(fetch=fetch(started_at=at(3)), version=Promote(drastic.version_id))
        )


def test_event_without_a_version_is_refused(opened: Store) -> None:
    check = new_version_check(V1, base=None)
    with pytest.raises(StoreError, match="needs a new or promoted version"):
        opened.record_check(CheckRecord(fetch=check.fetch, event=check.event))
    assert opened.health(SRC).checks == 0


def test_version_as_of_follows_the_chosen_timeline(opened: Store) -> None:
    # seen in March 2026, but the pages say they apply from 2025-01-10 and 2025-06-01
    v1 = _publish(opened, V1, None, 0)
    v2 = _publish(opened, V2, v1, 48)

    def as_of(day: date, timeline: str = "effective") -> int | None:
        found = opened.version_as_of(SRC, day, timeline=timeline)  # type: ignore[arg-type]
        return None if found is None else found.id

    assert as_of(date(2024, 12, 31)) is None
    assert as_of(date(2025, 1, 10)) == v1
    assert as_of(date(2025, 5, 31)) == v1
    assert as_of(date(2025, 6, 1)) == v2
    assert as_of(date(2026, 2, 28), "observed") is None
    assert as_of(date(2026, 3, 1), "observed") == v1
    assert as_of(date(2026, 3, 3), "observed") == v2


def test_effective_date_wins_over_published_date_and_ties_go_to_the_newest(opened: Store) -> None:
    a = document(
        trades=(trade("甲"),), published_on=date(2025, 1, 1), effective_on=date(2025, 3, 1)
    )
    b = document(trades=(trade("乙"),), published_on=date(2025, 3, 1))
    va = _publish(opened, a, None, 0)
    vb = _publish(opened, b, va, 1)
    assert opened.version_as_of(SRC, date(2025, 2, 1)) is None
    assert opened.version_as_of(SRC, date(2025, 3, 1)).id == vb  # type: ignore[union-attr]


def test_versions_are_listed_newest_first_with_their_dates(opened: Store) -> None:
    v1 = _publish(opened, V1, None, 0)
    v2 = _publish(opened, V2, v1, 1)
    listed = opened.versions(SRC)
    assert [v.id for v in listed] == [v2, v1]
    assert listed[0].doc_number == "沪人社〔2025〕9号"
    assert listed[0].row_count == 1 and listed[1].row_count == 2
    assert listed[0].content_hash == content_hash(V2)


def test_states_for_a_thousand_sources_report_each_head(opened: Store) -> None:
    ids = [f"src-{n:04d}" for n in range(1000)]
    opened.upsert_sources([source(i) for i in ids])
    checks = [
        new_version_check(document(i, (trade(f"工种{n}"),)), base=None, event=False)
        for n, i in enumerate(ids[:500])
    ]
    opened.record_checks(checks)
    opened.record_checks(
        [CheckRecord(fetch=fetch(i, outcome=Outcome.NOT_MODIFIED, started_at=at(1))) for i in ids]
    )
    states = opened.states([*ids, "never-seen"])
    assert len(states) == 1001
    for n, i in enumerate(ids):
        state = states[i]
        if n < 500:
            assert state.published is not None
            assert state.published.content_hash == content_hash(checks[n].version.document)  # type: ignore[union-attr]
            assert state.validators.etag == checks[n].fetch.header("etag")
            assert state.last_snapshot_sha256 is not None
        else:
            assert state.published is None and state.validators.etag is None
    assert states["never-seen"].published is None


def test_decoded_text_replacement_count_does_not_block_a_version(opened: Store) -> None:
    check = new_version_check(V1, base=None)
    noisy = CheckRecord(
        fetch=check.fetch,
        decoded=DecodedText(
            text="x", encoding="gb18030", decided_by=DecidedBy.DETECTED, replacement_count=3
        ),
        version=check.version,
    )
    assert opened.record_check(noisy).version_id is not None


def test_of_two_writers_racing_from_the_same_base_exactly_one_wins(opened: Store) -> None:
    v1 = _publish(opened, V1, None, 0)
    mine, theirs = (document(trades=(trade(name),)) for name in ("钳工", "车工"))
    results: list[object] = []

    def other_writer() -> None:
        try:
            results.append(
                opened.record_check(new_version_check(theirs, base=v1, started_at=at(2)))
            )
        except StaleBase as error:
            results.append(error)

    with write_transaction(opened.engine) as connection:
        connection.execute(BLOB.insert().values(sha256="0" * 64, size_bytes=0, data=b""))
        action = new_version_check(mine, base=v1).version
        assert isinstance(action, NewVersion)
        won = add_version(connection, SRC, action, "0" * 64, at(1))
        racer = threading.Thread(target=other_writer)
        racer.start()
        time.sleep(0.2)  # let the other writer block on our transaction before we commit
    racer.join(30)
    assert len(results) == 1 and isinstance(results[0], StaleBase)
    assert opened.latest_version(SRC).id == won  # type: ignore[union-attr]


def test_a_batch_sees_its_own_writes_to_a_source(opened: Store) -> None:
    """A promotion and a new version on top of it, in one batch, then a repeat of the content."""
    v1 = _publish(opened, V1, None, 0)
    drastic = opened.record_check(
        new_version_check(V2, base=v1, started_at=at(1), status=VersionStatus.QUARANTINED)
    )
    pending = drastic.version_id or 0
    confirm = new_version_check(V2, base=v1, started_at=at(2))
    v3_doc = document(trades=(trade("电工"), trade("钳工")))
    outcomes = opened.record_checks(
        [
            CheckRecord(fetch=confirm.fetch, version=Promote(pending), event=confirm.event),
            new_version_check(v3_doc, base=pending, started_at=at(3)),
            new_version_check(v3_doc, base=pending, started_at=at(4), event=False),
        ]
    )
    v3 = outcomes[1].version_id
    assert outcomes[0].version_id == pending and outcomes[0].event_id is not None
    assert v3 is not None and v3 > pending and outcomes[1].event_id is not None
    assert outcomes[2].version_id == v3  # same content as the newest: nothing new
    assert [v.id for v in opened.versions(SRC)] == [v3, pending, v1]
    stale = new_version_check(document(trades=(trade("焊工"),)), base=pending, started_at=at(5))
    with pytest.raises(StaleBase):
        opened.record_checks([CheckRecord(fetch=fetch(SRC, started_at=at(5))), stale])
    assert opened.latest_version(SRC).id == v3  # type: ignore[union-attr]
    assert len(opened.versions(SRC)) == 3


def test_documents_of_many_versions_come_back_by_id(opened: Store) -> None:
    v1 = _publish(opened, V1, None, 0)
    v2 = _publish(opened, V2, v1, 1)
    found = opened.documents([v2, v1, v2 + 1000])
    assert found == {v1: V1, v2: V2}
    assert opened.documents([]) == {}

"""The outbox is written with the change, in its transaction; fan-out and claims never hand one
delivery out twice (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from diffing.describe import describe, headline
from diffing.document import content_hash, diff_documents
from diffing.gates import PASSED
from diffing.records import ChangeClass
from notify.filters import decide
from scraper.records import ParsedDocument
from store.errors import StaleBase
from store.notify_records import (
    Channel,
    DeliveryStatus,
    Filter,
    NewSubscription,
    NoticeKind,
)
from store.records import CheckRecord, EventDraft, NewVersion, VersionStatus
from store.replay import replay_session
from store.store import Store
from tests.notify.world import SKILL, Publisher, catalogue

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)
ANY = Filter()
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def hook(store: Store, wanted: Filter = ANY, at: datetime = LONG_AGO) -> int:
    new = NewSubscription(Channel.WEBHOOK, "http://127.0.0.1:9/hook", wanted, secret="k")
    return store.notify.subscribe(new, at).id


def fan_out(store: Store, now: datetime = NOW) -> int:
    return store.notify.fan_out(lambda notice, subs: decide(notice, subs, now), now)


@pytest.fixture
def publisher(store: Store) -> Publisher:
    store.upsert_sources([SKILL])
    return Publisher(store, SKILL)


def test_a_published_change_leaves_one_notice(store: Store, publisher: Publisher) -> None:
    publisher.publish(catalogue("车工"))
    assert store.notify.waiting_notices() == 0  # a first version is no change
    publisher.publish(catalogue("车工", "焊工"))
    assert store.notify.waiting_notices() == 1


def test_a_rolled_back_check_leaves_neither_change_nor_notice(
    store: Store, publisher: Publisher
) -> None:
    publisher.publish(catalogue("车工"))
    hook(store)
    good = publisher.previous
    assert good is not None
    publisher.publish(catalogue("车工", "焊工"))
    stale_publisher = Publisher(store, SKILL, previous=good, step=5)
    with pytest.raises(StaleBase):
        stale_publisher.publish(catalogue("车工", "钳工"))
    assert store.notify.waiting_notices() == 1
    assert len(store.changes()) == 1


def test_backfilled_history_leaves_no_notice(store: Store, publisher: Publisher) -> None:
    publisher.publish(catalogue("车工"), is_backfill=True)
    publisher.publish(catalogue("车工", "焊工"), is_backfill=True)
    assert len(store.changes()) == 1
    assert store.notify.waiting_notices() == 0


def test_a_replayed_change_that_now_says_otherwise_is_sent_as_a_correction(
    store: Store, publisher: Publisher
) -> None:
    publisher.publish(catalogue("车工"))
    event_id = publisher.publish(catalogue("车工", "焊工"))
    hook(store)
    fan_out(store)
    _replay(store, summary=None)  # the same change again: nothing to tell
    assert fan_out(store) == 0
    _replay(store, summary="焊工 added (read again)")
    assert fan_out(store) == 1
    log = store.notify.log(limit=10)
    assert [(e.kind, e.ref_id) for e in log] == [
        (NoticeKind.CORRECTION, event_id),
        (NoticeKind.CHANGE, event_id),
    ]
    corrected = store.change(event_id or 0)
    assert corrected is not None and corrected.updated_at == NOW


def _replay(store: Store, *, summary: str | None) -> None:
    """Derive the source's history again; the change says `summary` when one is given."""
    with replay_session(store, SKILL.id, corrected_at=NOW) as (session, captures, documents):
        previous: tuple[int, ParsedDocument] | None = None
        for capture in captures:
            doc = documents[capture.sha256 or ""]
            event = None
            if previous is not None:
                items = describe(diff_documents(previous[1], doc))
                title, said = headline(SKILL.label, items)
                event = EventDraft(ChangeClass.RULE, title, summary or said, items, previous[0])
            base = previous[0] if previous else None
            version = NewVersion(doc, content_hash(doc), VersionStatus.PUBLISHED, base)
            record = CheckRecord(fetch=capture.fetch, gate=PASSED, version=version, event=event)
            version_id, _ = session.apply(record, capture.sha256)
            assert version_id is not None
            previous = (version_id, doc)


def test_fan_out_twice_queues_each_delivery_once(store: Store, publisher: Publisher) -> None:
    publisher.publish(catalogue("车工"))
    hook(store)
    hook(store, Filter(trade="焊工"))
    hook(store, Filter(trade="钳工"))
    publisher.publish(catalogue("车工", "焊工"))
    assert fan_out(store) == 2
    assert fan_out(store) == 0
    assert store.notify.waiting_notices() == 0


def test_a_subscription_made_after_the_change_does_not_get_it(
    store: Store, publisher: Publisher
) -> None:
    publisher.publish(catalogue("车工"))
    publisher.publish(catalogue("车工", "焊工"))
    hook(store, at=datetime.now(UTC) + timedelta(seconds=1))
    assert fan_out(store) == 0


def test_removing_a_subscription_cancels_what_it_had_queued(
    store: Store, publisher: Publisher
) -> None:
    publisher.publish(catalogue("车工"))
    sub_id = hook(store)
    publisher.publish(catalogue("车工", "焊工"))
    fan_out(store)
    assert store.notify.unsubscribe(sub_id, NOW)
    assert store.notify.unsubscribe(sub_id, NOW)  # again: no error, nothing changes
    assert [e.status for e in store.notify.log()] == [DeliveryStatus.CANCELLED]
    assert store.notify.claim("w", NOW, lease_seconds=60, limit=10) == []


def test_concurrent_claims_never_share_a_delivery(store: Store, publisher: Publisher) -> None:
    publisher.publish(catalogue("车工"))
    for _ in range(40):
        hook(store)
    publisher.publish(catalogue("车工", "焊工"))
    fan_out(store)
    claimed: dict[str, list[int]] = {}

    def worker(name: str) -> None:
        got = []
        while jobs := store.notify.claim(name, NOW, lease_seconds=60, limit=3):
            got += [job.id for job in jobs]
        claimed[name] = got

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    every = [i for ids in claimed.values() for i in ids]
    assert len(every) == 40 and len(set(every)) == 40


def test_a_claim_whose_worker_died_is_taken_again_after_its_lease(
    store: Store, publisher: Publisher
) -> None:
    publisher.publish(catalogue("车工"))
    hook(store)
    publisher.publish(catalogue("车工", "焊工"))
    fan_out(store)
    (job,) = store.notify.claim("dead", NOW, lease_seconds=60, limit=10)
    assert (
        store.notify.claim("alive", NOW + timedelta(seconds=59), lease_seconds=60, limit=10) == []
    )
    (again,) = store.notify.claim("alive", NOW + timedelta(seconds=61), lease_seconds=60, limit=10)
    assert again.id == job.id and again.key == job.key

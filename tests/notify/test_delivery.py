"""Delivery to real receivers on 127.0.0.1: signed webhooks, apprise, retries with backoff and
Retry-After, a receiver that hangs, one that is gone (dead letter), a refused private target."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from scraper.outbound import OutboundPolicy
from store.notify_records import (
    Channel,
    DeliveryStatus,
    Digest,
    Filter,
    Language,
    NewSubscription,
    NoticeKind,
)
from store.store import Store
from tests.notify.receivers import HANG, MailServer, WebhookReceiver, body_text
from tests.notify.test_outbox import _replay
from tests.notify.world import SKILL, Publisher, catalogue, config, deliver

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)
ANY = Filter()
SECRET = "s3cret"


@pytest.fixture
def store(tmp_path) -> Store:  # type: ignore[no-untyped-def]
    opened = Store(f"sqlite:///{tmp_path / 'jifen.db'}")
    opened.upsert_sources([SKILL])
    return opened


def subscribe(store: Store, channel: Channel, target: str, wanted: Filter = ANY) -> int:
    secret = SECRET if channel is Channel.WEBHOOK else None
    return store.notify.subscribe(
        NewSubscription(channel, target, wanted, secret=secret), LONG_AGO
    ).id


def one_change(store: Store) -> int:
    publisher = Publisher(store, SKILL)
    publisher.publish(catalogue("车工", "钳工"))
    event_id = publisher.publish(catalogue("车工", "焊工", "铣工"))
    assert event_id is not None
    return event_id


def test_a_webhook_gets_the_change_signed_with_its_secret(
    store: Store, receiver: WebhookReceiver
) -> None:
    subscribe(store, Channel.WEBHOOK, receiver.url())
    event_id = one_change(store)
    assert deliver(store, config()).sent == 1
    (got,) = receiver.at("/hook")
    assert got.is_signed_with(SECRET)
    assert not got.is_signed_with("another secret")
    assert abs(int(got.headers["x-jifen-timestamp"]) - datetime.now(UTC).timestamp()) < 60
    assert got.headers["idempotency-key"] == got.headers["x-jifen-change-id"] == str(event_id)
    body = json.loads(got.body)
    assert body["id"] == event_id and body["source_id"] == "skill"
    assert body["is_correction"] is False and body["type"] == "change"
    assert body["url"] == f"http://jifen.test/changes/{event_id}"
    assert body["subject"] == "技能人员职业目录：新增 2 项，删除 1 项"
    assert {i["subject"] for i in body["items"]} == {"焊工", "铣工", "钳工"}
    assert body["doc_number"] == "沪人社规〔2026〕1号" and body["title"] and body["summary"]
    assert deliver(store, config()).sent == 0  # sent once, never again


def test_a_trade_subscription_gets_only_its_trade(store: Store, receiver: WebhookReceiver) -> None:
    subscribe(store, Channel.WEBHOOK, receiver.url("/welder"), Filter(trade="焊工"))
    subscribe(store, Channel.WEBHOOK, receiver.url("/turner"), Filter(trade="车工"))
    one_change(store)
    deliver(store, config())
    (got,) = receiver.at("/welder")
    assert [i["subject"] for i in json.loads(got.body)["items"]] == ["焊工"]
    assert json.loads(got.body)["subject"] == "技能人员职业目录：新增 1 项"
    assert receiver.at("/turner") == []


def test_500_then_200_is_retried_after_a_backoff(store: Store, receiver: WebhookReceiver) -> None:
    receiver.script("/hook", 500, 200)
    subscribe(store, Channel.WEBHOOK, receiver.url())
    one_change(store)
    now = datetime.now(UTC)
    first = deliver(store, config(), at=now)
    assert (first.sent, first.retried) == (0, 1)
    assert deliver(store, config(), at=now + timedelta(milliseconds=100)).sent == 0  # not yet
    assert deliver(store, config(), at=now + timedelta(seconds=2)).sent == 1
    (entry,) = store.notify.log()
    assert (entry.status, entry.attempts, entry.last_status_code) == (DeliveryStatus.SENT, 2, 200)
    assert [r.status for r in receiver.at("/hook")] == [500, 200]
    assert (
        receiver.at("/hook")[0].headers["idempotency-key"]
        == receiver.at("/hook")[1].headers["idempotency-key"]
    )


def test_429_with_retry_after_waits_as_long_as_the_receiver_asks(
    store: Store, receiver: WebhookReceiver
) -> None:
    receiver.script("/hook", (429, {"Retry-After": "120"}), 200)
    subscribe(store, Channel.WEBHOOK, receiver.url())
    one_change(store)
    now = datetime.now(UTC)
    assert deliver(store, config(), at=now).retried == 1
    assert deliver(store, config(), at=now + timedelta(seconds=60)).sent == 0
    assert deliver(store, config(), at=now + timedelta(seconds=121)).sent == 1
    assert "HTTP 429" in store.notify.log()[0].last_error or store.notify.log()[0].attempts == 2


def test_a_receiver_that_hangs_times_out_and_is_tried_again(
    store: Store, receiver: WebhookReceiver
) -> None:
    receiver.script("/hook", HANG, 200)
    subscribe(store, Channel.WEBHOOK, receiver.url())
    one_change(store)
    now = datetime.now(UTC)
    first = deliver(store, config(timeout_seconds=0.5), at=now)
    assert first.retried == 1
    assert "timed out" in store.notify.log()[0].last_error
    assert deliver(store, config(), at=now + timedelta(seconds=5)).sent == 1


def test_a_receiver_that_is_gone_is_dead_lettered_at_once(
    store: Store, receiver: WebhookReceiver
) -> None:
    receiver.script("/hook", 410)
    subscribe(store, Channel.WEBHOOK, receiver.url())
    one_change(store)
    assert deliver(store, config()).dead == 1
    (entry,) = store.notify.log(status=DeliveryStatus.DEAD)
    assert entry.attempts == 1 and "410" in entry.last_error


def test_a_receiver_that_never_answers_is_dead_lettered_after_max_attempts(
    store: Store, receiver: WebhookReceiver
) -> None:
    url = receiver.url()
    receiver.close()  # nothing listens there any more
    subscribe(store, Channel.WEBHOOK, url)
    one_change(store)
    now = datetime.now(UTC)
    outcomes = [
        deliver(store, config(max_attempts=3), at=now + timedelta(hours=h)) for h in range(4)
    ]
    assert [(o.retried, o.dead) for o in outcomes] == [(1, 0), (1, 0), (0, 1), (0, 0)]
    (entry,) = store.notify.log()
    assert entry.status is DeliveryStatus.DEAD and entry.attempts == 3
    assert "gave up after 3" in entry.last_error


def test_a_private_target_is_refused_unless_allowed(
    store: Store, receiver: WebhookReceiver
) -> None:
    subscribe(store, Channel.WEBHOOK, receiver.url())
    one_change(store)
    assert deliver(store, config(outbound=OutboundPolicy())).dead == 1
    assert "JIFEN_ALLOW_PRIVATE_TARGETS" in store.notify.log()[0].last_error
    assert receiver.at("/hook") == []


def test_an_apprise_json_target_gets_the_message(store: Store, receiver: WebhookReceiver) -> None:
    port = receiver.port
    subscribe(store, Channel.APPRISE, f"json://127.0.0.1:{port}/apprise")
    one_change(store)
    assert deliver(store, config()).sent == 1
    (got,) = receiver.at("/apprise")
    posted = json.loads(got.body)
    assert posted["title"] == "技能人员职业目录：新增 2 项，删除 1 项"
    assert "http://jifen.test/changes/" in posted["message"]
    assert "/notify/unsubscribe/" in posted["message"]


def test_an_apprise_target_answering_500_is_retried(
    store: Store, receiver: WebhookReceiver
) -> None:
    receiver.script("/apprise", 500, 200)
    subscribe(store, Channel.APPRISE, f"json://127.0.0.1:{receiver.port}/apprise")
    one_change(store)
    now = datetime.now(UTC)
    assert deliver(store, config(), at=now).retried == 1
    assert deliver(store, config(), at=now + timedelta(seconds=5)).sent == 1
    assert store.notify.log()[0].kind is NoticeKind.CHANGE


def test_a_correction_is_sent_as_a_correction_of_the_same_change(
    store: Store, receiver: WebhookReceiver
) -> None:
    subscribe(store, Channel.WEBHOOK, receiver.url())
    event_id = one_change(store)
    deliver(store, config())
    _replay(store, summary="焊工、铣工 added, 钳工 removed (read again)")
    assert deliver(store, config()).sent == 1
    first, correction = (json.loads(r.body) for r in receiver.at("/hook"))
    assert (first["type"], first["is_correction"]) == ("change", False)
    assert (correction["type"], correction["is_correction"]) == ("correction", True)
    assert correction["id"] == event_id and correction["updated_at"] is not None
    assert correction["subject"].startswith("【更正】")
    keys = [r.headers["idempotency-key"] for r in receiver.at("/hook")]
    assert keys[0] == str(event_id) and keys[1] != keys[0]  # a correction is not dropped


def test_a_daily_digest_gathers_the_days_changes_in_one_mail_in_english(
    store: Store, mail_server: MailServer
) -> None:
    new = NewSubscription(
        Channel.EMAIL, "daily@example.org", digest=Digest.DAILY, language=Language.EN
    )
    store.notify.subscribe(new, LONG_AGO)
    publisher = Publisher(store, SKILL)
    publisher.publish(catalogue("车工", "钳工"))
    publisher.publish(catalogue("车工", "钳工", "焊工"))
    publisher.publish(catalogue("车工", "焊工"))
    now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    cfg = config(smtp_url=mail_server.url)
    assert deliver(store, cfg, at=now).sent == 0  # not before the digest hour
    assert deliver(store, cfg, at=now + timedelta(hours=15)).sent == 2
    (digest,) = mail_server.to("daily@example.org")
    assert digest["Subject"] == "jifen daily digest: 2 changes"
    text = body_text(digest)
    assert "技能人员职业目录: 1 added" in text and "技能人员职业目录: 1 removed" in text
    assert "Unsubscribe (one click)" in text

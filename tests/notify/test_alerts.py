"""Operator alerts: a source failing N times in a row, a quarantined capture, an incomplete rule
document, a stale scheduler lease — each told once per incident, with a recovery notice."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from diffing.document import content_hash
from diffing.gates import GateDecision, GateVerdict
from scraper.outbound import OutboundPolicy
from scraper.records import Outcome, PointsTable, UnreadRule
from service.notifying import look_for_incidents
from service.runtime import delivery_config, register_operator
from service.settings import Settings
from store.records import CheckRecord, NewVersion, Promote, VersionStatus
from store.store import Store
from tests.notify.receivers import MailServer, WebhookReceiver, body_text
from tests.notify.world import POINTS, SKILL, Publisher, catalogue, deliver, points
from tests.store.builders import fetch

SOURCES = (SKILL, POINTS)


def settings_for(tmp_path: Path, operator: str, smtp_url: str | None = None) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'jifen.db'}",
        sources_path=tmp_path / "sources.toml",
        public_url="http://jifen.test",
        outbound=OutboundPolicy.allowing("127.0.0.1"),
        smtp_url=smtp_url,
        operator_notify=operator,
        operator_secret="ops",
        alert_failures=3,
        alert_lease_stale_seconds=60,
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store(f"sqlite:///{tmp_path / 'jifen.db'}")
    opened.upsert_sources(SOURCES)
    return opened


def round_trip(settings: Settings, store: Store) -> None:
    look_for_incidents(settings, store, SOURCES)
    deliver(store, delivery_config(settings))


def bodies(receiver: WebhookReceiver) -> list[tuple[str, str, str]]:
    found = [json.loads(r.body) for r in receiver.at("/ops")]
    return [(b["type"], b["kind"], b["subject"]) for b in found]


def failed_check(at: datetime) -> CheckRecord:
    return CheckRecord(fetch=fetch(SKILL.id, outcome=Outcome.TRANSIENT_ERROR, started_at=at))


def test_a_failing_source_is_told_once_and_its_recovery_too(
    tmp_path: Path, store: Store, receiver: WebhookReceiver
) -> None:
    settings = settings_for(tmp_path, receiver.url("/ops"))
    register_operator(store, settings)
    skill = Publisher(store, SKILL)
    skill.publish(catalogue("车工"))
    start = datetime(2026, 4, 1, tzinfo=UTC)
    for hour in range(2):
        store.record_check(failed_check(start + timedelta(hours=hour)))
    round_trip(settings, store)
    assert bodies(receiver) == []  # two failures are weather, not an incident
    store.record_check(failed_check(start + timedelta(hours=3)))
    round_trip(settings, store)
    store.record_check(failed_check(start + timedelta(hours=4)))
    round_trip(settings, store)
    assert bodies(receiver) == [("alert", "source_failing", "skill")]
    assert all(r.is_signed_with("ops") for r in receiver.at("/ops"))
    skill.publish(catalogue("车工", "焊工"))  # a good check again
    round_trip(settings, store)
    round_trip(settings, store)
    assert bodies(receiver) == [
        ("alert", "source_failing", "skill"),
        ("recovery", "source_failing", "skill"),
    ]


def test_a_quarantined_capture_and_an_incomplete_document_alert_by_mail(
    tmp_path: Path, store: Store, mail_server: MailServer
) -> None:
    settings = settings_for(tmp_path, "mailto:ops@example.org", mail_server.url)
    register_operator(store, settings)
    skill = Publisher(store, SKILL)
    skill.publish(catalogue("车工", "钳工", "焊工", "铣工"))
    assert skill.previous is not None
    held_doc = catalogue("车工")
    held = CheckRecord(
        fetch=fetch(SKILL.id, body=b"held", started_at=datetime(2026, 5, 1, tzinfo=UTC)),
        gate=GateVerdict(GateDecision.QUARANTINE, "drop"),
        version=NewVersion(
            held_doc, content_hash(held_doc), VersionStatus.QUARANTINED, skill.previous[0]
        ),
    )
    held_id = store.record_check(held).version_id
    unread = replace(
        points(60),
        points=PointsTable(
            points(60).points.rules, unread=(UnreadRule("SKILL", "2", missing="months"),)
        ),
    )  # type: ignore[union-attr]
    Publisher(store, POINTS).publish(unread)
    round_trip(settings, store)
    subjects = sorted(m["Subject"] for m in mail_server.to("ops@example.org"))
    assert subjects == [
        "【jifen 告警】抓取结果待确认（隔离）: skill",
        "【jifen 告警】规则文件未能完整读取: points",
    ]
    assert "SKILL:2 (months)" in body_text(mail_server.to("ops@example.org")[-1]) + body_text(
        mail_server.to("ops@example.org")[0]
    )
    assert all("List-Unsubscribe" not in m for m in mail_server.to("ops@example.org"))
    confirm = CheckRecord(
        fetch=fetch(SKILL.id, body=b"held", started_at=datetime(2026, 5, 2, tzinfo=UTC)),
        gate=GateVerdict(GateDecision.PASS, "confirmed"),
        version=Promote(held_id or 0),
    )
    store.record_check(confirm)
    round_trip(settings, store)
    assert "【jifen 恢复】抓取结果待确认（隔离）: skill" in [
        m["Subject"] for m in mail_server.to("ops@example.org")
    ]


def test_a_stale_scheduler_lease_is_an_incident(
    tmp_path: Path, store: Store, receiver: WebhookReceiver
) -> None:
    settings = settings_for(tmp_path, f"json://127.0.0.1:{receiver.port}/ops")
    register_operator(store, settings)
    long_ago = datetime.now(UTC) - timedelta(minutes=10)
    assert store.acquire_lease("scheduler", "gone", 60, long_ago)
    round_trip(settings, store)
    (alert,) = receiver.at("/ops")
    assert "调度租约过期" in json.loads(alert.body)["title"]
    assert store.acquire_lease("scheduler", "alive", 60, datetime.now(UTC))
    round_trip(settings, store)
    assert len(receiver.at("/ops")) == 2
    assert "恢复" in json.loads(receiver.at("/ops")[1].body)["title"]

"""`jifen serve` delivering as a real process: killed with -9 while a notice is in flight and
started again, each notice arrives once; two processes on one PostgreSQL send each once."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.fakesite import FakeSite
from tests.notify.receivers import HANG, MailServer, WebhookReceiver, body_text, wait_until
from tests.service.official import SEED_TRADES, catalogue_page, points_page
from tests.service.test_serve import free_port
from tests.store.conftest import _conninfo, postgres_down_reason

pytestmark = pytest.mark.slow


@dataclass
class Deployment:
    """What several `jifen serve` processes share: sources, the database, the environment."""

    env: dict[str, str]
    log_dir: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs: list[BinaryIO] = field(default_factory=list)

    def jifen(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "service", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def serve(self) -> tuple[str, subprocess.Popen[bytes]]:
        port = free_port()
        log = (self.log_dir / f"serve-{len(self.processes)}.log").open("wb")
        self.logs.append(log)
        process = subprocess.Popen(
            [sys.executable, "-m", "service", "serve"],
            env={**self.env, "JIFEN_PORT": str(port)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        base = f"http://127.0.0.1:{port}"
        wait_until("the server", lambda: _answers(f"{base}/healthz"), 30)
        return base, process

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
        for log in self.logs:
            log.close()


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _deployment(fake_site: FakeSite, tmp_path: Path, database_url: str | None) -> Deployment:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[source]]\nid = "skill-trades"\nname = "高技能人才职业工种目录"\n'
        f'url = "{fake_site.url("/catalogue.html")}"\nkind = "catalogue"\n\n'
        f'[[source]]\nid = "skill-points"\nurl = "{fake_site.url("/points.html")}"\n'
        'kind = "points"\n',
        encoding="utf-8",
    )
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
    fake_site.publish("/points.html", points_page())
    env = {
        **os.environ,
        "JIFEN_DATA_DIR": str(tmp_path / "data"),
        "JIFEN_SOURCES": str(sources),
        "JIFEN_DEFAULT_SCHEDULE": "*/2 * * * * *",
        "JIFEN_SCHEDULE_JITTER_SECONDS": "0",
        "JIFEN_PER_HOST_DELAY_SECONDS": "0",
        "JIFEN_ALLOW_PRIVATE_TARGETS": "127.0.0.1",
        "JIFEN_DELIVERY_POLL_SECONDS": "0.2",
        "JIFEN_DELIVERY_LEASE_SECONDS": "3",
        "JIFEN_DELIVERY_BACKOFF_SECONDS": "0.5",
        "JIFEN_DELIVERY_TIMEOUT_SECONDS": "60",
    }
    if database_url:
        env["JIFEN_DATABASE_URL"] = database_url
    return Deployment(env, tmp_path)


@pytest.fixture
def deployment(fake_site: FakeSite, tmp_path: Path) -> Iterator[Deployment]:
    made = _deployment(fake_site, tmp_path, None)
    yield made
    made.stop_all()


def _change(fake_site: FakeSite, base: str, *added: str) -> None:
    """Publish a catalogue with `added` trades and wait until a check has recorded it."""
    before = len(httpx.get(f"{base}/v1/changes").json()["changes"])
    fake_site.publish("/catalogue.html", catalogue_page([*SEED_TRADES, *added]))
    wait_until(
        "the change to be published",
        lambda: len(httpx.get(f"{base}/v1/changes").json()["changes"]) > before,
        30,
    )


def test_kill_9_between_publishing_and_delivering_then_a_restart_delivers_once(
    deployment: Deployment, fake_site: FakeSite
) -> None:
    receiver = WebhookReceiver(hang_seconds=120)
    try:
        receiver.script("/hook", HANG, 200)
        deployment.jifen("subscribe", "--webhook", receiver.url(), "--secret", "k")
        base, first = deployment.serve()
        wait_until(
            "the first check",
            lambda: httpx.get(f"{base}/v1/catalogues/skill-trades").status_code == 200,
            30,
        )
        _change(fake_site, base, "工业机器人系统操作员")
        wait_until("the notice in flight", lambda: receiver.at("/hook"), 30)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert receiver.acknowledged() == []

        deployment.serve()
        (delivered,) = wait_until("the notice after the restart", receiver.acknowledged, 30)
        wait_until("nothing more", lambda: _quiet(receiver), 10)
        keys = {r.headers["idempotency-key"] for r in receiver.at("/hook")}
        assert keys == {delivered.change_id}
        assert delivered.is_signed_with("k")
        assert json.loads(delivered.body)["items"][0]["subject"] == "工业机器人系统操作员"
    finally:
        receiver.close()


def _quiet(receiver: WebhookReceiver, seconds: float = 3.0) -> bool:
    """True once `seconds` passed with nothing new arriving."""
    import time

    seen = len(receiver.received)
    time.sleep(seconds)
    return len(receiver.received) == seen


@pytest.fixture
def postgres_database() -> Iterator[str]:
    reason = postgres_down_reason()
    if reason is not None:
        pytest.skip(f"PostgreSQL unreachable: {reason}")
    from tests.store.conftest import _admin_url

    admin = _admin_url()
    name = f"jifen_test_serve_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_conninfo(admin), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_conninfo(admin), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_serve_processes_on_one_postgresql_deliver_each_notice_once(
    fake_site: FakeSite, tmp_path: Path, postgres_database: str
) -> None:
    deployment = _deployment(fake_site, tmp_path, postgres_database)
    deployment.env["JIFEN_ADMIN_TOKEN"] = "t"
    receiver = WebhookReceiver()
    paths = [f"/r{i}" for i in range(6)]
    try:
        base, _ = deployment.serve()
        other, _ = deployment.serve()
        for path in paths:
            asked = {"channel": "webhook", "target": receiver.url(path), "secret": "k"}
            made = httpx.post(
                f"{base}/v1/subscriptions", json=asked, headers={"Authorization": "Bearer t"}
            )
            assert made.status_code == 201
        wait_until(
            "the first check",
            lambda: httpx.get(f"{other}/v1/catalogues/skill-trades").status_code == 200,
            30,
        )
        _change(fake_site, base, "工业机器人系统操作员")
        _change(fake_site, other, "工业机器人系统操作员", "无人机驾驶员")
        wait_until("every notice", lambda: len(receiver.acknowledged_all()) >= 12, 30)
        wait_until("nothing more", lambda: _quiet(receiver), 10)
        per_receiver = Counter((r.path, r.change_id) for r in receiver.received)
        assert len(per_receiver) == 12 and set(per_receiver.values()) == {1}
    finally:
        deployment.stop_all()
        receiver.close()


def test_notify_me_end_to_end_through_jifen_serve(
    deployment: Deployment, fake_site: FakeSite, mail_server: MailServer
) -> None:
    """The same promise without a browser: `jifen serve` checks the fake official site on its
    schedule, and a reader who asked about 车工 hears of that change only."""
    deployment.env["JIFEN_SMTP_URL"] = mail_server.url
    base, _ = deployment.serve()
    wait_until(
        "the first check",
        lambda: httpx.get(f"{base}/v1/catalogues/skill-trades").status_code == 200,
        30,
    )
    asked = httpx.post(f"{base}/notify", data={"email": "r@example.org", "trade": "车工"})
    assert asked.status_code == 202
    (confirmation,) = wait_until("the confirmation", lambda: mail_server.to("r@example.org"), 30)
    confirm = re.search(r"http://\S+/notify/confirm/\S+", body_text(confirmation))
    assert confirm is not None and httpx.get(confirm.group(0)).status_code == 200

    others = [t for t in SEED_TRADES if t != "车工"]
    _change(fake_site, base, "工业机器人系统操作员")
    fake_site.publish("/catalogue.html", catalogue_page([*others, "工业机器人系统操作员"]))
    wait_until("the 车工 change", lambda: len(mail_server.to("r@example.org")) == 2, 30)
    _change(fake_site, base, "无人机驾驶员")  # puts 车工 back: a second change about 车工
    wait_until("the second 车工 change", lambda: len(mail_server.to("r@example.org")) == 3, 30)
    subjects = [m["Subject"] for m in mail_server.to("r@example.org")[1:]]
    # The second change added 无人机驾驶员 too; the reader is told of 车工 only.
    assert subjects == ["高技能人才职业工种目录：删除 1 项", "高技能人才职业工种目录：新增 1 项"]
    assert "无人机驾驶员" not in body_text(mail_server.to("r@example.org")[2])
    changes = httpx.get(f"{base}/v1/changes").json()["changes"]
    assert len(changes) == 3  # the first change, about another trade, was not sent

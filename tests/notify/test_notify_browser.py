"""End to end, in Chromium: a reader asks from 车工's page to be told when it changes, confirms
by e-mail, and receives exactly the change that touches 车工 — the official site being the fake
one on 127.0.0.1, checked by the real pipeline."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from scraper.outbound import OutboundPolicy
from scraper.records import Source, SourceKind
from service import runtime
from service.http.app import create_app
from service.notifying import deliver_once
from service.pipeline.check import check_one
from service.settings import Settings
from store.store import Store
from tests.fakesite import FakeSite
from tests.notify.receivers import MailServer, body_text
from tests.served import serving
from tests.service.official import SEED_TRADES, catalogue_page
from tests.service.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

READER = "reader@example.org"
pytestmark = pytest.mark.slow


@dataclass
class Deployment:
    settings: Settings
    store: Store
    source: Source
    base_url: str

    def check(self) -> None:
        async def run() -> None:
            async with runtime.open_pipeline(self.settings, self.store, [self.source]) as pipeline:
                await check_one(pipeline, self.source, [self.source])

        _in_thread(run)

    def deliver(self) -> None:
        _in_thread(lambda: deliver_once(self.settings, self.store))


def _in_thread(make: Callable[[], Coroutine[Any, Any, object]]) -> None:
    """Run a coroutine to its end on a thread of its own: playwright's sync API keeps an event
    loop running on the test's thread."""
    failures: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(make())
        except BaseException as exc:  # re-raised on the test's thread
            failures.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(120)
    if failures:
        raise failures[0]


@pytest.fixture
def deployment(
    tmp_path: Path, fake_site: FakeSite, mail_server: MailServer
) -> Iterator[Deployment]:
    source = Source(
        id="skill-trades",
        url=fake_site.url("/catalogue.html"),
        kind=SourceKind.CATALOGUE,
        name="高技能人才职业工种目录",
    )
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'jifen.db'}",
        sources_path=tmp_path / "sources.toml",
        data_dir=tmp_path,
        per_host_delay_seconds=0,
        outbound=OutboundPolicy.allowing("127.0.0.1"),
        smtp_url=mail_server.url,
        mail_from="jifen@example.org",
    )
    store = Store(settings.database_url)
    store.upsert_sources([source])
    app = create_app(settings=settings, store=store, sources=[source])
    with serving(app) as base_url:
        # Links in the mails point at the served app; the app reads public_url from its settings.
        settings = settings.model_copy(update={"public_url": base_url})
        fields = {**_fields(app.state.jifen), "settings": settings}
        app.state.jifen = type(app.state.jifen)(**fields)
        deployed = Deployment(settings, store, source, base_url)
        deployed.check()
        yield deployed
    store.close()


def _fields(record: object) -> dict[str, object]:
    return {name: getattr(record, name) for name in record.__slots__}  # type: ignore[attr-defined]


@pytest.fixture
def page() -> Iterator[Page]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install -y chromium`", pytrace=False)
    with sync_playwright() as playwright:
        browser: Browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        # A reader in Shanghai: the browser asks for Chinese (headless Chromium asks for en-US).
        opened = browser.new_page(viewport={"width": 1200, "height": 900}, locale="zh-CN")
        yield opened
        browser.close()


def test_notify_me_when_che_gong_changes_gets_that_change_and_nothing_else(
    page: Page, deployment: Deployment, fake_site: FakeSite, mail_server: MailServer
) -> None:
    base = deployment.base_url
    page.goto(f"{base}/catalogues/skill-trades?q=车工")
    page.click("ul.matches a:text-is('车工')")
    assert page.locator("h1").inner_text() == "车工"
    page.click("#notify-me")
    assert "车工" in page.locator("#wanted").inner_text()
    page.fill("input[name=email]", READER)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "notify-me.png"), full_page=True)
    page.click("button[type=submit]")
    assert "请查收确认邮件" in page.locator("#said").inner_text()

    deployment.deliver()
    (confirmation,) = mail_server.to(READER)
    confirm = re.search(r"http://\S+/notify/confirm/\S+", body_text(confirmation))
    assert confirm is not None
    page.goto(confirm.group(0))
    assert "订阅已确认" in page.locator("#said").inner_text()

    others = [t for t in SEED_TRADES if t != "车工"]
    changes = [
        [*SEED_TRADES, "工业机器人系统操作员"],  # 车工 untouched
        [*others, "工业机器人系统操作员"],  # 车工 removed
        [t for t in others if t != "钳工"] + ["工业机器人系统操作员"],  # 钳工 removed
    ]
    for trades in changes:
        fake_site.publish("/catalogue.html", catalogue_page(trades))
        deployment.check()
        deployment.deliver()
    events = deployment.store.changes(limit=10)
    assert len(events) == 3
    removed = next(e for e in events if any(i.subject == "车工" for i in e.items))
    confirmation, news = mail_server.to(READER)
    assert news["X-Jifen-Change-Id"] == str(removed.id)
    assert news["Subject"] == "高技能人才职业工种目录：删除 1 项"
    text = body_text(news)
    assert "车工" in text and "钳工" not in text and "工业机器人系统操作员" not in text
    unsubscribe = news["List-Unsubscribe"].strip("<>")
    page.goto(unsubscribe)
    assert "已退订" in page.locator("#said").inner_text()
    page.goto(unsubscribe)
    assert "已退订" in page.locator("#said").inner_text()

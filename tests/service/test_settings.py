"""Deployment settings from the environment: the operator's contact reaches the official site."""

from __future__ import annotations

import asyncio

import pytest

from scraper.fetch import fetch_page
from scraper.records import Source, SourceKind, Validators
from scraper.transport import make_client
from service import runtime
from service.settings import Settings, SettingsError
from tests.fakesite import FakeSite
from tests.outbound import FAKE_SITES_ENV


def test_the_contact_is_sent_in_the_user_agent_of_every_fetch(fake_site: FakeSite) -> None:
    settings = Settings.from_env({"JIFEN_CONTACT": "ops@example.org", **FAKE_SITES_ENV})
    limits = runtime.fetch_limits(settings)
    fake_site.publish("/p.html", "<html><body><p>x</p></body></html>")
    source = Source(id="p", url=fake_site.url("/p.html"), kind=SourceKind.CATALOGUE)

    async def run() -> None:
        async with make_client(limits) as client:
            await fetch_page(client, source, Validators(), limits)

    asyncio.run(run())
    agent = fake_site.requests[-1][2]["user-agent"]
    assert agent.startswith("jifen/") and agent.endswith("; contact: ops@example.org)")
    assert "contact" not in runtime.fetch_limits(Settings.from_env({})).user_agent


@pytest.mark.parametrize("contact", ["ops@example.org\r\nX-Evil: 1", "运维@example.org", "a\x7fb"])
def test_a_contact_that_cannot_go_into_a_header_is_refused_at_start(contact: str) -> None:
    with pytest.raises(SettingsError, match="JIFEN_CONTACT"):
        Settings.from_env({"JIFEN_CONTACT": contact})


def test_private_targets_are_refused_unless_the_setting_names_them(fake_site: FakeSite) -> None:
    fake_site.publish("/p.html", "<html><body><p>x</p></body></html>")
    source = Source(id="p", url=fake_site.url("/p.html"), kind=SourceKind.CATALOGUE)

    async def check(settings: Settings) -> str:
        limits = runtime.fetch_limits(settings)
        async with make_client(limits) as client:
            return (await fetch_page(client, source, Validators(), limits)).outcome.value

    assert asyncio.run(check(Settings.from_env({}))) == "permanent_error"
    assert fake_site.hits("/p.html") == 0
    named = {"JIFEN_ALLOW_PRIVATE_TARGETS": f"intranet.example, 127.0.0.1:{fake_site.port}"}
    assert asyncio.run(check(Settings.from_env(named))) == "ok"


@pytest.mark.parametrize("value", ["http://10.0.0.1/", "10.0.0.1:0", "a b"])
def test_an_allow_list_entry_that_cannot_be_read_is_refused_at_start(value: str) -> None:
    with pytest.raises(SettingsError, match="JIFEN_ALLOW_PRIVATE_TARGETS"):
        Settings.from_env({"JIFEN_ALLOW_PRIVATE_TARGETS": value})

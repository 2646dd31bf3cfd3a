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

"""Deployment settings from the environment: the operator's contact reaches the official site."""

from __future__ import annotations

import asyncio
import os

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


def test_given_variables_are_read_alone_and_empty_ones_are_unset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JIFEN_PORT", "9999")
    monkeypatch.setenv("JIFEN_ALLOW_PRIVATE_TARGETS", "127.0.0.1, intranet.example")
    assert Settings.from_env({}).port == 8000  # a test's env is not mixed with the process's
    from_process = Settings.from_env()
    assert from_process.port == 9999
    assert from_process.outbound == Settings.from_env(dict(os.environ)).outbound
    assert from_process.outbound != Settings.from_env({}).outbound
    derived = Settings.from_env({"JIFEN_PORT": "", "JIFEN_DATA_DIR": "/srv/jifen"})
    assert (derived.port, derived.database_url) == (8000, "sqlite:////srv/jifen/jifen.db")
    assert derived.public_url == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    ("name", "value"),
    [("JIFEN_PORT", "http"), ("JIFEN_PORT", "70000"), ("JIFEN_PER_HOST_DELAY_SECONDS", "-1")],
)
def test_an_unusable_value_is_one_sentence_naming_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({name: value})
    message = str(raised.value)
    assert message.startswith(f"{name}={value!r} cannot be used: ")
    assert message.count(". ") == 0 and "\n" not in message

"""`jifen subscribe`, `jifen subscriptions list | remove` and `jifen deliver` as an operator
runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from service.cli import app as cli
from store.store import Store
from tests.notify.receivers import WebhookReceiver
from tests.notify.world import SKILL, Publisher, catalogue


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[source]]\nid = "{SKILL.id}"\nname = "{SKILL.name}"\nurl = "{SKILL.url}"\n'
        'kind = "catalogue"\n',
        encoding="utf-8",
    )
    return {
        "JIFEN_DATA_DIR": str(tmp_path / "data"),
        "JIFEN_SOURCES": str(sources),
        "JIFEN_ALLOW_PRIVATE_TARGETS": "127.0.0.1",
        "JIFEN_PUBLIC_URL": "http://jifen.test",
    }


def invoke(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def run(env: dict[str, str], *args: str) -> str:
    result = invoke(env, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_subscribe_prints_the_id_and_deliver_sends(
    env: dict[str, str], receiver: WebhookReceiver
) -> None:
    made = invoke(env, "subscribe", "--webhook", receiver.url(), "--trade", "焊工")
    assert made.exit_code == 0, made.output
    assert made.stdout.strip() == "1"
    secret = made.stderr.split("仅显示这一次）：")[1].strip()
    assert run(env, "subscribe", "--webhook", receiver.url("/s"), "--secret", "mine").strip() == "2"
    assert (
        run(env, "subscribe", "--email", "a@example.org", "--indicator", "SKILL:3").strip() == "3"
    )
    listed = json.loads(run(env, "subscriptions", "list", "--format", "json"))
    assert [(s["id"], s["trade"], s["indicator"], s["level"]) for s in listed] == [
        (1, "焊工", None, None),
        (2, None, None, None),
        (3, None, "SKILL", "3"),
    ]
    assert secret not in json.dumps(listed) and "mine" not in json.dumps(listed)
    assert "焊工" in run(env, "subscriptions", "list")

    store = Store(f"sqlite:///{env['JIFEN_DATA_DIR']}/jifen.db")
    store.upsert_sources([SKILL])
    publisher = Publisher(store, SKILL)
    publisher.publish(catalogue("车工"))
    publisher.publish(catalogue("车工", "焊工"))
    store.close()
    assert run(env, "deliver").startswith("2 queued from new changes, 2 sent")
    (got,) = receiver.at("/hook")
    assert got.is_signed_with(secret)
    assert receiver.at("/s")[0].is_signed_with("mine")
    assert run(env, "deliver").startswith("0 queued from new changes, 0 sent")


def test_remove_takes_a_subscription_away(env: dict[str, str], receiver: WebhookReceiver) -> None:
    run(env, "subscribe", "--webhook", receiver.url(), "--kind", "rule", "--digest", "daily")
    assert run(env, "subscriptions", "remove", "1").strip() == "已删除 1"
    assert run(env, "subscriptions", "remove", "1").strip() == "已删除 1"
    assert json.loads(run(env, "subscriptions", "list", "--format", "json")) == []
    missing = invoke(env, "subscriptions", "remove", "9")
    assert missing.exit_code == 1 and "没有订阅 9" in missing.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ((), "exactly one of"),
        (("--email", "a@example.org", "--webhook", "http://127.0.0.1/h"), "exactly one of"),
        (("--webhook", "http://10.0.0.8/h"), "JIFEN_ALLOW_PRIVATE_TARGETS"),
        (("--webhook", "ftp://127.0.0.1/h"), "http(s)"),
        (("--apprise", "nosuchscheme://x"), "apprise"),
        (("--email", "nobody"), "e-mail address"),
        (("--email", "a@example.org", "--source", "nope"), "unknown source"),
        (("--email", "a@example.org", "--indicator", "技能"), "SKILL:3"),
        (("--email", "a@example.org", "--kind", "everything"), "everything"),
    ],
)
def test_a_subscription_that_cannot_work_is_refused(
    env: dict[str, str], args: tuple[str, ...], says: str
) -> None:
    result = invoke(env, "subscribe", *args)
    assert result.exit_code != 0
    assert says in result.output

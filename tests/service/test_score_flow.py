"""A points change published on the fake official site reaches a person's total: CLI, API, feed."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from service.cli import app as cli
from service.http.app import create_app
from service.settings import Settings
from store.store import Store
from tests.outbound import FAKE_SITES_ENV
from tests.service.official import SEED_TRADES, catalogue_page, points_page

PROFILE = """
birth_date = 1990-05-20
education = "none"

[[skill_certificates]]
trade = "车工"
level = 3
obtained_in_shanghai = true
"""


@pytest.fixture
def env(fake_site, tmp_path: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f"""
[[source]]
id = "skill-trades"
name = "高技能人才职业工种目录"
url = "{fake_site.url("/catalogue.html")}"
kind = "catalogue"

[[source]]
id = "skill-points"
name = "技能等级分值"
url = "{fake_site.url("/points.html")}"
kind = "points"
""",
        encoding="utf-8",
    )
    (tmp_path / "profile.toml").write_text(PROFILE, encoding="utf-8")
    return {
        "JIFEN_DATA_DIR": str(tmp_path / "data"),
        "JIFEN_SOURCES": str(sources),
        **FAKE_SITES_ENV,
        "JIFEN_PER_HOST_DELAY_SECONDS": "0",
        "JIFEN_PUBLIC_URL": "http://jifen.test",
    }


def run(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_points_change_moves_the_total_everywhere(fake_site, env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
    fake_site.publish("/points.html", points_page(pub_date="2026-06-13 14∶06"))
    run(env, "check")
    profile = str(tmp_path / "profile.toml")
    # The fake site publishes skill points only: no AGE rule is in force, so there is no total,
    # only the lines read, and the output says what is missing.
    first = run(env, "score", profile)
    assert "已读出的各项合计 60 分" in first and "总分不完整" in first and "AGE" in first

    fake_site.publish("/points.html", points_page({"三": 70}, pub_date="2026-09-01 10:00:00"))
    checked = run(env, "check")
    assert "skill-points: 正常" in checked and "变更 #" in checked

    # The CLI: the new total now, the old one before the change, and the move since then.
    assert "已读出的各项合计 70 分" in run(env, "score", profile)
    assert "已读出的各项合计 60 分" in run(env, "score", profile, "--as-of", "2026-08-01")
    moved = run(env, "score", profile, "--changes-since", "2026-08-01")
    assert "自 2026-08-01 以来：60 → 70（+10）" in moved

    # The change itself says whom it affects.
    changes = run(env, "changes", "--format", "json")
    assert "三级证书持有人：60 → 70 (+10)" in changes

    # The API, on the same database.
    settings = Settings.from_env(env)
    store = Store(settings.database_url)
    from service.runtime import configured_sources

    app = create_app(settings=settings, store=store, sources=configured_sources(settings))
    with TestClient(app) as client:
        body = client.post(
            "/v1/score",
            json={
                "birth_date": "1990-05-20",
                "skill_certificates": [{"trade": "车工", "level": 3, "obtained_in_shanghai": True}],
            },
        )
        assert body.status_code == 200, body.text
        assert body.json()["total"] is None and body.json()["is_complete"] is False
        assert body.json()["counted_points"] == 70
        assert [m["indicator"] for m in body.json()["missing"]] == ["AGE"]
        skill = [line for line in body.json()["lines"] if line["indicator"] == "SKILL"]
        assert skill[0]["points"] == 70 and skill[0]["rule"]["source_id"] == "skill-points"
        earlier = client.post(
            "/v1/score?as_of=2026-08-01&changes_since=2026-08-01",
            json={
                "birth_date": "1990-05-20",
                "skill_certificates": [{"trade": "车工", "level": 3, "obtained_in_shanghai": True}],
            },
        )
        assert earlier.json()["counted_points"] == 60

        # The feed entry carries the impact statement.
        feed = feedparser.parse(client.get("/feeds/changes.atom").content)
        assert feed.bozo == 0
        text = " ".join(e.get("content", [{}])[0].get("value", "") for e in feed.entries)
        assert "60 → 70 (+10)" in text

        # The score page shows the same total to a person.
        page = client.post("/score", data={"profile": PROFILE, "as_of": "2026-11-01"})
        assert page.status_code == 200
        assert "总分不完整" in page.text and "已读出的各项合计 70 分" in page.text

        # The rules page gives the new value with a link to the change that made it.
        rules = client.get("/rules", params={"as_of": "2026-11-01"}).text
        row = re.search(r'<tr data-indicator="SKILL" data-level="3">(.*?)</tr>', rules, re.S)
        assert row is not None and "70 分" in row.group(1)
        changed = re.findall(r'href="/changes/(\d+)"', row.group(1))
        assert changed, row.group(1)
        assert "60 → 70" in client.get(f"/changes/{changed[0]}").text
    store.close()


def test_an_unreadable_profile_is_a_clear_error(env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'birth_date = 1990-05-20\nskill_certificates = [{ trade = "车工", level = 9 }]\n'
    )
    result = CliRunner().invoke(cli, ["score", str(bad)], env=env)
    assert result.exit_code == 2
    assert "skill_certificates" in result.output and "level" in result.output

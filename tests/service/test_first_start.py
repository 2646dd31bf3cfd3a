"""A fresh offline machine: `make run`, then the example profile on /score, /v1/score and
`jifen score` gives the full total, every line traced to 文号 and article, and nothing is
published as a change."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from service.cli import app as cli
from service.http.app import create_app
from service.pipeline.bootstrap import import_bundled_captures
from service.runtime import configured_sources, open_store, recorder_for, register_sources
from service.settings import BUNDLED_SOURCES, Settings
from tests.service.test_serve import free_port, wait_for

PROFILE = """
birth_date = 1994-06-01
education = "bk_xs"

[[skill_certificates]]
trade = "车工"
level = 3
obtained_in_shanghai = true

[social_insurance]
years = 5
"""
AS_OF = "2025-01-15"
DOCUMENT = "沪府发〔2017〕98号"
FOUND_AT = "http://www.021shhk.com/html/zixunneirong/bszn/94504.html"
PROFILE_JSON = {
    "birth_date": "1994-06-01",
    "education": "bk_xs",
    "skill_certificates": [{"trade": "车工", "level": 3, "obtained_in_shanghai": True}],
    "social_insurance": {"years": 5},
}


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A data directory filled as `jifen serve` fills an empty one."""
    env = {"JIFEN_DATA_DIR": str(tmp_path / "data"), "JIFEN_PER_HOST_DELAY_SECONDS": "0"}
    settings = Settings.from_env(env)
    store = open_store(settings)
    sources = configured_sources(settings)
    register_sources(store, sources)
    list(import_bundled_captures(recorder_for(store, sources), sources))
    store.close()
    yield env


def test_the_api_scores_the_example_in_full_with_its_provenance(env: dict[str, str]) -> None:
    settings = Settings.from_env(env)
    store = open_store(settings)
    app = create_app(settings=settings, store=store, sources=configured_sources(settings))
    with TestClient(app) as client:
        assert client.get("/v1/changes").json()["changes"] == []
        body = client.post(f"/v1/score?as_of={AS_OF}", json=PROFILE_JSON).json()
        assert (body["total"], body["is_complete"], body["missing"]) == (135, True, [])
        counted = {line["indicator"]: line for line in body["lines"] if line["counted"]}
        assert {k: v["points"] for k, v in counted.items()} == {
            "AGE": 30,
            "EDU": 90,
            "SI_YEARS": 15,
        }
        for line in body["lines"]:
            assert line["rule"]["doc_number"] == DOCUMENT, line
            assert line["clause"].startswith("第六条"), line
            assert line["rule"]["third_party"] is True
            assert f"{DOCUMENT}的第三方转载，见于 {FOUND_AT}" in line["rule"]["note"]

        rules = client.get(f"/v1/rules?as_of={AS_OF}").json()
        age = next(rule for rule in rules["rules"] if rule["indicator"] == "AGE")
        assert age["provenance"]["url"] == FOUND_AT and age["provenance"]["third_party"]
        # What the copies do not state is listed, never a zero.
        assert {"SPOUSE_LOCAL", "REMOTE_AREA"} <= {u["indicator"] for u in rules["unread"]}

        sources = {s["id"]: s for s in client.get("/v1/sources").json()}
        assert sources["points-measures"]["document"]["doc_number"] == DOCUMENT
        assert FOUND_AT in sources["points-measures"]["document"]["note"]
        assert sources["skill-level-points-51luohu"]["document"]["third_party"] is True
    store.close()


def test_the_pages_show_the_total_the_articles_and_the_document(env: dict[str, str]) -> None:
    settings = Settings.from_env(env)
    store = open_store(settings)
    app = create_app(settings=settings, store=store, sources=configured_sources(settings))
    with TestClient(app) as client:
        page = client.post("/score", data={"profile": PROFILE, "as_of": AS_OF})
        assert page.status_code == 200
        assert "总分：135 分" in page.text
        for clause in ("第六条（一）", "第六条（二）", "第六条（三）"):
            assert f"{DOCUMENT}</span> {clause}" in page.text
        assert f"{DOCUMENT}的第三方转载，见于 {FOUND_AT}" in page.text

        rules = client.get(f"/rules?as_of={AS_OF}")
        assert rules.status_code == 200 and f"{DOCUMENT}的第三方转载" in rules.text
        assert "未能读出" in rules.text and "SPOUSE_LOCAL" in rules.text
        sources = client.get("/sources")
        assert f"文件：{DOCUMENT}的第三方转载" in sources.text
    store.close()


def test_jifen_score_gives_the_same_total(env: dict[str, str], tmp_path: Path) -> None:
    profile = tmp_path / "profile.toml"
    profile.write_text(PROFILE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(profile), "--as-of", AS_OF], env=env)
    assert result.exit_code == 0, result.output
    assert "总分 135 分" in result.output
    assert f"{DOCUMENT} 第六条（一）" in result.output
    assert f"{DOCUMENT}的第三方转载，见于 {FOUND_AT}" in result.output


def _offline_sources(tmp_path: Path) -> Path:
    """The bundled sources.toml with every address pointing at a closed port: offline."""
    port = free_port()  # nothing listens there once the socket is closed
    text = BUNDLED_SOURCES.read_text(encoding="utf-8")
    offline = re.sub(r'url = "https?://[^/"]+', f'url = "http://127.0.0.1:{port}', text)
    path = tmp_path / "sources.toml"
    path.write_text(offline, encoding="utf-8")
    return path


def test_make_run_offline_then_score(tmp_path: Path) -> None:
    """`jifen serve` (what `make run` starts) on an empty data directory with no network."""
    port = free_port()
    env = {
        **os.environ,
        "JIFEN_DATA_DIR": str(tmp_path / "data"),
        "JIFEN_SOURCES": str(_offline_sources(tmp_path)),
        "JIFEN_PORT": str(port),
        "JIFEN_PER_HOST_DELAY_SECONDS": "0",
        "JIFEN_SCHEDULE_JITTER_SECONDS": "0",
        # The archive an official page falls back to is offline too.
        "JIFEN_ARCHIVE_BASE": f"http://127.0.0.1:{free_port()}",
    }
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "serve"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            wait_for("the server", lambda: client.get("/healthz").status_code == 200)
            page = client.post("/score", data={"profile": PROFILE, "as_of": AS_OF})
            assert "总分：135 分" in page.text, page.text
            assert f"{DOCUMENT}的第三方转载，见于 {FOUND_AT}" in page.text
            assert client.get("/v1/changes").json()["changes"] == []
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


def test_jifen_rules_marks_what_the_copy_does_not_state(env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["rules", "--as-of", AS_OF], env=env)
    assert result.exit_code == 0, result.output
    assert "未能读出：SPOUSE_LOCAL" in result.output
    assert f"文件：{DOCUMENT}的第三方转载，见于 {FOUND_AT}" in result.output


README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def test_the_readme_first_minute_is_what_the_pages_say(env: dict[str, str]) -> None:
    """The calculator and the trade answer shown in the README's quick start, on a first start."""
    settings = Settings.from_env(env)
    store = open_store(settings)
    app = create_app(settings=settings, store=store, sources=configured_sources(settings))
    shown = README.split("## The first minute", 1)[1].split("\n## ", 1)[0]
    what_ifs = re.findall(r"^  (持有.*|学历为.*|多缴.*)$", shown, re.M)
    assert len(what_ifs) == 3
    form = {
        "birth_date": "1994-06-01",
        "education": "bk_xs",
        "cert_trade_0": "车工",
        "cert_level_0": "3",
        "si_years": "5",
    }
    with TestClient(app) as client:
        page = client.post("/score", data=form, headers={"Accept-Language": "zh-CN"}).text
        assert "总分：135 分" in page and "总分：135 分" in shown
        for line in what_ifs:
            assert line in page, line
        answer = client.get("/", params={"q": "车 工"}).text
        assert "自 2023-08-03 起列入" in answer and "自 2023-08-03 起列入" in shown
        assert "(63 项)" in answer and "(63 项)" in shown
    store.close()

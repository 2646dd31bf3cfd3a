"""Applicant profiles computed by hand from the real text, scored exactly through `jifen score`.

Each file of tests/fixtures/profiles/real/ cites the articles it uses and gives the expected total
(or, where a rule the profile needs is not in the text found, the lines read and what is missing)
and the points of each indicator. Two stores, both filled through the pipeline:

- "2017": a store bootstrapped as on a first start, holding the real copy of 沪府发〔2017〕98号
  the project ships (service/captures/manifest.toml);
- "pre-2018": the real pre-2018 text imported with `jifen import`, in force from 2015-07-01 — it
  states the items (特定的公共服务领域, 远郊重点区域, 应届毕业生, 表彰奖励, 配偶) that no 2017 copy found
  quotes, so their caps and minimums are scored against the text that does state them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from service.cli import app as cli
from service.pipeline.bootstrap import import_bundled_captures
from service.runtime import configured_sources, open_store, recorder_for, register_sources
from service.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PROFILES = sorted((ROOT / "tests" / "fixtures" / "profiles" / "real").glob("*.toml"))
PRE_2018 = ROOT / "tests" / "fixtures" / "measures" / "real" / "pre2018-78911.html"
PRE_2018_URL = "https://78911.com.cn/HuKouZhengCe/665056-2.html"


def _env(data_dir: Path) -> dict[str, str]:
    return {"JIFEN_DATA_DIR": str(data_dir), "JIFEN_PER_HOST_DELAY_SECONDS": "0"}


def first_start(data_dir: Path) -> dict[str, str]:
    """A store filled as `jifen serve` fills an empty one, offline."""
    env = _env(data_dir)
    settings = Settings.from_env(env)
    store = open_store(settings)
    sources = configured_sources(settings)
    register_sources(store, sources)
    list(import_bundled_captures(recorder_for(store, sources), sources))
    store.close()
    return env


def pre_2018(data_dir: Path) -> dict[str, str]:
    env = _env(data_dir)
    args = ["import", "--source", "points-measures", "--observed-at", "2015-07-01"]
    result = CliRunner().invoke(cli, [*args, "--url", PRE_2018_URL, str(PRE_2018)], env=env)
    assert result.exit_code == 0, result.output
    return env


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, str]]]:
    yield {
        "2017": first_start(tmp_path_factory.mktemp("first-start")),
        "pre-2018": pre_2018(tmp_path_factory.mktemp("pre-2018")),
    }


def load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def profile_file(case: dict[str, Any], folder: Path) -> Path:
    target = folder / "profile.json"
    target.write_text(json.dumps(case["profile"], default=str, ensure_ascii=False), "utf-8")
    return target


def check(answer: dict[str, Any], expect: dict[str, Any]) -> None:
    """The answer of `jifen score --format json` against the hand computation."""
    points: dict[str, int] = {}
    shown: set[str] = set()
    for line in answer["lines"]:
        shown.add(line["indicator"])
        if line["counted"]:
            points[line["indicator"]] = points.get(line["indicator"], 0) + line["points"]
    for indicator, value in expect["lines"].items():
        assert indicator in shown, f"no line for {indicator}"
        assert points.get(indicator, 0) == value, f"{indicator}: {points.get(indicator, 0)}"
    assert answer["disqualified"] is expect["disqualified"]
    if expect.get("complete", True):
        assert answer["is_complete"], answer["missing"]
        assert answer["total"] == expect["total"]
        # A total the lowest total of the text (第十一条) raised is not the sum of its lines.
        assert answer["floored_from"] == expect.get("floored_from")
        raw = answer["total"] if answer["floored_from"] is None else answer["floored_from"]
        assert raw == sum(points.values())
    else:
        assert answer["total"] is None and not answer["is_complete"]
        assert answer["counted_points"] == expect["counted_points"]
        assert sorted({m["indicator"] for m in answer["missing"]}) == sorted(expect["missing"])
    check_words(answer, expect)


def check_words(answer: dict[str, Any], expect: dict[str, Any]) -> None:
    """Words the hand computation expects the answer to quote: in a note, in a line's reason."""
    for words in expect.get("notes", []):
        assert any(words in note for note in answer["notes"]), words
    for indicator, words in expect.get("reasons", {}).items():
        reasons = [line["reason"] for line in answer["lines"] if line["indicator"] == indicator]
        assert any(words in reason for reason in reasons), f"{indicator}: {words}"


def test_there_are_at_least_thirty_profiles_each_citing_its_articles() -> None:
    assert len(PROFILES) >= 30
    for path in PROFILES:
        text = path.read_text(encoding="utf-8")
        assert "第六条" in text or "第七条" in text, path.name
        assert load(path)["store"] in ("2017", "pre-2018"), path.name


@pytest.mark.parametrize("path", PROFILES, ids=[p.stem for p in PROFILES])
def test_profile_scores_exactly_through_jifen_score(
    path: Path, stores: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    case = load(path)
    env = stores[case["store"]]
    day = case["as_of"]
    assert isinstance(day, date)
    args = ["score", str(profile_file(case, tmp_path)), "--as-of", day.isoformat()]
    result = CliRunner().invoke(cli, [*args, "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    check(json.loads(result.output), case["expect"])


REAL_PROCESS = ["p01-first-start", "p31-detention", "p33-veto-family-planning", "p36-spouse-2017"]


@pytest.mark.parametrize("name", REAL_PROCESS)
def test_a_few_score_the_same_in_a_real_process(
    name: str, stores: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    case = load(next(p for p in PROFILES if p.stem == name))
    env = {**os.environ, **stores[case["store"]]}
    args = [str(profile_file(case, tmp_path)), "--as-of", case["as_of"].isoformat()]
    done = subprocess.run(
        [sys.executable, "-m", "service", "score", *args, "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    check(json.loads(done.stdout), case["expect"])

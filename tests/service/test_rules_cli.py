"""The whole points system through the CLI: 办法 pages imported, rule tables as of any date."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.scraper.test_measures import EXPECTED
from tests.service.cli_env import FED_MEASURES_SOURCES, cli_env, run

MEASURES = Path(__file__).parent.parent / "fixtures" / "measures"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path, FED_MEASURES_SOURCES)


def imported(env: dict[str, str]) -> None:
    # Out of date order on purpose: each import still lands on its own date.
    run(
        env,
        "import",
        str(MEASURES / "measures_2013.html"),
        "--source",
        "points-measures",
        "--observed-at",
        "2013-06-20",
        "--url",
        "https://www.shanghai.gov.cn/nw12344/2013.html",
    )
    run(
        env,
        "import",
        str(MEASURES / "measures_2017.html"),
        "--source",
        "points-measures",
        "--observed-at",
        "2018-01-06",
        "--url",
        "https://www.shanghai.gov.cn/nw12344/2017.html",
    )


def test_rules_json_holds_every_indicator_of_the_domain_table(env: dict[str, str]) -> None:
    imported(env)
    table = json.loads(run(env, "rules", "--format", "json", "--as-of", "2026-11-01"))
    rows = {
        (r["indicator"], r["level"], r["points"], r["unit"], r["cap"], r["category"])
        for r in table["rules"]
    }
    assert rows == EXPECTED
    skill = next(r for r in table["rules"] if (r["indicator"], r["level"]) == ("SKILL", "2"))
    assert skill["provenance"]["doc_number"] == "沪府发〔2017〕98号"
    assert skill["params"]["base_months"] == "6"
    age = next(r for r in table["rules"] if r["indicator"] == "AGE")
    assert age["params"]["base_age_from"] == "56" and age["params"]["step"] == "2"


def test_rules_as_of_a_date_follow_the_document_in_force(env: dict[str, str]) -> None:
    imported(env)
    before = json.loads(run(env, "rules", "--format", "json", "--as-of", "2016-01-01"))
    invest = next(r for r in before["rules"] if r["indicator"] == "INVEST_TAX")
    assert invest["cap"] == 100
    assert invest["provenance"]["doc_number"] == "沪府发〔2013〕40号"
    assert not any(r["level"] == "3X" for r in before["rules"] if r["indicator"] == "SI_BASE")
    assert json.loads(run(env, "rules", "--format", "json", "--as-of", "2013-01-01"))["rules"] == []

    csv_rows = list(csv.DictReader(io.StringIO(run(env, "rules", "--format", "csv"))))
    assert len(csv_rows) == len(EXPECTED)
    assert {row["doc_number"] for row in csv_rows} == {"沪府发〔2017〕98号"}


def test_the_reissue_is_one_rule_change_with_old_and_new_values(env: dict[str, str]) -> None:
    imported(env)
    (event,) = json.loads(run(env, "changes", "--format", "json"))
    assert event["classification"] == "rule"
    items = {(i["kind"], i["subject"]): i for i in event["items"]}
    invest = next(
        i
        for (kind, _), i in items.items()
        if kind == "rule_modified" and "最高分值" in i["detail"] and "100" in i["detail"]
    )
    assert "120" in invest["detail"]
    assert any(kind == "rule_added" and "3倍" in subject for kind, subject in items)
    assert event["doc_number"] == "沪府发〔2017〕98号"


def test_export_writes_the_tables(env: dict[str, str], tmp_path: Path) -> None:
    imported(env)
    out = tmp_path / "out"
    written = run(env, "export", "--out", str(out)).split()
    assert sorted(Path(p).name for p in written) == ["rules.csv", "rules.json"]
    assert len(json.loads((out / "rules.json").read_text(encoding="utf-8"))["rules"]) == len(
        EXPECTED
    )

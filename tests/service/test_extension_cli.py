"""A validity extension notice imported after the 办法 it extends: same rules, new last day."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app as cli
from tests.scraper.test_measures import EXPECTED

FIXTURES = Path(__file__).parents[1] / "fixtures"
MEASURES_2017 = FIXTURES / "measures" / "measures_2017.html"
EXTENSION = FIXTURES / "extension" / "extension_2025.html"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        """
[[source]]
id = "points-measures"
name = "上海市居住证积分管理办法"
url = "https://www.shanghai.gov.cn/nw12344/index.html"
kind = "points"
parser = "measures"
options = { fed_by = "shgov-policies" }
""",
        encoding="utf-8",
    )
    return {"JIFEN_DATA_DIR": str(tmp_path / "data"), "JIFEN_SOURCES": str(sources)}


def run(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def import_page(env: dict[str, str], page: Path, day: str) -> str:
    url = f"https://www.shanghai.gov.cn/nw12344/{day}/{page.name}"
    return run(
        env, "import", str(page), "--source", "points-measures", "--observed-at", day, "--url", url
    )


def rules_on(env: dict[str, str], day: str) -> dict[str, object]:
    table: dict[str, object] = json.loads(run(env, "rules", "--format", "json", "--as-of", day))
    return table


def _rows(table: dict[str, object]) -> set[tuple[object, ...]]:
    rules = table["rules"]
    assert isinstance(rules, list)
    return {(r["indicator"], r["level"], r["points"], r["unit"], r["cap"]) for r in rules}


def test_extension_keeps_the_rules_and_moves_the_last_day_in_force(env: dict[str, str]) -> None:
    import_page(env, MEASURES_2017, "2018-01-06")
    before = rules_on(env, "2026-01-01")
    import_page(env, EXTENSION, "2025-12-23")
    after = rules_on(env, "2026-01-01")
    assert _rows(after) == _rows(before)
    assert {(r[0], r[1], r[2], r[3]) for r in _rows(after)} == {
        (e[0], e[1], e[2], e[3]) for e in EXPECTED
    }
    rules = after["rules"]
    assert isinstance(rules, list)
    provenance = {json.dumps(r["provenance"], sort_keys=True) for r in rules}
    (only,) = (json.loads(p) for p in provenance)
    assert only["doc_number"] == "沪府发〔2017〕98号"  # the base document's 文号 stays
    assert only["valid_until"] == "2030-06-30"
    assert only["extended_by"] == "沪府〔2025〕20号"


def test_extension_is_one_change_that_says_the_validity_was_extended(
    env: dict[str, str],
) -> None:
    import_page(env, MEASURES_2017, "2018-01-06")
    import_page(env, EXTENSION, "2025-12-23")
    (event,) = json.loads(run(env, "changes", "--format", "json"))
    assert event["classification"] == "wording"
    details = [item["detail"] for item in event["items"]]
    assert details == ["有效期至: 2022-12-31 → 2030-06-30 (延长 by 沪府〔2025〕20号)"]
    assert not any(item["kind"].startswith("rule_") for item in event["items"])


def test_the_same_notice_imported_again_changes_nothing(env: dict[str, str]) -> None:
    import_page(env, MEASURES_2017, "2018-01-06")
    import_page(env, EXTENSION, "2025-12-23")
    import_page(env, EXTENSION, "2025-12-30")
    assert len(json.loads(run(env, "changes", "--format", "json"))) == 1


def test_an_extension_with_nothing_to_extend_makes_no_version(env: dict[str, str]) -> None:
    import_page(env, EXTENSION, "2025-12-23")
    assert rules_on(env, "2026-01-01")["rules"] == []
    assert json.loads(run(env, "changes", "--format", "json")) == []

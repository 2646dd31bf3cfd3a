"""The rule-table fixture of domain.md §2.1 as data, its loader, and table edits for tests."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from scoring.records import CatalogueEntry, CatalogueTable, Provenance, RuleEntry, RuleTable

FIXTURE = Path(__file__).parents[1] / "fixtures" / "rules" / "domain_2_1.json"

# Every indicator id of docs/architecture.md with the levels of domain.md §2.1.
EXPECTED_KEYS = {
    ("AGE", ""),
    *(("EDU", level) for level in ("DZ", "BK", "BK_XS", "SS", "BS")),
    *(("SKILL", level) for level in ("5", "4", "3", "2", "1")),
    ("SI_YEARS", ""),
    ("SHORTAGE_MAJOR", ""),
    ("INVEST_TAX", ""),
    *(("SI_BASE", level) for level in ("080", "1X", "2X", "3X")),
    *(
        (indicator, "")
        for indicator in (
            "PUBLIC_SERVICE",
            "REMOTE_AREA",
            "FRESH_GRAD",
            "SPOUSE_LOCAL",
            "ENTREPRENEUR",
            "INNOV_INTERMEDIARY",
        )
    ),
    *(("AWARD", level) for level in ("SPECIAL", "GENERAL", "NATIONAL")),
    ("DED_FALSE", ""),
    ("DED_DETENTION", ""),
    ("DED_CRIME", ""),
    ("VETO_FAMILY_PLANNING", ""),
    ("VETO_SERIOUS_CRIME", ""),
    ("THRESHOLD", ""),
}


def _provenance(raw: dict[str, Any]) -> Provenance:
    def day(key: str) -> date | None:
        return date.fromisoformat(raw[key]) if raw.get(key) else None

    return Provenance(
        source_id=raw["source_id"],
        version_id=raw["version_id"],
        url=raw["url"],
        title=raw.get("title"),
        doc_number=raw.get("doc_number"),
        published_on=day("published_on"),
        effective_on=day("effective_on"),
        observed_at=datetime.fromisoformat(raw["observed_at"]),
    )


def load_rule_table(path: Path = FIXTURE) -> RuleTable:
    """Build a RuleTable from the fixture's JSON (rules, catalogues, one provenance)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    provenance = _provenance(data["provenance"])
    rules = tuple(
        RuleEntry(
            indicator=row["indicator"],
            level=row["level"],
            label=row["label"],
            points=row["points"],
            unit=row["unit"],
            cap=row["cap"],
            conditions=tuple(row["conditions"]),
            category=row["category"],
            provenance=provenance,
            params=tuple(sorted(row["params"].items())),
            clause=row["clause"],
        )
        for row in data["rules"]
    )
    catalogues = tuple(
        CatalogueTable(
            source_id=cat["source_id"],
            title=cat["title"],
            entries=tuple(
                CatalogueEntry(
                    name=e["name"],
                    aliases=tuple(e["aliases"]),
                    code=e["code"],
                    attributes=tuple(sorted(e["attributes"].items())),
                )
                for e in cat["entries"]
            ),
            provenance=replace(provenance, source_id=cat["source_id"]),
        )
        for cat in data["catalogues"]
    )
    return RuleTable(as_of=date.fromisoformat(data["as_of"]), rules=rules, catalogues=catalogues)


def with_rule(table: RuleTable, indicator: str, level: str = "", **changes: Any) -> RuleTable:
    """The table with one rule's fields changed (params given as a dict are merged)."""
    rule = table.rule(indicator, level)
    assert rule is not None, f"fixture has no {indicator}/{level}"
    if isinstance(changes.get("params"), dict):
        merged = dict(rule.params) | {k: str(v) for k, v in changes["params"].items()}
        changes["params"] = tuple(sorted(merged.items()))
    new = replace(rule, **changes)
    return replace(table, rules=tuple(new if r is rule else r for r in table.rules))


def without_rule(table: RuleTable, indicator: str, level: str = "") -> RuleTable:
    kept = tuple(r for r in table.rules if (r.indicator, r.level) != (indicator, level))
    return replace(table, rules=kept)


def test_fixture_holds_every_indicator_of_domain_2_1_once() -> None:
    table = load_rule_table()
    keys = [(rule.indicator, rule.level) for rule in table.rules]
    assert set(keys) == EXPECTED_KEYS
    assert len(keys) == len(set(keys))


def test_fixture_values_match_domain_2_1() -> None:
    table = load_rule_table()

    def points(indicator: str, level: str = "") -> int | None:
        rule = table.rule(indicator, level)
        assert rule is not None
        return rule.points

    assert [points("EDU", lv) for lv in ("DZ", "BK", "BK_XS", "SS", "BS")] == [50, 60, 90, 100, 110]
    assert [points("SKILL", lv) for lv in "54321"] == [15, 30, 60, 100, 140]
    assert [points("SI_BASE", lv) for lv in ("080", "1X", "2X", "3X")] == [25, 50, 100, 120]
    assert [points("AWARD", lv) for lv in ("SPECIAL", "GENERAL", "NATIONAL")] == [30, 60, 110]
    assert points("VETO_SERIOUS_CRIME") is None
    assert points("THRESHOLD") == 120
    age = table.rule("AGE")
    assert age is not None and age.cap == 30
    assert (age.param("base_age_from"), age.param("base_age_to"), age.param("step")) == (
        "56",
        "60",
        "2",
    )


def test_fixture_skill_catalogue_has_the_63_trades_with_their_aliases() -> None:
    table = load_rule_table()
    skill = next(cat for cat in table.catalogues if "工种" in (cat.title or ""))
    assert len(skill.entries) == 63
    heat = next(e for e in skill.entries if e.name == "金属热处理工")
    assert heat.aliases == ("热处理工",)


def test_with_rule_changes_one_value_and_keeps_the_rest() -> None:
    table = load_rule_table()
    changed = with_rule(table, "SKILL", "3", points=70)
    three = changed.rule("SKILL", "3")
    assert three is not None and three.points == 70
    assert len(changed.rules) == len(table.rules)
    assert changed.rule("SKILL", "4") == table.rule("SKILL", "4")


@pytest.mark.parametrize("key", sorted(EXPECTED_KEYS))
def test_without_rule_removes_exactly_that_rule(key: tuple[str, str]) -> None:
    table = without_rule(load_rule_table(), *key)
    assert table.rule(*key) is None
    assert len(table.rules) == len(EXPECTED_KEYS) - 1

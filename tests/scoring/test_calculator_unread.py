"""A rule the document states but that could not be read is missing, never a zero.

Each test takes the domain.md §2.1 table and marks one item unread the way the measures parser
reports it (the value it could not read is absent from the rule, an UnreadEntry names it).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from test_calculator import BASE_OK, ON, TABLE, cert, months_back, person, si
from test_calculator_fixture import without_rule

from scoring.calculator import score
from scoring.profile import Profile
from scoring.records import RuleTable, UnreadEntry
from scoring.tables import build_rule_table
from scraper.records import DocumentMeta, ParsedDocument, PointRule, PointsTable, UnreadRule
from store.records import StoredVersion, VersionStatus

PROVENANCE = TABLE.rules[0].provenance


def unread(table: RuleTable, indicator: str, level: str, clause: str, missing: str) -> RuleTable:
    """The table as a parse that could not read `missing` of (indicator, level) gives it."""
    entry = UnreadEntry(
        indicator=indicator,
        level=level,
        clause=clause,
        text=f"{clause} 的原文",
        missing=missing,
        provenance=PROVENANCE,
    )
    if missing == "points":
        table = without_rule(table, indicator, level)
    return replace(table, unread=(*table.unread, entry))


def test_an_unread_detention_deduction_never_scores_higher_than_the_read_one() -> None:
    detained = person(education="bk_xs", deductions={"detention": 1})
    full = score(detained, TABLE, on=ON)
    assert full.total == 30 + 90 - 50

    table = unread(TABLE, "DED_DETENTION", "", "第八条（二）", "points")
    result = score(detained, table, on=ON)

    assert result.total is None and not result.is_complete
    assert result.distance_to_threshold is None
    (missing,) = result.missing
    assert (missing.indicator, missing.clause, missing.what) == (
        "DED_DETENTION",
        "第八条（二）",
        "points",
    )
    assert "第八条（二）有此规定，但未能读出分值" in missing.describe()
    line = result.line("DED_DETENTION")
    assert line is not None and not line.counted and line.clause == "第八条（二）"
    assert "不计为0" in line.reason
    assert any("总分不完整" in note for note in result.notes)


def test_a_profile_without_the_deduction_is_not_held_back_by_it() -> None:
    table = unread(TABLE, "DED_DETENTION", "", "第八条（二）", "points")
    result = score(person(education="bk_xs"), table, on=ON)
    assert result.is_complete and result.total == 120


@pytest.mark.parametrize("veto", ["VETO_FAMILY_PLANNING", "VETO_SERIOUS_CRIME"])
def test_an_unread_veto_leaves_every_profile_without_a_total(veto: str) -> None:
    """Nobody can be told they pass a veto that nobody could read."""
    table = unread(TABLE, veto, "", "第九条", "condition")
    result = score(person(education="bs"), table, on=ON)
    assert result.total is None and [m.indicator for m in result.missing] == [veto]
    # Triggered, it cannot disqualify either: what it says is not known.
    field = {"VETO_FAMILY_PLANNING": "family_planning_violation"}.get(veto, "serious_crime")
    triggered = score(person(vetoes={field: True}), table, on=ON)
    assert not triggered.disqualified and triggered.total is None


def test_an_unread_base_condition_of_second_level_is_missing_not_met() -> None:
    table = unread(TABLE, "SKILL", "2", "第六条（三）", "months")
    second = person(skill_certificates=[cert("车工", 2)], social_insurance=BASE_OK)
    result = score(second, table, on=ON)
    assert result.total is None
    assert [(m.indicator, m.level, m.what) for m in result.missing] == [("SKILL", "2", "months")]
    line = result.line("SKILL")
    assert line is not None and not line.counted and line.missing == "months"
    # A 三级 holder does not need the 二级 condition.
    third = score(person(skill_certificates=[cert("车工", 3)]), table, on=ON)
    assert third.is_complete and third.total == 30 + 60


def test_an_unread_whole_item_covers_every_level() -> None:
    table = replace(TABLE, rules=tuple(r for r in TABLE.rules if r.indicator != "EDU"))
    table = unread(table, "EDU", "", "第六条（二）", "points")
    result = score(person(education="bk"), table, on=ON)
    assert [(m.indicator, m.level) for m in result.missing] == [("EDU", "")]
    assert score(person(), table, on=ON).is_complete


def test_an_unread_top_contribution_tier_is_missing_for_anyone_with_a_base_history() -> None:
    table = unread(TABLE, "SI_BASE", "3X", "第七条（三）4", "months")
    history = si(0, months_back(36, 3.0))
    result = score(person(social_insurance=history), table, on=ON)
    assert result.total is None
    assert [(m.indicator, m.level) for m in result.missing] == [("SI_BASE", "3X")]
    assert score(person(), table, on=ON).is_complete


def _version(version_id: int, points: PointsTable, effective: date) -> StoredVersion:
    document = ParsedDocument(
        source_id="points-measures",
        url=f"https://www.shanghai.gov.cn/nw12344/{version_id}.html",
        parser="measures",
        parser_version=1,
        meta=DocumentMeta(title="上海市居住证积分管理办法", doc_number="沪府发〔2017〕98号"),
        main_text="",
        points=points,
    )
    document = replace(document, meta=replace(document.meta, effective_on=effective))
    observed = datetime(effective.year, effective.month, effective.day, tzinfo=UTC)
    return StoredVersion(
        id=version_id,
        source_id="points-measures",
        status=VersionStatus.PUBLISHED,
        content_hash=str(version_id),
        snapshot_sha256=str(version_id),
        url=document.url,
        observed_at=observed,
        last_seen_at=observed,
        document=document,
    )


DETENTION = PointRule("DED_DETENTION", "", "行政拘留", -50, "per_occurrence", category="deduct")
UNREAD_DETENTION = UnreadRule("DED_DETENTION", "", "第八条（二）", "每次减…分", "points")


def test_a_newer_document_that_states_an_item_unread_retires_the_older_value() -> None:
    older = _version(1, PointsTable(rules=(DETENTION,)), date(2013, 7, 1))
    newer = _version(2, PointsTable(rules=(), unread=(UNREAD_DETENTION,)), date(2018, 1, 1))
    table = build_rule_table([older, newer], date(2019, 1, 1))
    assert table.rule("DED_DETENTION") is None
    (entry,) = table.unread
    assert entry.clause == "第八条（二）" and entry.provenance.version_id == 2
    assert not table.is_complete


def test_a_newer_document_that_reads_the_item_clears_the_older_unread_one() -> None:
    older = _version(1, PointsTable(rules=(), unread=(UNREAD_DETENTION,)), date(2013, 7, 1))
    newer = _version(2, PointsTable(rules=(DETENTION,)), date(2018, 1, 1))
    table = build_rule_table([older, newer], date(2019, 1, 1))
    rule = table.rule("DED_DETENTION")
    assert rule is not None and rule.points == -50 and table.unread == ()


def test_a_rule_document_outranks_a_page_that_only_restates_it() -> None:
    """A later consultancy page without a 文号 does not replace the 办法's values."""
    measures = _version(1, PointsTable(rules=(replace(DETENTION, points=-50),)), date(2018, 1, 1))
    page = _version(2, PointsTable(rules=(replace(DETENTION, points=-150),)), date(2024, 1, 1))
    page = replace(
        page, document=replace(page.document, meta=replace(page.document.meta, doc_number=None))
    )
    rule = build_rule_table([measures, page], date(2025, 1, 1)).rule("DED_DETENTION")
    assert rule is not None and rule.points == -50 and rule.provenance.version_id == 1


def _fixture_is_complete(profile: Profile) -> bool:
    return score(profile, TABLE, on=ON).is_complete


def test_the_fixture_table_leaves_nothing_missing() -> None:
    assert _fixture_is_complete(person(education="ss", deductions={"false_material": 2}))

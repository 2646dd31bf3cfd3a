"""What the calculator tells a person beyond the total: reasons, notes, missing rules, caps."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from test_calculator import BASE_OK, BASE_SHORT, ON, TABLE, cert, person
from test_calculator_fixture import with_rule, without_rule

from scoring.calculator import score
from scoring.records import ProvisionEntry
from words import Lang, speaking


def test_missing_rule_is_not_a_zero_the_total_is_incomplete() -> None:
    table = without_rule(TABLE, "EDU", "SS")
    result = score(person(education="ss"), table, on=ON)
    line = result.line("EDU")
    assert line is not None and not line.counted and line.missing == "rule"
    assert "没有生效的" in line.reason and "2025-01-15" in line.reason
    assert result.total is None and not result.is_complete
    assert result.counted_points == 30
    (missing,) = result.missing
    assert (missing.indicator, missing.level, missing.what) == ("EDU", "SS", "rule")


def test_missing_threshold_leaves_distance_unknown_and_notes_it() -> None:
    result = score(person(), without_rule(TABLE, "THRESHOLD"), on=ON)
    assert result.threshold is None and result.distance_to_threshold is None
    assert any("没有生效的标准分值" in note for note in result.notes)


def test_second_level_without_base_condition_says_there_is_no_fallback() -> None:
    result = score(
        person(skill_certificates=[cert("车工", 2)], social_insurance=BASE_SHORT), TABLE, on=ON
    )
    line = result.line("SKILL")
    assert line is not None and not line.counted
    assert "所填为5个月" in line.reason and "文件未规定降级计分" in line.reason


def test_education_set_aside_names_the_winner() -> None:
    result = score(
        person(
            education="bk",
            titles=[{"kind": "高级", "name": "高级工程师", "obtained_in_shanghai": True}],
            social_insurance=BASE_OK,
        ),
        TABLE,
        on=ON,
    )
    edu = result.line("EDU")
    assert edu is not None and not edu.counted
    assert "不相加" in edu.reason and "（140分）" in edu.reason
    assert result.points_of("SKILL") == 140


def test_cap_is_reported_with_the_uncapped_value() -> None:
    line = score(person(spouse_local_hukou_years=12), TABLE, on=ON).line("SPOUSE_LOCAL")
    assert line is not None and (line.points, line.capped_from) == (40, 48)


def test_no_skill_catalogue_counts_the_certificate_with_a_note() -> None:
    table = replace(TABLE, catalogues=())
    result = score(person(skill_certificates=[cert("中式烹调师", 3)]), table, on=ON)
    assert result.points_of("SKILL") == 60
    assert any("无法核对中式烹调师" in note for note in result.notes)


def test_trade_missing_from_catalogue_is_named() -> None:
    line = score(person(skill_certificates=[cert("中式烹调师", 3)]), TABLE, on=ON).line("SKILL")
    assert line is not None and "中式烹调师不在 2025-01-15 生效的任何技能目录中" in line.reason


def test_top_levels_say_no_value_is_published() -> None:
    line = score(person(skill_certificates=[cert("车工", "首席技师")]), TABLE, on=ON).line("SKILL")
    assert line is not None and not line.counted and "未公布首席技师的分值" in line.reason


def test_over_the_top_bracket_is_zero_age_points_never_an_invented_ineligibility() -> None:
    result = score(person(birth_date=date(1960, 1, 1)), TABLE, on=ON)
    line = result.line("AGE")
    assert line is not None and line.counted and line.points == 0
    assert "积0分" in line.reason and "不给年龄分" in line.reason
    assert result.total == 0 and result.is_complete
    assert not any("不能申请" in text for text in (*result.notes, line.reason))
    # No conditions in the table: it says so rather than inventing one.
    assert any("生效的规则未规定不得申请" in note for note in result.notes)


def test_over_the_top_bracket_quotes_what_the_document_says_of_who_it_applies_to() -> None:
    # 第二条 of the 2017 text, as the parser gives it; a general condition is not quoted for it.
    scope = "在本市工作、居住，持有《上海市居住证》，并参加本市职工社会保险满6个月的境内来沪人员，适用本办法"
    combination = "减分指标中单项指标的扣减积分，按照扣减项目进行累计扣减"
    provenance = TABLE.rules[0].provenance
    table = replace(
        TABLE,
        general_conditions=(combination,),
        eligibility=(ProvisionEntry("第二条", scope, (), provenance),),
    )
    result = score(person(birth_date=date(1960, 1, 1)), table, on=ON)
    (note,) = [note for note in result.notes if note.startswith("年龄超过60周岁")]
    assert f"第二条：“{scope}”" in note and combination not in note
    assert "文件未规定不得申请" in note


def test_education_set_aside_cites_the_clause_that_says_choose_one() -> None:
    said = "“教育背景”、“专业技术职称和技能等级”两项指标，选择其中一项进行积分"
    choice = ProvisionEntry("第十一条", said, ("EDU", "SKILL"), TABLE.rules[0].provenance)
    table = replace(TABLE, one_of=(choice,))
    profile = person(education="dz", skill_certificates=[cert("车工", 3)])
    edu = score(profile, table, on=ON).line("EDU")
    assert edu is not None and not edu.counted
    assert f"第十一条：{said}" in edu.reason and "不相加" in edu.reason
    # Without the sentence in force, the same choice is made but no clause is claimed.
    plain = score(profile, TABLE, on=ON).line("EDU")
    assert plain is not None and not plain.counted and "第十一条" not in plain.reason


def test_public_service_without_cap_raises_the_open_question() -> None:
    result = score(person(public_service_years=12), TABLE, on=ON)
    assert any(
        note.startswith("PUBLIC_SERVICE") and "未载最高分值" in note for note in result.notes
    )
    capped = score(
        person(public_service_years=12), with_rule(TABLE, "PUBLIC_SERVICE", cap=30), on=ON
    )
    assert capped.total == 60 and not any("PUBLIC_SERVICE" in n for n in capped.notes)


def test_both_investment_routes_raise_the_additivity_question() -> None:
    both = {"average_annual_tax_wan": 25, "average_annual_local_hires": 42, "years": 3}
    result = score(person(investment=both), TABLE, on=ON)
    assert any(note.startswith("INVEST_TAX") for note in result.notes)
    single = {"average_annual_tax_wan": 25, "years": 3}
    assert not any("INVEST_TAX" in n for n in score(person(investment=single), TABLE, on=ON).notes)
    # No clause in force says the routes are not added: the note claims none.
    (note,) = [n for n in result.notes if n.startswith("INVEST_TAX")]
    assert "第十一条" not in note and "未载“选择其中一项”的条款" in note
    said = "“投资纳税”、“投资带动本地就业”两项指标，选择其中一项进行积分"
    choice = ProvisionEntry("第十一条", said, ("INVEST_TAX",), TABLE.rules[0].provenance)
    cited = score(person(investment=both), replace(TABLE, one_of=(choice,)), on=ON)
    (note,) = [n for n in cited.notes if n.startswith("INVEST_TAX")]
    assert f"第十一条：{said}" in note and "纳税与聘用不相加" in note


def test_veto_keeps_the_total_and_gives_the_reason() -> None:
    result = score(person(vetoes={"serious_crime": True}), TABLE, on=ON)
    assert result.disqualified and result.total == 30
    line = result.line("VETO_SERIOUS_CRIME")
    assert line is not None and "一票否决" in line.reason


def test_every_counted_line_carries_its_provenance_and_clause() -> None:
    result = score(person(education="bs", spouse_local_hukou_years=3), TABLE, on=ON)
    for line in result.lines:
        assert line.provenance is not None and line.provenance.doc_number == "沪府发〔2017〕98号"
        assert line.clause is not None


def test_rule_without_its_parameters_is_not_applied() -> None:
    table = with_rule(TABLE, "AGE", params=())
    line = score(person(), table, on=ON).line("AGE")
    assert line is not None and not line.counted and "未载明" in line.reason


def test_base_condition_follows_the_table_not_the_code() -> None:
    # The table asks for 8 months instead of 6: a profile with 6 no longer qualifies.
    stricter = with_rule(TABLE, "SKILL", "2", params={"base_months": 8})
    profile = person(skill_certificates=[cert("车工", 2)], social_insurance=BASE_OK)
    assert score(profile, TABLE, on=ON).points_of("SKILL") == 100
    assert score(profile, stricter, on=ON).points_of("SKILL") == 0


def test_base_months_outside_the_window_do_not_count() -> None:
    # The same 6 months at 1×, scored a year later, have left the 12-month window.
    profile = person(skill_certificates=[cert("车工", 2)], social_insurance=BASE_OK)
    assert score(profile, TABLE, on=date(2026, 1, 15)).points_of("SKILL") == 0


def test_the_same_answer_reads_in_english_when_asked() -> None:
    profile = person(skill_certificates=[cert("车工", 2)], social_insurance=BASE_SHORT)
    with speaking(Lang.EN):
        result = score(profile, without_rule(TABLE, "THRESHOLD"), on=ON)
    line = result.line("SKILL")
    assert line is not None and "the profile has 5" in line.reason
    assert "no fallback to a lower level's value" in line.reason
    assert any("no 标准分值 (THRESHOLD) in force on 2025-01-15" in n for n in result.notes)

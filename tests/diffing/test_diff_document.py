"""Whole-document diffs: content and wording hashes, and the classification subscribers see."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from diffing_cases import (
    SKILL_TRADES,
    document,
    points_table,
    skill_catalogue,
    skill_rule,
    standard_points,
)
from hypothesis import given
from hypothesis import strategies as st

from diffing.document import content_hash, diff_documents
from diffing.records import ChangeClass
from scraper.records import Catalogue, ParsedDocument, PointsTable, Provision, Trade


def test_content_hash_ignores_row_order_numbers_and_text_noise() -> None:
    doc = document(trades=skill_catalogue(), points=standard_points())
    assert doc.catalogue is not None
    rows = list(reversed(doc.catalogue.trades))
    shuffled = Catalogue("另一个标题", tuple(replace(t, number=None) for t in rows))
    noisy = replace(
        doc,
        catalogue=shuffled,
        points=PointsTable(tuple(reversed(standard_points().rules))),
        main_text=doc.main_text + "\n浏览次数：99\n人气:3",
        parser="another_parser",
        parser_version=7,
    )
    assert content_hash(noisy) == content_hash(doc)


def test_alias_order_does_not_move_the_content_hash() -> None:
    one = document(trades=Catalogue(None, (Trade("起重装卸机械操作工", ("甲司机", "乙司机")),)))
    other = document(trades=Catalogue(None, (Trade("起重装卸机械操作工", ("乙司机", "甲司机")),)))
    assert content_hash(one) == content_hash(other)
    assert diff_documents(one, other).classification is ChangeClass.NONE


def test_content_hash_moves_with_a_row_a_value_or_a_doc_number() -> None:
    doc = document(trades=skill_catalogue(), points=standard_points())
    fewer = replace(doc, catalogue=skill_catalogue(SKILL_TRADES[1:]))
    dearer = replace(doc, points=points_table(*standard_points().rules[:-1]))
    renumbered = document(
        trades=skill_catalogue(), points=standard_points(), doc_number="沪府规〔2026〕1号"
    )
    hashes = {content_hash(d) for d in (doc, fewer, dearer, renumbered)}
    assert len(hashes) == 4


def test_main_text_does_not_move_the_content_hash() -> None:
    doc = document(points=points_table(skill_rule("3", 60)))
    rewritten = replace(doc, main_text="新的措辞")
    assert content_hash(doc) == content_hash(rewritten)


def test_a_reworded_label_moves_the_content_hash_but_not_its_width_variant() -> None:
    doc = document(points=points_table(skill_rule("3", 60, label="技能类国家职业资格三级")))
    reworded = replace(doc, points=points_table(skill_rule("3", 60, label="技能等级三级")))
    widened = replace(
        doc, points=points_table(skill_rule("3", 60, label=" 技能类国家职业资格三级 "))
    )
    assert content_hash(doc) != content_hash(reworded)
    assert content_hash(doc) == content_hash(widened)


def test_same_document_is_none() -> None:
    doc = document(trades=skill_catalogue(), points=standard_points())
    diff = diff_documents(doc, doc)
    assert diff.classification is ChangeClass.NONE
    assert diff.classification is ChangeClass.NONE
    assert (diff.trade_changes, diff.rule_changes, diff.meta_changes, diff.text_diff) == (
        (),
        (),
        (),
        "",
    )


def test_a_trade_added_is_a_rule_change() -> None:
    old = document(trades=skill_catalogue())
    new = document(trades=skill_catalogue((*SKILL_TRADES, "船舶电气装配工")))
    diff = diff_documents(old, new)
    assert diff.classification is ChangeClass.RULE
    assert [c.new.name for c in diff.trade_changes if c.new] == ["船舶电气装配工"]


def test_a_points_change_is_a_rule_change() -> None:
    old = document(points=points_table(skill_rule("3", 60)))
    new = document(points=points_table(skill_rule("3", 70)))
    assert diff_documents(old, new).classification is ChangeClass.RULE


def test_general_conditions_of_the_table_are_rules() -> None:
    old = document(points=PointsTable(standard_points().rules, ("持有本市居住证",)))
    new = document(points=PointsTable(standard_points().rules, ("持有本市居住证满一年",)))
    assert diff_documents(old, new).classification is ChangeClass.RULE


def test_who_the_document_applies_to_is_a_rule() -> None:
    # 第二条 before and after 2018: the 6 months of social insurance were added.
    before = (
        "在本市工作、居住，持有《上海市居住证》，并参加本市职工社会保险的境内来沪人员，适用本办法"
    )
    after = before.replace("保险的", "保险满6个月的")
    rules = standard_points().rules
    old = document(points=PointsTable(rules, eligibility=(Provision("第二条", before),)))
    new = document(points=PointsTable(rules, eligibility=(Provision("第二条", after),)))
    assert content_hash(old) != content_hash(new)
    assert diff_documents(old, new).classification is ChangeClass.RULE


def test_a_choose_one_rule_is_content() -> None:
    table = PointsTable(standard_points().rules)
    one_of = (
        Provision("第十一条", "“教育背景”、“专业技术职称和技能等级”两项指标，选择其中一项进行积分"),
    )
    said = replace(table, one_of=one_of)
    assert content_hash(document(points=table)) != content_hash(document(points=said))


def test_label_title_and_text_only_changes_are_wording() -> None:
    old = document(points=points_table(skill_rule("3", 60, label="技能类国家职业资格三级")))
    new = document(
        points=points_table(skill_rule("3", 60, label="技能等级三级")),
        title="上海市居住证积分管理办法（修订）",
        text="上海市居住证积分管理办法\n第一条 为了规范……",
    )
    diff = diff_documents(old, new)
    assert diff.classification is ChangeClass.WORDING
    assert diff.meta_changes == (
        ("title", "上海市居住证积分管理办法", "上海市居住证积分管理办法(修订)"),
    )
    assert "+第一条 为了规范" in diff.text_diff


def test_re_issue_under_a_new_doc_number_and_date_is_wording() -> None:
    old = document(points=standard_points())
    new = document(
        points=standard_points(), doc_number="沪府规〔2026〕5号", effective_on=date(2026, 7, 1)
    )
    diff = diff_documents(old, new)
    assert diff.classification is ChangeClass.WORDING
    assert diff.meta_changes == (
        ("effective_on", None, "2026-07-01"),
        ("doc_number", "沪府发〔2017〕98号", "沪府规〔2026〕5号"),
    )


def test_a_parser_upgrade_is_technical_even_when_rows_change() -> None:
    old = document(trades=catalogue_with_group(split=False), parser_version=1)
    new = document(trades=skill_catalogue((*SKILL_TRADES, "新识别出的工种")), parser_version=2)
    assert diff_documents(old, new).classification is ChangeClass.TECHNICAL


def test_a_parser_upgrade_that_only_changes_representation_is_technical() -> None:
    old = document(trades=catalogue_with_group(split=False), parser_version=1)
    new = document(trades=catalogue_with_group(split=True), parser_version=2)
    diff = diff_documents(old, new)
    assert diff.trade_changes == ()
    assert diff.classification is ChangeClass.TECHNICAL


def test_explicit_parser_versions_override_the_documents() -> None:
    old = document(points=points_table(skill_rule("3", 60)))
    new = document(points=points_table(skill_rule("3", 70)))
    diff = diff_documents(old, new, old_parser_version=3, new_parser_version=4)
    assert diff.classification is ChangeClass.TECHNICAL


def test_a_parser_upgrade_with_identical_output_is_none() -> None:
    doc = document(points=standard_points())
    diff = diff_documents(doc, replace(doc, parser_version=2))
    assert diff.classification is ChangeClass.NONE


def catalogue_with_group(*, split: bool) -> Catalogue:
    group = Trade("金属热处理工", ("热处理工",)) if split else Trade("金属热处理工/热处理工")
    return Catalogue(None, (*skill_catalogue().trades, group))


documents = st.builds(
    lambda names, rules, text: document(
        trades=skill_catalogue(tuple(names)), points=PointsTable(tuple(rules)), text=text
    ),
    st.lists(st.sampled_from(SKILL_TRADES), unique=True, min_size=1),
    st.lists(st.sampled_from(standard_points().rules), unique=True),
    st.text(),
)


@given(documents)
def test_a_document_against_itself_is_none(doc: ParsedDocument) -> None:
    assert diff_documents(doc, doc).classification is ChangeClass.NONE


@given(documents, st.randoms(use_true_random=False))
def test_content_hash_is_stable_under_reordering(doc: ParsedDocument, rnd: random.Random) -> None:
    assert doc.catalogue is not None and doc.points is not None
    trades, rules = list(doc.catalogue.trades), list(doc.points.rules)
    rnd.shuffle(trades)
    rnd.shuffle(rules)
    moved = replace(
        doc,
        catalogue=Catalogue(None, tuple(trades)),
        points=PointsTable(tuple(rules)),
        main_text=doc.main_text + "\n阅读次数：5",
    )
    assert content_hash(moved) == content_hash(doc)
    assert diff_documents(doc, moved).classification is ChangeClass.NONE

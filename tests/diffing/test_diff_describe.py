"""Plain words: change items and the headline a subscriber reads."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from diffing_cases import SKILL_TRADES, document, points_table, skill_catalogue, skill_rule

from diffing.describe import describe, headline
from diffing.document import diff_documents
from diffing.records import ChangeItem, ChangeKind
from scraper.records import Catalogue, PointRule, RuleUnit, Trade
from words import Lang, speaking


def items_between(old: object, new: object) -> tuple[ChangeItem, ...]:
    return describe(diff_documents(old, new))  # type: ignore[arg-type]


def test_added_trade_mentions_its_aliases_and_code() -> None:
    old = document(trades=skill_catalogue())
    new = replace(
        old,
        catalogue=Catalogue(
            None, (*skill_catalogue().trades, Trade("金属热处理工", ("热处理工",), code="6-18"))
        ),
    )
    (item,) = items_between(old, new)
    assert (item.kind, item.subject, item.old, item.new) == (
        "trade_added",
        "金属热处理工",
        None,
        "金属热处理工",
    )
    assert item.detail == "新增：金属热处理工 (又称热处理工；代码6-18)"


def test_removed_and_renamed_trades() -> None:
    old = document(trades=Catalogue(None, (Trade("热处理工"), Trade("电工"))))
    new = document(trades=Catalogue(None, (Trade("金属热处理工", ("热处理工",)),)))
    renamed, removed = items_between(old, new)
    assert (renamed.kind, renamed.old, renamed.new) == (
        "trade_renamed",
        "热处理工",
        "金属热处理工/热处理工",
    )
    assert renamed.detail == "更名：热处理工 → 金属热处理工/热处理工"
    assert (removed.kind, removed.subject, removed.detail) == (
        "trade_removed",
        "电工",
        "删除：电工",
    )


def test_modified_trade_says_field_old_and_new() -> None:
    old = document(
        trades=Catalogue(None, (Trade("航海技术", attributes=(("所属类别", "水上运输类"),)),))
    )
    new = document(
        trades=Catalogue(None, (Trade("航海技术", attributes=(("所属类别", "航海类"),)),))
    )
    (item,) = items_between(old, new)
    assert (item.kind, item.subject, item.old, item.new) == (
        "trade_modified",
        "航海技术",
        "水上运输类",
        "航海类",
    )
    assert item.detail == "航海技术：所属类别 水上运输类 → 航海类"


def test_a_rename_that_also_moves_a_column_says_both() -> None:
    old = document(trades=Catalogue(None, (Trade("城市轨道交通车辆", code="52030100"),)))
    new = document(trades=Catalogue(None, (Trade("城市轨道交通车辆技术", code="52030101"),)))
    kinds = [(i.kind, i.old, i.new) for i in items_between(old, new)]
    assert kinds == [
        ("trade_renamed", "城市轨道交通车辆", "城市轨道交通车辆技术"),
        ("trade_modified", "52030100", "52030101"),
    ]


def test_rule_points_cap_and_condition_in_plain_words() -> None:
    old = document(points=points_table(skill_rule("3", 60, cap=100)))
    new = document(
        points=points_table(
            skill_rule("3", 70, cap=120, conditions=("取得本职业或相关职业证书", "在本市就业"))
        )
    )
    (item,) = items_between(old, new)
    assert (item.kind, item.subject, item.old, item.new) == (
        "rule_modified",
        "技能等级三级",
        "60",
        "70",
    )
    assert item.detail == ("技能等级三级：60 → 70分；最高分值 100 → 120；新增条件：在本市就业")


def test_rule_added_and_removed() -> None:
    old = document(points=points_table(skill_rule("5", 15)))
    new = document(
        points=points_table(
            PointRule("SPOUSE_LOCAL", "", "配偶为本市户籍", 4, unit=RuleUnit.PER_YEAR, cap=40)
        )
    )
    removed, added = items_between(old, new)
    assert (added.kind, added.detail) == (
        "rule_added",
        "新增规则配偶为本市户籍：每年4分，最高40分",
    )
    assert (removed.kind, removed.detail) == (
        "rule_removed",
        "取消规则技能等级五级：15分",
    )


def test_label_only_change_reads_as_wording_of_the_rule() -> None:
    old = document(points=points_table(skill_rule("3", 60, label="技能类国家职业资格三级")))
    new = document(points=points_table(skill_rule("3", 60, label="技能等级三级")))
    (item,) = items_between(old, new)
    assert item.detail == "技能等级三级：措辞「技能类国家职业资格三级」 → 「技能等级三级」"


def test_meta_and_text_items() -> None:
    old = document(text="第一条\n第二条")
    new = document(
        text="第一条\n第二条(修订)\n第三条",
        doc_number="沪府规〔2026〕5号",
        published_on=date(2026, 1, 5),
    )
    items = items_between(old, new)
    assert [(i.kind, i.subject, i.old, i.new) for i in items] == [
        ("meta_modified", "发布日期", "2017-12-20", "2026-01-05"),
        ("meta_modified", "文号", "沪府发〔2017〕98号", "沪府规〔2026〕5号"),
        ("wording", "正文", None, None),
    ]
    assert items[-1].detail == "正文：增加2行，删除1行"


def test_headline_lists_few_names_and_the_point_change() -> None:
    old = document(trades=skill_catalogue(), points=points_table(skill_rule("3", 60)))
    names = (*SKILL_TRADES[1:], "甲工", "乙工", "丙工")
    new = document(trades=skill_catalogue(names), points=points_table(skill_rule("3", 70)))
    title, summary = headline("技能目录", items_between(old, new))
    assert title == (
        "技能目录：新增3个工种：丙工，乙工，甲工；删除1个：半导体芯片制造工；技能等级三级 60 → 70"
    )
    assert summary.splitlines() == [
        "删除：半导体芯片制造工",
        "新增：丙工",
        "新增：乙工",
        "新增：甲工",
        "技能等级三级：60 → 70分",
    ]
    with speaking(Lang.EN):
        english, _ = headline("技能目录", items_between(old, new))
    assert english == (
        "技能目录: 3 trades added: 丙工, 乙工, 甲工; 1 removed: 半导体芯片制造工; "
        "技能等级三级 60 → 70"
    )


def test_headline_counts_many_names_and_stays_short() -> None:
    old = document(trades=skill_catalogue(()))
    names = tuple(f"新增工种名称第{i:03d}号" for i in range(60))
    new = document(trades=skill_catalogue(names), points=None)
    title, summary = headline("技能目录", items_between(old, new))
    assert title == "技能目录：新增60个工种"
    assert len(summary.splitlines()) == 60


def test_long_headline_ends_with_and_n_more() -> None:
    rules = [skill_rule(level, 10 * n) for n, level in enumerate("54321", start=1)]
    old = document(points=points_table(*rules))
    new = document(
        points=points_table(*(replace(r, points=(r.points or 0) + 1) for r in rules)),
        doc_number="沪府规〔2026〕5号" * 8,
    )
    title, _ = headline("上海市居住证积分管理办法" * 3, items_between(old, new))
    assert len(title) <= 80
    assert re.search(r"…等另外 \d+ 项$", title)


def test_single_huge_item_is_cut_not_dropped() -> None:
    item = ChangeItem(
        ChangeKind.META_MODIFIED, "标题", "旧", "新" * 500, "标题: 旧 → " + "新" * 500
    )
    title, _ = headline("来源", [item])
    assert len(title) == 80
    assert title.startswith("来源：标题: 旧 → 新")
    assert title.endswith("…")


def test_headline_without_items_says_no_change() -> None:
    assert headline("技能目录", ()) == ("技能目录：无变化", "")

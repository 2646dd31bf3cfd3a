"""Hand-made catalogue, points and document records for the diffing tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from scraper.records import (
    Catalogue,
    DocumentMeta,
    ParsedDocument,
    PointRule,
    PointsTable,
    RuleCategory,
    RuleUnit,
    Trade,
)

SKILL_TRADES = (
    "半导体芯片制造工",
    "计算机程序设计员",
    "汽车维修工",
    "车工",
    "钳工",
    "焊工",
    "电工",
    "模具工",
    "起重工",
    "疫苗制品工",
)


def catalogue(*trades: Trade, title: str | None = "高技能人才职业目录") -> Catalogue:
    return Catalogue(title=title, trades=tuple(trades), columns=("序号", "职业工种名称"))


def skill_catalogue(names: tuple[str, ...] = SKILL_TRADES) -> Catalogue:
    return catalogue(*(Trade(name, number=i) for i, name in enumerate(names, start=1)))


def skill_rule(level: str, points: int | None, **changes: object) -> PointRule:
    names = {"5": "五级", "4": "四级", "3": "三级", "2": "二级", "1": "一级"}
    rule = PointRule(
        indicator="SKILL",
        level=level,
        label=f"技能等级{names[level]}",
        points=points,
        conditions=("取得本职业或相关职业证书",),
    )
    return replace(rule, **changes)  # type: ignore[arg-type]


def points_table(*rules: PointRule) -> PointsTable:
    return PointsTable(rules=tuple(rules))


def standard_points() -> PointsTable:
    return points_table(
        skill_rule("5", 15),
        skill_rule("4", 30),
        skill_rule("3", 60),
        skill_rule("2", 100, params=(("base_multiple", "1"), ("base_months", "6"))),
        skill_rule("1", 140),
        PointRule("EDU", "BK", "本科", 90),
        PointRule(
            "INVEST_TAX",
            "",
            "投资纳税",
            10,
            unit=RuleUnit.PER_STEP,
            cap=120,
            category=RuleCategory.ADD,
        ),
    )


def document(
    *,
    trades: Catalogue | None = None,
    points: PointsTable | None = None,
    text: str = "上海市居住证积分管理办法\n第一条 为了……",
    parser_version: int = 1,
    **meta: object,
) -> ParsedDocument:
    defaults: dict[str, object] = {
        "title": "上海市居住证积分管理办法",
        "published_on": date(2017, 12, 20),
        "doc_number": "沪府发〔2017〕98号",
    }
    defaults.update(meta)
    return ParsedDocument(
        source_id="shgov-jifen-measures",
        url="https://www.shanghai.gov.cn/nw12344/20180102/a.html",
        parser="policy_prose",
        parser_version=parser_version,
        meta=DocumentMeta(**defaults),  # type: ignore[arg-type]
        main_text=text,
        catalogue=trades,
        points=points,
    )

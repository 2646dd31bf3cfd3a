"""Notice classification from the index source's options."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from scraper.notices import NoticeKind, classify_notice, routes_of
from scraper.options import IndexOptions
from scraper.records import Source, SourceKind


def _index(**options: str) -> Source:
    return Source(
        id="rsj-rules",
        url="https://rsj.sh.gov.cn/tgwgfx_17726/index.html",
        kind=SourceKind.INDEX,
        options=IndexOptions.model_validate(options),
    )


BRIEF = _index(
    catalogue_keywords="目录",
    points_keywords="积分管理办法,实施细则",
    target_catalogue="skill-trades",
    target_points="points-measures",
    ignore_keywords="招聘,公示",
)


@pytest.mark.parametrize(
    ("title", "kind", "target"),
    [
        (
            "关于公布2026年版上海市居住证积分高技能人才职业工种目录的通知",
            NoticeKind.CATALOGUE,
            "skill-trades",
        ),
        (
            "上海市人民政府关于印发《上海市居住证积分管理办法》的通知",
            NoticeKind.POINTS,
            "points-measures",
        ),
        (
            "关于印发《上海市居住证积分管理办法实施细则》的通知",
            NoticeKind.POINTS,
            "points-measures",
        ),
        ("关于调整本市职工社会保险缴费基数的通知", NoticeKind.IGNORED, None),
        ("2026年事业单位公开招聘目录公示", NoticeKind.IGNORED, None),
    ],
)
def test_titles_are_routed_to_their_logical_source(
    title: str, kind: NoticeKind, target: str | None
) -> None:
    verdict = classify_notice(title, BRIEF, routes_of(BRIEF))

    assert (verdict.kind, verdict.target) == (kind, target)
    assert verdict.is_wanted == (target is not None)


def test_the_most_specific_keyword_wins() -> None:
    # "积分管理办法" (6) is more specific than "目录" (2) in a 办法 that mentions a 目录.
    title = "关于印发《上海市居住证积分管理办法》及相关目录的通知"
    verdict = classify_notice(title, BRIEF, routes_of(BRIEF))

    assert verdict.target == "points-measures"


def test_equal_matches_for_two_targets_are_ambiguous_not_guessed() -> None:
    index = _index(**{"route.skill-trades": "目录", "route.shortage-majors": "目录,紧缺急需专业"})
    targets = {
        "skill-trades": Source("skill-trades", "https://x/a.html", SourceKind.CATALOGUE),
        "shortage-majors": Source("shortage-majors", "https://x/b.html", SourceKind.CATALOGUE),
    }
    routes = routes_of(index, targets)

    assert classify_notice("上海市紧缺急需专业目录", index, routes).target == "shortage-majors"
    verdict = classify_notice("关于发布目录的通知", index, routes)
    assert verdict.kind is NoticeKind.AMBIGUOUS
    assert verdict.target is None
    assert "shortage-majors" in verdict.reason and "skill-trades" in verdict.reason


def test_route_targets_take_their_kind_from_the_target_source() -> None:
    index = _index(**{"route.points-measures": "办法"})
    targets = {
        "points-measures": Source(
            "points-measures", "https://x/m.html", SourceKind.POINTS, parser="measures"
        )
    }
    verdict = classify_notice("积分管理办法", index, routes_of(index, targets))

    assert verdict.kind is NoticeKind.MEASURES


def test_pattern_option_classifies_by_regex() -> None:
    index = _index(catalogue_pattern=r"\d{4}年版.*目录", target_catalogue="skill-trades")

    assert classify_notice("2026年版职业工种目录", index, routes_of(index)).target == "skill-trades"
    assert classify_notice("职业工种目录", index, routes_of(index)).kind is NoticeKind.IGNORED


def test_keywords_without_target_name_the_missing_option() -> None:
    with pytest.raises(ValidationError, match="target_catalogue"):
        _index(catalogue_keywords="目录")
    with pytest.raises(ValidationError, match="catalogue_pattern"):
        _index(catalogue_pattern="(", target_catalogue="x")


def test_chinese_comma_separates_keywords_too() -> None:
    index = _index(catalogue_keywords="工种目录，专业目录", target_catalogue="skill-trades")

    assert classify_notice("紧缺急需专业目录", index, routes_of(index)).target == "skill-trades"

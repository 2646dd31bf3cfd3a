"""Text evidence: unified and side-by-side diffs of normalised main text."""

from __future__ import annotations

from diffing.text import side_by_side, text_diff

OLD = "第一条 总则\n第二条 年龄\n第三条 教育背景\n第四条 技能等级三级积60分\n第五条 附则"
NEW = "第一条 总则\n第二条 年龄\n第三条 教育背景\n第四条 技能等级三级积70分\n第五条 附则"


def test_unified_diff_shows_the_changed_line_with_labels_and_context() -> None:
    diff = text_diff(OLD, NEW, context=1, from_label="v1", to_label="v2")
    assert diff.splitlines() == [
        "--- v1",
        "+++ v2",
        "@@ -3,3 +3,3 @@",
        " 第三条 教育背景",
        "-第四条 技能等级三级积60分",
        "+第四条 技能等级三级积70分",
        " 第五条 附则",
    ]


def test_noise_only_gives_an_empty_diff() -> None:
    noisy = OLD.replace("总则", "总则  ") + "\n阅读次数：1234\n"
    assert text_diff(OLD, noisy) == ""


def test_side_by_side_rows_pair_lines() -> None:
    rows = side_by_side("甲\n乙\n丙", "甲\n乙改\n丙\n丁")
    assert rows == [
        ("equal", "甲", "甲"),
        ("replace", "乙", "乙改"),
        ("equal", "丙", "丙"),
        ("insert", "", "丁"),
    ]


def test_side_by_side_of_removed_lines() -> None:
    assert side_by_side("甲\n乙", "甲") == [("equal", "甲", "甲"), ("delete", "乙", "")]


def test_empty_texts_have_no_rows() -> None:
    assert side_by_side("", " \n ") == []

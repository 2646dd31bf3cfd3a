"""Keyed catalogue diffs: additions, removals, renames (by code, alias, close name), attributes."""

from __future__ import annotations

import random
from dataclasses import replace

from diffing_cases import SKILL_TRADES, catalogue, skill_catalogue
from hypothesis import given, settings
from hypothesis import strategies as st

from diffing.catalogue import diff_catalogues
from diffing.records import TradeChange, TradeChangeKind
from scraper.records import Catalogue, Trade

ADDED, REMOVED = TradeChangeKind.ADDED, TradeChangeKind.REMOVED
RENAMED, MODIFIED = TradeChangeKind.RENAMED, TradeChangeKind.MODIFIED


def summary(changes: tuple[TradeChange, ...]) -> list[tuple[str, str | None, str | None]]:
    return [
        (c.kind.value, c.old.name if c.old else None, c.new.name if c.new else None)
        for c in changes
    ]


def test_same_catalogue_has_no_changes() -> None:
    assert diff_catalogues(skill_catalogue(), skill_catalogue()) == ()


def test_added_and_removed_trades_are_named() -> None:
    old = skill_catalogue()
    new = skill_catalogue((*SKILL_TRADES[1:], "船舶电气装配工"))
    assert summary(diff_catalogues(old, new)) == [
        ("removed", "半导体芯片制造工", None),
        ("added", None, "船舶电气装配工"),
    ]


def test_reordering_and_renumbering_are_not_changes() -> None:
    old = skill_catalogue()
    new = catalogue(*(Trade(n, number=100 - i) for i, n in enumerate(reversed(SKILL_TRADES))))
    assert diff_catalogues(old, new) == ()


def test_width_variants_and_footnote_marks_are_not_changes() -> None:
    old = catalogue(Trade("金属热处理工", ("热处理工",)), Trade("焊工"), Trade("ＣＡＤ绘图员"))
    new = catalogue(Trade("金属热处理工／热处理工 "), Trade("焊工*"), Trade("CAD 绘图员"))
    assert diff_catalogues(old, new) == ()


def test_a_name_that_was_an_alias_is_a_rename_not_a_removal() -> None:
    old = catalogue(Trade("热处理工"), Trade("焊工"))
    new = catalogue(Trade("金属热处理工", ("热处理工",)), Trade("焊工"))
    (change,) = diff_catalogues(old, new)
    assert change.kind is RENAMED
    assert change.old == Trade("热处理工")
    assert change.new == Trade("金属热处理工", ("热处理工",))
    assert change.fields[0] == "name"


def test_a_dropped_alias_that_becomes_the_name_is_a_rename() -> None:
    old = catalogue(Trade("起重装卸机械操作工", ("内燃港机装卸机械司机", "内燃装卸机械司机")))
    new = catalogue(Trade("内燃装卸机械司机"))
    assert summary(diff_catalogues(old, new)) == [
        ("renamed", "起重装卸机械操作工", "内燃装卸机械司机")
    ]


def test_only_aliases_changing_is_a_modification() -> None:
    old = catalogue(Trade("金属热处理工", ("热处理工",)))
    new = catalogue(Trade("金属热处理工", ("热处理工", "淬火工")))
    (change,) = diff_catalogues(old, new)
    assert (change.kind, change.fields) == (MODIFIED, ("aliases",))


def test_a_major_renamed_under_the_same_code_is_renamed() -> None:
    old = catalogue(Trade("城市轨道交通车辆", code="52030100"), Trade("航海技术", code="52040100"))
    new = catalogue(Trade("航海技术", code="52040100"), Trade("轨道交通车辆技术", code="52030100"))
    (change,) = diff_catalogues(old, new)
    assert change.kind is RENAMED
    assert (change.old, change.new) == (old.trades[0], new.trades[1])


def test_two_majors_swapping_names_under_their_codes_are_two_renames() -> None:
    old = catalogue(Trade("甲专业", code="51010100"), Trade("乙专业", code="51010200"))
    new = catalogue(Trade("乙专业", code="51010100"), Trade("甲专业", code="51010200"))
    assert summary(diff_catalogues(old, new)) == [
        ("renamed", "甲专业", "乙专业"),
        ("renamed", "乙专业", "甲专业"),
    ]


def test_a_new_code_for_the_same_name_is_a_modified_code() -> None:
    old = catalogue(Trade("种子生产与经营", code="510102"))
    new = catalogue(Trade("种子生产与经营", code="41010200"))
    (change,) = diff_catalogues(old, new)
    assert (change.kind, change.fields) == (MODIFIED, ("code",))


def test_attribute_changes_are_modifications_naming_the_column() -> None:
    old = catalogue(
        Trade("房地产估价师", attributes=(("可聘中级职称", "经济师"), ("所属类别", "甲")))
    )
    new = catalogue(
        Trade("房地产估价师", attributes=(("所属类别", "乙"), ("可聘中级职称", "经济师")))
    )
    (change,) = diff_catalogues(old, new)
    assert (change.kind, change.fields) == (MODIFIED, ("所属类别",))


def test_attribute_width_variants_are_not_changes() -> None:
    old = catalogue(Trade("注册消防工程师（一级）", attributes=(("可聘中级职称", "工程师"),)))
    new = catalogue(Trade("注册消防工程师(一级)", attributes=(("可聘中级职称", " 工程师 "),)))
    assert diff_catalogues(old, new) == ()


def test_a_close_name_among_leftovers_is_a_rename() -> None:
    old = skill_catalogue()
    names = tuple("汽车维修技术工" if n == "汽车维修工" else n for n in SKILL_TRADES)
    assert summary(diff_catalogues(old, skill_catalogue(names))) == [
        ("renamed", "汽车维修工", "汽车维修技术工")
    ]


def test_a_contained_name_of_two_characters_pairs_but_one_character_does_not() -> None:
    assert summary(diff_catalogues(catalogue(Trade("钳工")), catalogue(Trade("装配钳工")))) == [
        ("renamed", "钳工", "装配钳工")
    ]
    assert summary(diff_catalogues(catalogue(Trade("车")), catalogue(Trade("汽车装调工")))) == [
        ("removed", "车", None),
        ("added", None, "汽车装调工"),
    ]


def test_unrelated_names_are_removed_and_added_not_renamed() -> None:
    old, new = catalogue(Trade("疫苗制品工")), catalogue(Trade("起重工"))
    assert [c.kind for c in diff_catalogues(old, new)] == [REMOVED, ADDED]


def test_close_names_pair_best_first_each_used_once() -> None:
    old = catalogue(Trade("船舶机械装配工"), Trade("船舶电气装配工"))
    new = catalogue(Trade("船舶电气装配技术工"), Trade("船舶机械装配技术工"))
    assert summary(diff_catalogues(old, new)) == [
        ("renamed", "船舶机械装配工", "船舶机械装配技术工"),
        ("renamed", "船舶电气装配工", "船舶电气装配技术工"),
    ]


catalogues = st.lists(st.sampled_from(SKILL_TRADES), unique=True).map(skill_catalogue)


@given(catalogues)
def test_a_catalogue_against_itself_has_no_changes(cat: Catalogue) -> None:
    assert diff_catalogues(cat, cat) == ()


@given(catalogues, catalogues, st.randoms(use_true_random=False))
def test_diff_does_not_depend_on_row_order_or_width(
    old: Catalogue, new: Catalogue, rnd: random.Random
) -> None:
    rows = list(new.trades)
    rnd.shuffle(rows)
    widened = catalogue(*(replace(t, name=t.name + "\u3000", number=None) for t in rows))
    got = summary(diff_catalogues(old, widened))
    assert [(k, o, n and n.strip()) for k, o, n in got] == summary(diff_catalogues(old, new))


@given(catalogues, catalogues)
def test_every_row_is_accounted_for(old: Catalogue, new: Catalogue) -> None:
    changes = diff_catalogues(old, new)
    removed = sum(c.kind is REMOVED for c in changes)
    added = sum(c.kind is ADDED for c in changes)
    assert len(old.trades) - removed == len(new.trades) - added


# Majors under codes, drawn from small pools so that both sides share rows, and sometimes codes.
majors = st.lists(
    st.builds(
        lambda name, aliases, code, category: Trade(
            name=name,
            aliases=aliases,
            code=code,
            attributes=(("所属类别", category),) if category else (),
        ),
        st.sampled_from(["机电一体化技术", "数控技术", "护理", "药学", "汽车检测与维修技术"]),
        st.sampled_from([(), ("机电技术",)]),
        st.sampled_from(["51010200", "52030100", "52040100", "52040200", None]),
        st.sampled_from(["装备制造类", "医药卫生类", ""]),
    ),
    max_size=8,
).map(lambda rows: catalogue(*rows))


@settings(max_examples=300)
@given(majors, majors)
def test_rows_under_codes_diff_the_same_whatever_their_width(
    old: Catalogue, new: Catalogue
) -> None:
    # Widened names are no row published alike: every row takes the pairing passes.
    widened = catalogue(*(replace(t, name=t.name + "\u3000") for t in new.trades))
    unwidened = [
        (c.kind, c.old, c.new and replace(c.new, name=c.new.name.rstrip("\u3000")), c.fields)
        for c in diff_catalogues(old, widened)
    ]
    assert unwidened == [(c.kind, c.old, c.new, c.fields) for c in diff_catalogues(old, new)]

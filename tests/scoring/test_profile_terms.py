"""Profiles in the words people use (本科, 三级, 技师 …), every optional field left out, and errors
that name the field in Chinese and say what would be right."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from test_calculator import ON, TABLE

from scoring.calculator import score
from scoring.profile import Profile, ProfileError, parse_profile, read_profile
from scoring.profile_fields import PROFILE_FIELDS, FieldPath

EXAMPLE = Path(__file__).parents[1] / "fixtures" / "profiles" / "example.toml"
BIRTH = "1990-05-20"


def _full() -> dict[str, Any]:
    """The example profile with every optional table filled in too."""
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["shortage_major"] = {"code": "52030100", "name": "城市轨道交通车辆", "full_time_dz": True}
    data["investment"] = {
        "average_annual_tax_wan": 25,
        "average_annual_local_hires": 0,
        "years": 3,
    }
    data["titles"][0]["registered"] = True
    return data


FULL = _full()
# What a listed certificate, title, period or major cannot go without.
NEEDED = {"trade", "level", "kind", "name", "start", "end", "multiple", "code"}


@pytest.mark.parametrize(
    ("term", "education"),
    [
        ("本科", "bk"),
        ("本科+学士", "bk_xs"),
        ("本科＋学士", "bk_xs"),
        ("本科 + 学士", "bk_xs"),
        ("硕士", "ss"),
        ("博士", "bs"),
        ("大专", "dz"),
        ("无", "none"),
        ("bk_xs", "bk_xs"),
        ("BK", "bk"),
    ],
)
def test_education_is_read_from_the_terms_people_use(term: str, education: str) -> None:
    assert read_profile({"birth_date": BIRTH, "education": term}).education == education


@pytest.mark.parametrize(
    ("term", "level"),
    [
        ("五级", 5),
        ("初级工", 5),
        ("中级工", 4),
        ("三级", 3),
        ("高级工", 3),
        ("技师", 2),
        ("二级", 2),
        ("高级技师", 1),
        ("一级", 1),
        ("国家职业资格三级", 3),
        ("3", 3),
        (3, 3),
        ("特级技师", "特级技师"),
    ],
)
def test_skill_level_is_read_from_the_terms_people_use(term: object, level: object) -> None:
    data = {"birth_date": BIRTH, "skill_certificates": [{"trade": "车工", "level": term}]}
    assert read_profile(data).skill_certificates[0].level == level


def test_titles_and_awards_take_their_chinese_names() -> None:
    profile = read_profile(
        {
            "birth_date": BIRTH,
            "titles": [{"kind": "副高级", "name": "高级工程师"}],
            "awards": ["省部级及以上表彰", "special"],
        }
    )
    assert profile.titles[0].kind == "高级"
    assert profile.awards == ("national", "special")


def test_a_term_and_its_id_score_the_same() -> None:
    by_terms = {
        "birth_date": BIRTH,
        "education": "本科+学士",
        "skill_certificates": [{"trade": "车工", "level": "技师"}],
    }
    by_ids = {
        "birth_date": BIRTH,
        "education": "bk_xs",
        "skill_certificates": [{"trade": "车工", "level": 2}],
    }
    assert score(read_profile(by_terms), TABLE, on=ON) == score(read_profile(by_ids), TABLE, on=ON)


def _optional_paths() -> list[tuple[str | int, ...]]:
    """Every field of the full profile but birth_date and those a listed item cannot lack."""
    paths: list[tuple[str | int, ...]] = []

    def walk(node: Any, at: tuple[str | int, ...]) -> None:
        items = node.items() if isinstance(node, dict) else ()
        for key, value in items:
            here = (*at, key)
            if key not in NEEDED and here != ("birth_date",):
                paths.append(here)
            if isinstance(value, dict):
                walk(value, here)
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                walk(value[0], (*here, 0))

    walk(FULL, ())
    return paths


@pytest.mark.parametrize("path", _optional_paths(), ids=lambda p: ".".join(map(str, p)))
def test_every_field_but_birth_date_may_be_left_out(path: tuple[str | int, ...]) -> None:
    data = copy.deepcopy(FULL)
    node: Any = data
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    result = score(read_profile(data), TABLE, on=ON)
    assert result.lines


def test_the_readme_promise_covers_every_field_of_the_models() -> None:
    """The walk above reaches every field the models declare: none is left untested."""
    reached = {tuple(p for p in path if isinstance(p, str)) for path in _optional_paths()}
    declared = set(_declared(Profile, ()))
    needed = {p for p in declared if p[-1] in NEEDED} | {("birth_date",)}
    assert declared - needed <= reached


def _declared(model: type[BaseModel], at: FieldPath) -> list[FieldPath]:
    out: list[FieldPath] = []
    for name, info in model.model_fields.items():
        out.append((*at, name))
        for inner in _models_in(info.annotation):
            out += _declared(inner, (*at, name))
    return out


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


def test_every_field_has_a_chinese_name_and_an_expectation() -> None:
    for path in _declared(Profile, ()):
        text = PROFILE_FIELDS[path]
        assert text.name and "填写" in text.zh and text.en, path


def test_a_certificate_without_obtained_in_shanghai_is_counted_as_the_common_case() -> None:
    stated = read_profile(
        {
            "birth_date": BIRTH,
            "skill_certificates": [{"trade": "车工", "level": 3, "obtained_in_shanghai": True}],
        }
    )
    assumed = read_profile(
        {"birth_date": BIRTH, "skill_certificates": [{"trade": "车工", "level": "三级"}]}
    )
    said, left_out = score(stated, TABLE, on=ON), score(assumed, TABLE, on=ON)
    assert left_out.total == said.total
    assert not any("按在本市取得计算" in note for note in said.notes)
    assert "车工证书未填写是否在本市取得，按在本市取得计算" in left_out.notes


BAD = [
    (
        {"birth_date": "1990/5/20"},
        "出生日期：请填写 YYYY-MM-DD 格式的日期 / birth_date: a date YYYY-MM-DD",
    ),
    ({"education": "bk"}, "出生日期：未填写，请填写 YYYY-MM-DD 格式的日期"),
    (
        {"birth_date": BIRTH, "education": "大学"},
        "学历：请填写 无、大专、本科、本科+学士、硕士、博士",
    ),
    (
        {"birth_date": BIRTH, "skill_certificates": [{"trade": "车工", "level": "高级"}]},
        "技能证书（第1项）·技能等级：请填写 5…1、五级…一级",
    ),
    (
        {"birth_date": BIRTH, "skill_certificates": [{"trade": "车工", "level": 6}]},
        "skill_certificates[0].level: 5 … 1, 五级 … 一级, 初级工 … 高级技师, or 特级技师 / 首席技师",
    ),
    (
        {"birth_date": BIRTH, "skill_certificates": [{"level": 3}]},
        "技能证书（第1项）·职业（工种）：未填写，请填写证书上的职业或工种名称",
    ),
    ({"birth_date": BIRTH, "awrds": []}, "awrds：没有这个字段，是不是 awards？"),
    (
        {"birth_date": BIRTH, "social_insurance": {"years": -1}},
        "社保·社保缴费年限：请填写不小于 0 的整数（整年）",
    ),
    (
        {
            "birth_date": BIRTH,
            "social_insurance": {
                "base_history": [{"start": "2024-05", "end": "2024-01", "multiple": 1}]
            },
        },
        "社保·缴费基数记录（第1项）：结束月份早于开始月份 / social_insurance.base_history[0]: end is "
        "before start",
    ),
    (
        {"birth_date": BIRTH, "fresh_graduate": "maybe"},
        "全日制应届高校毕业生：请填写 true 或 false",
    ),
    ([], "资料：请填写一个表（TOML）或对象（JSON）"),
]


@pytest.mark.parametrize(("data", "said"), BAD)
def test_errors_name_the_field_in_chinese_and_say_what_is_right(data: Any, said: str) -> None:
    with pytest.raises(ProfileError) as raised:
        read_profile(data)
    text = str(raised.value)
    assert said in text
    assert text.startswith("资料有误 / the profile is invalid")
    for pydantic_words in ("pydantic.dev", "literal[", "Input should", "validation error"):
        assert pydantic_words not in text
    assert all(field.message in text for field in raised.value.fields)


def test_one_message_per_field_however_many_checks_failed() -> None:
    with pytest.raises(ProfileError) as raised:
        read_profile({"birth_date": BIRTH, "skill_certificates": [{"trade": "", "level": 9}]})
    assert [f.field for f in raised.value.fields] == [
        "skill_certificates[0].trade",
        "skill_certificates[0].level",
    ]


def test_text_is_toml_unless_it_is_a_json_object() -> None:
    assert parse_profile('birth_date = 1990-05-20\neducation = "硕士"').education == "ss"
    assert parse_profile('{"birth_date": "1990-05-20", "education": "博士"}').education == "bs"
    with pytest.raises(ProfileError, match="不是有效的 TOML / not valid TOML"):
        parse_profile("birth_date = ")

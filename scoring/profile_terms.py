"""The words people use for a profile's closed values (本科, 三级, 技师 …), read as the ids the
calculator works with (`bk`, 3, …).

Each reader accepts the id itself and the Chinese terms of its table, compared after NFKC
(full- to half-width) and without spaces: "本科＋学士", "本科 + 学士" and "本科+学士" are one
term. A value that is none of them fails with a PydanticCustomError whose type names the
field's vocabulary; `scoring.profile_fields` turns it into a message saying what is right.
"""

from __future__ import annotations

import unicodedata
from typing import Any, Literal, get_args

from pydantic_core import PydanticCustomError

EducationId = Literal["none", "dz", "bk", "bk_xs", "ss", "bs"]
# 特级技师 / 首席技师 sit above 一级 in the 2022 ladder; no 积分 text gives them a value.
TopSkillLevel = Literal["特级技师", "首席技师"]
TitleKind = Literal["中级", "高级"]
AwardKind = Literal["special", "general", "national"]

EDUCATION_TERMS: dict[str, EducationId] = {
    "无": "none",
    "高中": "none",
    "中专": "none",
    "大专": "dz",
    "专科": "dz",
    "高职": "dz",
    "本科": "bk",
    "本科+学士": "bk_xs",
    "本科学士": "bk_xs",
    "学士": "bk_xs",
    "硕士": "ss",
    "研究生": "ss",
    "博士": "bs",
}
LEVEL_TERMS: dict[str, int] = {
    "五级": 5,
    "初级工": 5,
    "四级": 4,
    "中级工": 4,
    "三级": 3,
    "高级工": 3,
    "二级": 2,
    "技师": 2,
    "一级": 1,
    "高级技师": 1,
}
TITLE_TERMS: dict[str, TitleKind] = {
    "中级职称": "中级",
    "高级职称": "高级",
    "副高级": "高级",
    "正高级": "高级",
}
AWARD_TERMS: dict[str, AwardKind] = {
    "市级专项性表彰": "special",
    "市级综合性表彰": "general",
    "省部级及以上表彰": "national",
}
_TOP_LEVELS: dict[str, TopSkillLevel] = {"特级技师": "特级技师", "首席技师": "首席技师"}
# Said before a level on certificates and in job ads; the level is what follows.
_LEVEL_PREFIXES = ("国家职业资格", "职业资格", "职业技能等级", "技能等级")


def normal(text: str) -> str:
    """Full-width to half-width, no spaces: how two spellings of one term are compared."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _term(value: Any, ids: tuple[str, ...], terms: dict[str, Any], error: str) -> Any:
    if isinstance(value, str):
        key = normal(value)
        if key.lower() in ids:
            return key.lower()
        if key in terms:
            return terms[key]
    raise PydanticCustomError(error, "not a known term")


def education_id(value: Any) -> EducationId:
    found: EducationId = _term(value, get_args(EducationId), EDUCATION_TERMS, "education_term")
    return found


def title_kind(value: Any) -> TitleKind:
    found: TitleKind = _term(value, get_args(TitleKind), TITLE_TERMS, "title_term")
    return found


def award_kind(value: Any) -> AwardKind:
    found: AwardKind = _term(value, get_args(AwardKind), AWARD_TERMS, "award_term")
    return found


def skill_level(value: Any) -> int | TopSkillLevel:
    """5 … 1 (as a number or a digit), 五级 … 一级, 初级工 … 高级技师, or 特级技师 / 首席技师."""
    if isinstance(value, float) and value.is_integer():  # JSON's 3.0 is the integer 3
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    if isinstance(value, str):
        key = normal(value)
        for prefix in _LEVEL_PREFIXES:
            key = key.removeprefix(prefix)
        if key in ("1", "2", "3", "4", "5"):
            return int(key)
        if key in LEVEL_TERMS:
            return LEVEL_TERMS[key]
        if key in _TOP_LEVELS:
            return _TOP_LEVELS[key]
    raise PydanticCustomError("level_term", "not a known level")


def enum_schema(ids: tuple[str, ...], terms: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema of a closed value given as its id or one of its Chinese terms."""
    return {"type": "string", "enum": [*ids, *terms]}


LEVEL_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "integer", "minimum": 1, "maximum": 5},
        {"type": "string", "enum": ["5", "4", "3", "2", "1", *LEVEL_TERMS, *_TOP_LEVELS]},
    ]
}

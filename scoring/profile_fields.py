"""What a person is told about a profile's fields: each field's Chinese name and what a right
value looks like (Chinese first, English second), and the messages that turn a validation
failure into one line per field — never pydantic's own text.

`field_errors` works on any table of names; the HTTP API passes its query parameters' table too.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scoring.profile_terms import AWARD_TERMS, TITLE_TERMS
from words import N_


@dataclass(frozen=True, slots=True)
class FieldText:
    """A field's Chinese name and what a right value is, in Chinese and in English."""

    name: str
    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class FieldError:
    """One field's problem: `field` its path as written (`skill_certificates[0].level`),
    `message` the line for a person, Chinese first."""

    field: str
    message: str


# A field's place: its names from the top, list positions left out.
FieldPath = tuple[str, ...]
FieldNames = Mapping[FieldPath, FieldText]

DATE = ("请填写 YYYY-MM-DD 格式的日期", "a date YYYY-MM-DD")
_BOOL = ("请填写 true 或 false", "true or false")
_COUNT = ("请填写不小于 0 的整数", "a whole number ≥ 0")
_YEARS = ("请填写不小于 0 的整数（整年）", "a whole number of years ≥ 0")
_MONTH = ("请填写 YYYY-MM 格式的月份", "a month YYYY-MM")
_EDUCATION = (
    "请填写 无、大专、本科、本科+学士、硕士、博士 之一（或 none、dz、bk、bk_xs、ss、bs）",
    "one of none, dz, bk, bk_xs, ss, bs (or 大专, 本科, 本科+学士, 硕士, 博士)",
)
_LEVEL = (
    "请填写 5…1、五级…一级、初级工、中级工、高级工、技师（二级）、高级技师（一级），"
    "或 特级技师、首席技师",
    "5 … 1, 五级 … 一级, 初级工 … 高级技师, or 特级技师 / 首席技师",
)
_AWARDS = (
    f"请填写列表，每项为 {'、'.join(AWARD_TERMS)} 之一（或 special、general、national）",
    "a list of special, general, national (or 市级专项性表彰, 市级综合性表彰, 省部级及以上表彰)",
)
_KIND = (f"请填写 中级 或 高级（{'、'.join(TITLE_TERMS)} 也可）", "中级 or 高级")


def _text(name: str, expected: tuple[str, str]) -> FieldText:
    return FieldText(name, *expected)


def _certificate_fields(prefix: str) -> dict[FieldPath, FieldText]:
    return {
        (prefix, "obtained_in_shanghai"): _text(
            "是否在本市取得",
            ("请填写 true 或 false（不填则按在本市取得计）", "true or false (left out: true)"),
        ),
        (prefix, "verified_in_shanghai"): _text("是否经本市复评或验证", _BOOL),
    }


PROFILE_FIELDS: dict[FieldPath, FieldText] = {
    (): FieldText(
        "资料",
        "请填写一个表（TOML）或对象（JSON），至少含出生日期 birth_date",
        "a TOML table or JSON object with at least birth_date",
    ),
    ("birth_date",): _text("出生日期", DATE),
    ("education",): _text("学历", _EDUCATION),
    ("skill_certificates",): _text(
        "技能证书", ("请填写证书的列表（TOML 用 [[skill_certificates]]）", "a list of certificates")
    ),
    ("skill_certificates", "trade"): _text(
        "职业（工种）", ("请填写证书上的职业或工种名称", "the trade as printed on the certificate")
    ),
    ("skill_certificates", "level"): _text("技能等级", _LEVEL),
    **_certificate_fields("skill_certificates"),
    ("titles",): _text(
        "专业技术职称", ("请填写职称的列表（TOML 用 [[titles]]）", "a list of titles")
    ),
    ("titles", "kind"): _text("职称级别", _KIND),
    ("titles", "name"): _text(
        "职称名称", ("请填写职称或资格的名称，如 工程师", "its name, e.g. 工程师")
    ),
    **_certificate_fields("titles"),
    ("titles", "registered"): _text(
        "是否已注册", ("请填写 true 或 false（仅注册类资格填写）", "true or false, or leave it out")
    ),
    ("social_insurance",): _text("社保", ("请填写一个表：years 与 base_history", "a table")),
    ("social_insurance", "years"): _text("社保缴费年限", _YEARS),
    ("social_insurance", "base_history"): _text(
        "缴费基数记录", ("请填写缴费期间的列表：start、end、multiple", "a list of periods")
    ),
    ("social_insurance", "base_history", "start"): _text("开始月份", _MONTH),
    ("social_insurance", "base_history", "end"): _text("结束月份", _MONTH),
    ("social_insurance", "base_history", "multiple"): _text(
        "缴费基数倍数",
        ("请填写不小于 0 的数：缴费基数 ÷ 上年度平均工资，如 1.5", "a number ≥ 0, e.g. 1.5"),
    ),
    ("shortage_major",): _text("紧缺急需专业", ("请填写一个表：code 与 name", "a table")),
    ("shortage_major", "code"): _text("专业代码", ("请按目录填写专业代码", "the code as listed")),
    ("shortage_major", "name"): _text("专业名称", ("请按目录填写专业名称", "the name as listed")),
    ("shortage_major", "full_time_dz"): _text("是否全日制大专（高职）", _BOOL),
    ("investment",): _text("投资纳税", ("请填写一个表", "a table")),
    ("investment", "average_annual_tax_wan"): _text(
        "年均纳税额（万元）", ("请填写不小于 0 的数", "a number ≥ 0")
    ),
    ("investment", "average_annual_local_hires"): _text("年均聘用本市户籍人数", _COUNT),
    ("investment", "years"): _text("连续年数", _YEARS),
    ("public_service_years",): _text("特定公共服务领域工作年限", _YEARS),
    ("remote_area_years",): _text("远郊重点区域工作年限", _YEARS),
    ("fresh_graduate",): _text("全日制应届高校毕业生", _BOOL),
    ("awards",): _text("表彰", _AWARDS),
    ("spouse_local_hukou_years",): _text("与本市户籍人员结婚年限", _YEARS),
    ("entrepreneur",): _text("创业人才", _BOOL),
    ("innovation_intermediary",): _text("创新创业中介服务人才", _BOOL),
    ("deductions",): _text("减分记录", ("请填写一个表", "a table")),
    ("deductions", "false_material"): _text("提供虚假材料次数", _COUNT),
    ("deductions", "detention"): _text("行政拘留次数", _COUNT),
    ("deductions", "crime"): _text("一般刑事犯罪次数", _COUNT),
    ("vetoes",): _text("一票否决", ("请填写一个表", "a table")),
    ("vetoes", "family_planning_violation"): _text("违反计划生育政策", _BOOL),
    ("vetoes", "serious_crime"): _text("严重刑事犯罪", _BOOL),
}

# Problems a validator of ours names by type: what is wrong, when it is not the value's form.
_OWN_PROBLEMS = {
    "period_order": ("结束月份早于开始月份", "end is before start"),
}
ASSUMED_IN_SHANGHAI = N_(
    "%(what)s: obtained_in_shanghai not given, counted as obtained in Shanghai"
)
INVALID_PROFILE = "资料有误 / the profile is invalid"


def field_errors(
    errors: Sequence[Mapping[str, Any]],
    names: FieldNames,
    *,
    root: str = "profile",
    bounds: bool = False,
) -> tuple[FieldError, ...]:
    """One error per field, in the order found, from pydantic's `errors()` (or any list of
    dicts with `loc` and `type`); `root` is how the whole input is called. With `bounds`, a
    limit the value broke (ge, le, max_length …) is added to what the names table says."""
    found: dict[str, FieldError] = {}
    for error in errors:
        loc = tuple(error.get("loc", ()))
        field = _written(loc) or root
        if field not in found:
            message = _message(loc, str(error.get("type")), names, field)
            if bounds:
                message = _with_bounds(message, error.get("ctx") or {})
            found[field] = FieldError(field, message)
    return tuple(found.values())


_BOUNDS = {
    "ge": ("不小于 {}", "≥ {}"),
    "gt": ("大于 {}", "> {}"),
    "le": ("不大于 {}", "≤ {}"),
    "lt": ("小于 {}", "< {}"),
    "min_length": ("至少 {} 个字符", "at least {} characters"),
    "max_length": ("至多 {} 个字符", "at most {} characters"),
}


def _with_bounds(message: str, ctx: Mapping[str, Any]) -> str:
    """`条数：请填写整数 / limit: a whole number` → `条数：请填写整数，不大于 200 / limit: a whole
    number, ≤ 200`."""
    said = [
        (zh.format(ctx[key]), en.format(ctx[key]))
        for key, (zh, en) in _BOUNDS.items()
        if key in ctx
    ]
    if not said:
        return message
    zh_part, en_part = message.split(" / ", 1)
    zh = "，".join(z for z, _ in said)
    en = ", ".join(e for _, e in said)
    return f"{zh_part}，{zh} / {en_part}, {en}"


def _written(loc: tuple[Any, ...]) -> str:
    """`("skill_certificates", 0, "level")` → `skill_certificates[0].level`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else str(part)
    return out


def _message(loc: tuple[Any, ...], kind: str, names: FieldNames, field: str) -> str:
    path: FieldPath = tuple(str(part) for part in loc if not isinstance(part, int))
    if kind == "extra_forbidden":
        return _unknown(path, names, field)
    label = _label(loc, names)
    text = names.get(path, FieldText(field, "取值无效", "not a valid value"))
    if kind in _OWN_PROBLEMS:
        zh, en = _OWN_PROBLEMS[kind]
        return f"{label}：{zh} / {field}: {en}"
    if kind == "missing":
        return f"{label}：未填写，{text.zh} / {field}: required: {text.en}"
    return f"{label}：{text.zh} / {field}: {text.en}"


def _label(loc: tuple[Any, ...], names: FieldNames) -> str:
    """`技能证书（第1项）·技能等级`: each name in Chinese, with the position in a list."""
    parts: list[str] = []
    path: FieldPath = ()
    for part in loc:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}（第{part + 1}项）"]
            continue
        path += (str(part),)
        parts.append(names[path].name if path in names else str(part))
    return "·".join(parts) or (names[()].name if () in names else "输入")


def _unknown(path: FieldPath, names: FieldNames, field: str) -> str:
    parent, key = path[:-1], path[-1] if path else ""
    known = [p[-1] for p in names if len(p) == len(path) and p[:-1] == parent]
    near = difflib.get_close_matches(key, known, n=1)
    guess_zh = f"，是不是 {near[0]}？" if near else "；"
    guess_en = f"; did you mean {near[0]}?" if near else ";"
    listed = ", ".join(known)
    return (
        f"{field}：没有这个字段{guess_zh}可填写的有 {listed} / {field}: unknown field{guess_en} "
        f"the fields here are {listed}"
    )

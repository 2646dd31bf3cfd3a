"""What the API tells a client about each parameter and body field it refused: the Chinese name
and what a right value is, Chinese first. The profile's fields live in `scoring.profile_fields`;
this is the rest of the HTTP surface, so every 422 says the same kind of thing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from diffing.records import ChangeClass
from scoring.profile_fields import DATE, PROFILE_FIELDS, FieldError, FieldNames, FieldText
from scoring.profile_fields import field_errors as named_errors
from store.notify_records import Channel, DeliveryStatus, Digest, ItemKind, Language


def _one_of(values: type[StrEnum] | Sequence[str]) -> tuple[str, str]:
    listed = [str(v) for v in values]
    return f"请填写 {'、'.join(listed)} 之一", f"one of {', '.join(listed)}"


def _text(name: str, expected: tuple[str, str]) -> FieldText:
    return FieldText(name, *expected)


_WHOLE = ("请填写整数", "a whole number")
_ID = ("请填写正整数编号", "a whole number ≥ 1")
_SOURCE = ("请填写来源 id（GET /v1/sources 列出）", "a source id (GET /v1/sources)")

PARAMETER_FIELDS: dict[tuple[str, ...], FieldText] = {
    ("as_of",): _text("日期", DATE),
    ("changes_since",): _text("对比日期", DATE),
    ("since",): _text(
        "起始时间",
        ("请填写 YYYY-MM-DD 日期或 ISO 8601 时间", "a date YYYY-MM-DD or an ISO 8601 time"),
    ),
    ("timeline",): _text("时间线", _one_of(("effective", "observed"))),
    ("source",): _text("来源", _SOURCE),
    ("source_id",): _text("来源", _SOURCE),
    ("kind",): _text("变更类别", _one_of(ChangeClass)),
    ("limit",): _text("条数", _WHOLE),
    ("cursor",): _text(
        "翻页标记", ("请填写上一页返回的 next_cursor", "the next_cursor of the previous page")
    ),
    ("q",): _text("名称", ("请填写职业或工种名称（或其一部分）", "a trade's name or part of it")),
    ("change_id",): _text("变更编号", _ID),
    ("trade_id",): _text("工种编号", _ID),
    ("subscription_id",): _text("订阅编号", _ID),
    ("subscription",): _text("订阅编号", _ID),
    ("sha256",): _text("快照摘要", ("请填写 64 位小写十六进制 sha256", "64 lowercase hex digits")),
    ("status",): _text("投递状态", _one_of(DeliveryStatus)),
    ("authorization",): _text("管理令牌", ("请填写 Bearer <管理令牌>", "Bearer <admin token>")),
}

SUBSCRIPTION_FIELDS: dict[tuple[str, ...], FieldText] = {
    (): FieldText("订阅", "请填写一个 JSON 对象：channel 与 target", "a JSON object"),
    ("channel",): _text("渠道", _one_of(Channel)),
    ("target",): _text(
        "地址", ("请填写电子邮箱、webhook 或 apprise 地址", "an e-mail address or a URL")
    ),
    ("secret",): _text("签名密钥", ("请填写不超过 200 个字符的密钥", "at most 200 characters")),
    ("source",): _text("来源", _SOURCE),
    ("trade",): _text("工种", ("请填写职业或工种名称", "a trade's name")),
    ("indicator",): _text("指标", ("请填写指标 id，如 SKILL 或 SKILL:3", "e.g. SKILL or SKILL:3")),
    ("kind",): _text("类别", _one_of(ItemKind)),
    ("rules_only",): _text("仅规则变更", ("请填写 true 或 false", "true or false")),
    ("digest",): _text("汇总方式", _one_of(Digest)),
    ("language",): _text("语言", _one_of(Language)),
}

# The body each route reads, by path: what its fields are called.
BODY_FIELDS: Mapping[str, FieldNames] = {
    "/v1/score": PROFILE_FIELDS,
    "/v1/subscriptions": SUBSCRIPTION_FIELDS,
}
_NOT_JSON = "请求体不是有效的 JSON / body: not valid JSON"
_PLACES = ("query", "path", "header", "cookie")


def request_errors(path: str, errors: Sequence[Mapping[str, Any]]) -> tuple[FieldError, ...]:
    """FastAPI's validation errors of one request, one per field, named for a person."""
    body = [e for e in errors if e.get("loc", ("",))[0] == "body"]
    rest = [{**e, "loc": tuple(e["loc"])[1:]} for e in errors if e.get("loc", ("",))[0] in _PLACES]
    found = named_errors(rest, PARAMETER_FIELDS, root="request", bounds=True)
    if any(e.get("type") == "json_invalid" for e in body):
        return (*found, FieldError("body", _NOT_JSON))
    names = BODY_FIELDS.get(path, {})
    inside = [{**e, "loc": tuple(e["loc"])[1:]} for e in body]
    return found + named_errors(inside, names, root="body")


def parameter_error(name: str) -> FieldError:
    """The error of a parameter the route itself found wrong (a cursor it never handed out)."""
    (error,) = named_errors([{"loc": (name,), "type": "value_error"}], PARAMETER_FIELDS)
    return error

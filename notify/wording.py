"""The words of a message, Chinese first and English on request: subject lines, item lines,
filter descriptions, incident names."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from diffing.records import ChangeEvent, ChangeItem, ChangeKind
from store.notify_records import Filter, IncidentKind, Language

# (Chinese, English) per item kind; the count goes in front of the English, after the Chinese.
_COUNTED = {
    ChangeKind.TRADE_ADDED: ("新增 {n} 项", "{n} added"),
    ChangeKind.TRADE_REMOVED: ("删除 {n} 项", "{n} removed"),
    ChangeKind.TRADE_RENAMED: ("更名 {n} 项", "{n} renamed"),
    ChangeKind.TRADE_MODIFIED: ("修改 {n} 项", "{n} modified"),
    ChangeKind.RULE_ADDED: ("新增规则 {n} 条", "{n} rules added"),
    ChangeKind.RULE_REMOVED: ("删除规则 {n} 条", "{n} rules removed"),
    ChangeKind.RULE_MODIFIED: ("规则调整 {n} 条", "{n} rules changed"),
    ChangeKind.PARAMETER_ADDED: ("新增参数 {n} 项", "{n} parameters added"),
    ChangeKind.PARAMETER_REMOVED: ("删除参数 {n} 项", "{n} parameters removed"),
    ChangeKind.PARAMETER_MODIFIED: ("参数调整 {n} 项", "{n} parameters changed"),
    ChangeKind.META_MODIFIED: ("文件信息变更 {n} 项", "{n} document details changed"),
    ChangeKind.WORDING: ("文字修改", "wording changed"),
}
_CORRECTION = {Language.ZH: "【更正】", Language.EN: "[Correction] "}
_INCIDENTS = {
    IncidentKind.SOURCE_FAILING: ("数据源连续失败", "source failing"),
    IncidentKind.QUARANTINED: ("抓取结果待确认（隔离）", "capture quarantined"),
    IncidentKind.INCOMPLETE_DOCUMENT: ("规则文件未能完整读取", "rule document read incompletely"),
    IncidentKind.STALE_LEASE: ("调度租约过期", "scheduler lease stale"),
}


def subject(
    event: ChangeEvent, items: Sequence[ChangeItem], language: Language, *, is_correction: bool
) -> str:
    """E.g. "技能人员职业目录：新增 2 项，删除 1 项"."""
    counts = Counter(item.kind for item in items)
    zh = language is Language.ZH
    parts = []
    for kind, (chinese, english) in _COUNTED.items():
        if counts[kind]:
            parts.append((chinese if zh else english).format(n=counts[kind]))
    if not parts:
        parts.append("有变更" if zh else "changed")
    prefix = _CORRECTION[language] if is_correction else ""
    separator = "，" if zh else ", "
    colon = "：" if zh else ": "
    return f"{prefix}{event.source_name or event.source_id}{colon}{separator.join(parts)}"


def item_line(item: ChangeItem, language: Language) -> str:
    words = item.detail or f"{item.kind}: {item.subject}"
    if item.impact:
        words += f"\n    {'影响' if language is Language.ZH else 'Impact'}: {item.impact}"
    return words


def describe_filter(wanted: Filter, language: Language) -> str:
    zh = language is Language.ZH
    parts = []
    if wanted.source_id:
        parts.append(f"{'数据源' if zh else 'source'} {wanted.source_id}")
    if wanted.trade:
        parts.append(f"{'工种' if zh else 'trade'} {wanted.trade}")
    if wanted.indicator:
        level = f":{wanted.level}" if wanted.level else ""
        parts.append(f"{'指标' if zh else 'indicator'} {wanted.indicator}{level}")
    if wanted.kind:
        parts.append(f"{'类别' if zh else 'kind'} {wanted.kind.value}")
    if not wanted.include_wording:
        parts.append("仅规则变更" if zh else "rule changes only")
    if not parts:
        return "全部变更" if zh else "every change"
    return "，".join(parts) if zh else ", ".join(parts)


def incident_name(kind: IncidentKind, language: Language) -> str:
    chinese, english = _INCIDENTS[kind]
    return chinese if language is Language.ZH else english


def labels(language: Language) -> dict[str, str]:
    """Fixed words of the message bodies."""
    if language is Language.ZH:
        return {
            "doc_number": "文号",
            "published_on": "发布日期",
            "evidence": "证据与对照",
            "page": "原文",
            "unsubscribe": "退订（一键）",
            "correction": "这是对已发送变更的更正。",
            "digest": "jifen 每日摘要",
            "changes": "项变更",
            "confirm": "请确认订阅 jifen 变更通知",
            "confirm_text": "点击以下链接确认订阅（未确认则不会发送任何通知）：",
            "follows": "订阅内容",
            "alert": "【jifen 告警】",
            "recovery": "【jifen 恢复】",
            "recovered": "已恢复",
        }
    return {
        "doc_number": "Document no.",
        "published_on": "Published",
        "evidence": "Evidence and side-by-side",
        "page": "Official page",
        "unsubscribe": "Unsubscribe (one click)",
        "correction": "This corrects a change sent before.",
        "digest": "jifen daily digest",
        "changes": "changes",
        "confirm": "Confirm your jifen subscription",
        "confirm_text": "Follow this link to confirm (nothing is sent until you do):",
        "follows": "Following",
        "alert": "[jifen alert] ",
        "recovery": "[jifen recovered] ",
        "recovered": "recovered",
    }

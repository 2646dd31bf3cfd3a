"""Plain words for a diff: one `ChangeItem` per thing a subscriber would notice."""

from __future__ import annotations

from diffing.headline import headline
from diffing.names import reads_same
from diffing.normalise import normalise_line, normalise_name
from diffing.parameters import parameter_item
from diffing.records import (
    ChangeItem,
    ChangeKind,
    DocumentDiff,
    RuleChange,
    RuleChangeKind,
    TradeChange,
    TradeChangeKind,
)
from scraper.records import PointRule, RuleUnit, Trade
from words import N_, translate, translate_plural

__all__ = ["describe", "headline"]

META_LABELS = {
    "title": "标题",
    "published_on": "发布日期",
    "effective_on": "施行日期",
    "doc_number": "文号",
    "valid_until": "有效期至",
    "extended_by": "延长文号",
}
_UNIT_WORDS = {
    RuleUnit.FIXED: N_("%(points)s points"),
    RuleUnit.PER_YEAR: N_("%(points)s points per year"),
    RuleUnit.PER_STEP: N_("%(points)s points per step"),
    RuleUnit.PER_OCCURRENCE: N_("%(points)s points per occurrence"),
    RuleUnit.THRESHOLD: N_("%(points)s points (threshold)"),
}
_POINTS = N_("%(points)s points")


def describe(diff: DocumentDiff) -> tuple[ChangeItem, ...]:
    """Trade items, rule items, meta items; without row or rule changes, one wording item.

    When rows or rules changed, the text diff is their evidence, not a change of its own.
    """
    items: list[ChangeItem] = []
    for trade_change in diff.trade_changes:
        items.extend(_trade_items(trade_change))
    items.extend(_rule_item(rule_change) for rule_change in diff.rule_changes)
    items.extend(parameter_item(change) for change in diff.parameter_changes)
    items.extend(_meta_items(diff.meta_changes))
    if diff.text_diff and not (diff.trade_changes or diff.rule_changes or diff.parameter_changes):
        items.append(_wording_item(diff.text_diff))
    return tuple(items)


def _meta_items(changes: tuple[tuple[str, str | None, str | None], ...]) -> list[ChangeItem]:
    """One item per meta field; a new 延长文号 is said on the 有效期至 line it explains."""
    extended_by = next((new for name, _, new in changes if name == "extended_by"), None)
    merged = extended_by is not None and any(name == "valid_until" for name, _, _ in changes)
    items = []
    for name, old, new in changes:
        if merged and name == "extended_by":
            continue
        subject = META_LABELS.get(name, name)
        detail = _arrow_words(subject, old, new)
        if merged and name == "valid_until":
            detail = translate("%(detail)s (延长 by %(by)s)", detail=detail, by=extended_by)
        items.append(ChangeItem(ChangeKind.META_MODIFIED, subject, old, new, detail))
    return items


def _trade_items(change: TradeChange) -> list[ChangeItem]:
    old, new = change.old, change.new
    if change.kind is TradeChangeKind.ADDED and new is not None:
        return [
            ChangeItem(
                ChangeKind.TRADE_ADDED,
                new.name,
                None,
                new.name,
                translate("added: %(trade)s", trade=_about(new)),
            )
        ]
    if change.kind is TradeChangeKind.REMOVED and old is not None:
        return [
            ChangeItem(
                ChangeKind.TRADE_REMOVED,
                old.name,
                old.name,
                None,
                translate("removed: %(trade)s", trade=_about(old)),
            )
        ]
    if old is None or new is None:
        raise ValueError(f"{change.kind} trade change without both rows: {change!r}")
    if change.kind is TradeChangeKind.RENAMED:
        # The other fields that moved with the name (code, 所属类别) still get their own line.
        others = _modified_items(old, new, change.fields[1:], skip=("aliases",))
        if reads_same(old, new):
            return others  # "X → X" (markup or entities around the same text) says nothing
        before, after = _all_names(old), _all_names(new)
        detail = translate("renamed: %(old)s → %(new)s", old=before, new=after)
        renamed = ChangeItem(ChangeKind.TRADE_RENAMED, new.name, before, after, detail)
        return [renamed, *others]
    return _modified_items(old, new, change.fields)


def _modified_items(
    old: Trade, new: Trade, fields: tuple[str, ...], *, skip: tuple[str, ...] = ()
) -> list[ChangeItem]:
    items = []
    for field in (f for f in fields if f not in skip):
        was, now = _trade_field(old, field), _trade_field(new, field)
        none = translate("(none)")
        change = f"{field} {was or none} → {now or none}"
        detail = translate("%(who)s: %(parts)s", who=new.name, parts=change)
        items.append(ChangeItem(ChangeKind.TRADE_MODIFIED, new.name, was, now, detail))
    return items


def _about(trade: Trade) -> str:
    words = trade.name
    extras = []
    if trade.aliases:
        extras.append(translate("also called %(names)s", names=", ".join(trade.aliases)))
    if trade.code:
        extras.append(translate("code %(code)s", code=trade.code))
    extras.extend(f"{key} {value}" for key, value in trade.attributes if value.strip())
    return f"{words} ({translate('; ').join(extras)})" if extras else words


def _all_names(trade: Trade) -> str:
    return "/".join(trade.names)


def _trade_field(trade: Trade, field: str) -> str | None:
    if field == "name":
        return trade.name
    if field == "aliases":
        return ", ".join(trade.aliases) or None
    if field == "code":
        return trade.code
    # `field` is the normalised column name; show the value as the page published it.
    for name, value in trade.attributes:
        if normalise_name(name) == field and value.strip():
            return value.strip()
    return None


def _rule_item(change: RuleChange) -> ChangeItem:
    rule = change.new or change.old
    if rule is None:
        raise ValueError(f"rule change {change.indicator}/{change.level} has neither rule")
    subject = rule.label or f"{change.indicator} {change.level}".strip()
    if change.kind is RuleChangeKind.ADDED:
        return ChangeItem(
            ChangeKind.RULE_ADDED,
            subject,
            None,
            _value(rule),
            translate("new rule %(subject)s: %(words)s", subject=subject, words=_rule_words(rule)),
        )
    if change.kind is RuleChangeKind.REMOVED:
        return ChangeItem(
            ChangeKind.RULE_REMOVED,
            subject,
            _value(rule),
            None,
            translate(
                "rule removed %(subject)s: %(words)s", subject=subject, words=_rule_words(rule)
            ),
        )
    old, new = change.old, change.new
    if old is None or new is None:
        raise ValueError(f"modified rule {change.indicator}/{change.level} without both rules")
    parts = [_rule_field_words(field, old, new) for field in change.fields]
    return ChangeItem(
        ChangeKind.RULE_MODIFIED,
        subject,
        _value(old),
        _value(new),
        translate("%(who)s: %(parts)s", who=subject, parts=translate("; ").join(parts)),
    )


def _value(rule: PointRule) -> str | None:
    return None if rule.points is None else str(rule.points)


def _points_words(rule: PointRule) -> str:
    if rule.points is None:
        return translate("disqualifies (no points)")
    return translate(_UNIT_WORDS.get(rule.unit, _POINTS), points=rule.points)


def _rule_words(rule: PointRule) -> str:
    words = _points_words(rule)
    return (
        words
        if rule.cap is None
        else translate("%(words)s, cap %(cap)s", words=words, cap=rule.cap)
    )


def _rule_field_words(field: str, old: PointRule, new: PointRule) -> str:
    if field == "points":
        return f"{_text(old.points)} → {_points_now(new)}"
    if field == "cap":
        return translate("cap %(old)s → %(new)s", old=_text(old.cap), new=_text(new.cap))
    if field == "conditions":
        return _condition_words(old.conditions, new.conditions)
    if field == "params":
        return _param_words(old.params, new.params)
    if field == "label":
        return translate("wording 「%(old)s」 → 「%(new)s」", old=old.label, new=new.label)
    return f"{field} {getattr(old, field)} → {getattr(new, field)}"


def _points_now(rule: PointRule) -> str:
    if rule.points is None:
        return _text(None)
    return translate(_UNIT_WORDS.get(rule.unit, _POINTS), points=rule.points)


def _text(value: int | None) -> str:
    return translate("none") if value is None else str(value)


def _condition_words(old: tuple[str, ...], new: tuple[str, ...]) -> str:
    before = {normalise_line(c): c for c in old if normalise_line(c)}
    after = {normalise_line(c): c for c in new if normalise_line(c)}
    added, gone = sorted(after.keys() - before.keys()), sorted(before.keys() - after.keys())
    words = [translate("condition added: %(text)s", text=after[k]) for k in added]
    words += [translate("condition removed: %(text)s", text=before[k]) for k in gone]
    return translate("; ").join(words)


def _param_words(old: tuple[tuple[str, str], ...], new: tuple[tuple[str, str], ...]) -> str:
    before, after = dict(old), dict(new)
    return translate("; ").join(
        f"{name} {before.get(name) or _text(None)} → {after.get(name) or _text(None)}"
        for name in sorted(before.keys() | after.keys())
        if before.get(name) != after.get(name)
    )


def _wording_item(evidence: str) -> ChangeItem:
    lines = evidence.splitlines()[2:]  # past the ---/+++ labels
    added = sum(line.startswith("+") for line in lines)
    removed = sum(line.startswith("-") for line in lines)
    detail = translate_plural(
        "main text: %(count)s line added, %(removed)s removed",
        "main text: %(count)s lines added, %(removed)s removed",
        added,
        removed=removed,
    )
    return ChangeItem(ChangeKind.WORDING, "正文", None, None, detail)


def _arrow_words(subject: str, old: str | None, new: str | None) -> str:
    none = translate("(none)")
    change = f"{old or none} → {new or none}"
    return translate("%(who)s: %(parts)s", who=subject, parts=change)

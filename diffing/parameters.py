"""Keyed diff of annual parameters by (name, period), in plain words.

A name that lost exactly one period and gained exactly one is the yearly succession (last
year's wage followed by this year's): one MODIFIED change from the old value to the new.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from diffing.records import ChangeItem, ChangeKind, ParameterChange, ParameterChangeKind
from scraper.parsers.amounts import grouped
from scraper.records import Parameter
from words import translate


def diff_parameters(
    old: tuple[Parameter, ...], new: tuple[Parameter, ...]
) -> tuple[ParameterChange, ...]:
    """The parameter changes from `old` to `new`, in (name, period) order."""
    before = {p.key: p for p in old}
    after = {p.key: p for p in new}
    changes: list[ParameterChange] = []
    for key in sorted(before.keys() & after.keys()):
        was, now = before[key], after[key]
        if not _same_value(was.value, now.value) or was.unit != now.unit:
            changes.append(ParameterChange(ParameterChangeKind.MODIFIED, key[0], was, now))
    gone = [before[k] for k in sorted(before.keys() - after.keys())]
    came = [after[k] for k in sorted(after.keys() - before.keys())]
    for name in sorted({p.name for p in gone} | {p.name for p in came}):
        lost = [p for p in gone if p.name == name]
        won = [p for p in came if p.name == name]
        if len(lost) == 1 and len(won) == 1:
            changes.append(ParameterChange(ParameterChangeKind.MODIFIED, name, lost[0], won[0]))
            continue
        changes.extend(ParameterChange(ParameterChangeKind.REMOVED, name, p, None) for p in lost)
        changes.extend(ParameterChange(ParameterChangeKind.ADDED, name, None, p) for p in won)
    return tuple(sorted(changes, key=_order))


def _order(change: ParameterChange) -> tuple[str, str]:
    either = change.new or change.old
    return (change.name, either.period if either else "")


def _same_value(old: str, new: str) -> bool:
    try:
        return Decimal(old) == Decimal(new)
    except InvalidOperation:
        return old.strip() == new.strip()


def _amount(parameter: Parameter) -> str:
    return f"{grouped(parameter.value)} {_currency(parameter.unit)}"


def _currency(unit: str) -> str:
    return unit.split("/", 1)[0] or unit


def parameter_item(change: ParameterChange) -> ChangeItem:
    """ "城镇单位就业人员月平均工资 (2024): 12,183 → 12,401 元" and its added/removed forms."""
    old, new = change.old, change.new
    if new is not None and old is None:
        detail = f"{new.label} ({new.period}): {_amount(new)}"
        return ChangeItem(
            ChangeKind.PARAMETER_ADDED,
            new.label,
            None,
            new.value,
            translate("new value %(detail)s", detail=detail),
        )
    if old is not None and new is None:
        detail = f"{old.label} ({old.period}): {_amount(old)}"
        return ChangeItem(
            ChangeKind.PARAMETER_REMOVED,
            old.label,
            old.value,
            None,
            translate("withdrawn %(detail)s", detail=detail),
        )
    if old is None or new is None:
        raise ValueError(f"parameter change of {change.name} has neither value")
    if old.period == new.period:
        unit = _currency(new.unit)
        detail = f"{new.label} ({new.period}): {grouped(old.value)} → {grouped(new.value)} {unit}"
    else:
        detail = f"{new.label}: {_amount(old)} ({old.period}) → {_amount(new)} ({new.period})"
    return ChangeItem(ChangeKind.PARAMETER_MODIFIED, new.label, old.value, new.value, detail)

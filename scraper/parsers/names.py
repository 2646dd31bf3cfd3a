"""Names in catalogue cells: a primary name, "/"-separated aliases, footnote marks removed; and
the order their 序号 give the rows."""

from __future__ import annotations

import re

from scraper.records import Trade

_FOOTNOTE = re.compile(r"(?:[*※†‡#]+|\[\d+\]|[¹²³⁰⁴-⁹]+|[①-⑩]|\(注\d*\)|注\d+)$")
_FOOTNOTE_ENDS = frozenset("*※†‡#])¹²³⁰⁴⁵⁶⁷⁸⁹①②③④⑤⑥⑦⑧⑨⑩")
_NAME_SEPARATOR = re.compile(r"[/／]")


def split_names(cell: str) -> tuple[str, tuple[str, ...]] | None:
    """Primary name and aliases of a "/"-separated cell, footnote marks and blanks removed;
    None when nothing is left ("/", "*"): such a row names no trade."""
    if "/" not in cell and "／" not in cell and (name := strip_footnotes(cell)):
        return name, ()  # most cells: one name
    parts = _NAME_SEPARATOR.split(cell) if "/" in cell or "／" in cell else (cell,)
    names = [strip_footnotes(part) for part in parts]
    kept = [name for name in names if name]
    if not kept:
        return None
    return kept[0], tuple(kept[1:])


def serial_number(text: str) -> int | None:
    """The value of a 序号 cell that is a number; None for marks like ① or ² (digits to
    `str.isdigit`, which `int` refuses)."""
    return int(text) if text.isdecimal() else None


def strip_footnotes(text: str) -> str:
    stripped = text.strip()
    if stripped[-1:] not in _FOOTNOTE_ENDS and "注" not in stripped:
        return stripped
    while (trimmed := _FOOTNOTE.sub("", stripped).strip()) != stripped:
        stripped = trimmed
    return stripped


def in_number_order(trades: list[Trade]) -> tuple[Trade, ...]:
    """The trades in 序号 order when every one has a number, else as the page lists them."""
    if trades and all(trade.number is not None for trade in trades):
        return tuple(sorted(trades, key=lambda trade: trade.number or 0))
    return tuple(trades)

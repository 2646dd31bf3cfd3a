"""Names in catalogue cells: a primary name, "/"-separated aliases, footnote marks removed."""

from __future__ import annotations

import re

_FOOTNOTE = re.compile(r"(?:[*※†‡#]+|\[\d+\]|[¹²³⁰⁴-⁹]+|[①-⑩]|\(注\d*\)|注\d+)$")
_FOOTNOTE_ENDS = frozenset("*※†‡#])¹²³⁰⁴⁵⁶⁷⁸⁹①②③④⑤⑥⑦⑧⑨⑩")
_NAME_SEPARATOR = re.compile(r"[/／]")


def split_names(cell: str) -> tuple[str, tuple[str, ...]]:
    """Primary name and aliases of a "/"-separated cell, footnote marks and blanks removed."""
    if "/" not in cell and "／" not in cell and (name := strip_footnotes(cell)):
        return name, ()  # most cells: one name
    parts = _NAME_SEPARATOR.split(cell) if "/" in cell or "／" in cell else (cell,)
    names = [strip_footnotes(part) for part in parts]
    kept = [name for name in names if name]
    if not kept:
        raise ValueError(f"no name in catalogue cell {cell!r}")
    return kept[0], tuple(kept[1:])


def strip_footnotes(text: str) -> str:
    stripped = text.strip()
    if stripped[-1:] not in _FOOTNOTE_ENDS and "注" not in stripped:
        return stripped
    while (trimmed := _FOOTNOTE.sub("", stripped).strip()) != stripped:
        stripped = trimmed
    return stripped

"""Plain-text tables for the terminal, aligned for wide (CJK) characters."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [display_width(h) for h in header]
    for row in cells:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], display_width(value))
    lines = [_line(header, widths), "  ".join("-" * w for w in widths)]
    lines.extend(_line(row, widths) for row in cells)
    return "\n".join(lines)


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value).replace("\n", " ")
    return text


def _line(values: Sequence[str], widths: Sequence[int]) -> str:
    padded = [v + " " * (w - display_width(v)) for v, w in zip(values, widths, strict=True)]
    return "  ".join(padded).rstrip()

"""Line diffs of normalised main text: a unified diff for evidence, rows for a side-by-side view."""

from __future__ import annotations

import difflib
from itertools import zip_longest

from diffing.normalise import normalise_text


def text_diff(
    old_text: str,
    new_text: str,
    *,
    context: int = 2,
    from_label: str = "old",
    to_label: str = "new",
) -> str:
    """Unified diff of the normalised texts; empty when they differ only by noise."""
    old_lines = _lines(old_text)
    new_lines = _lines(new_text)
    diff = difflib.unified_diff(
        old_lines, new_lines, fromfile=from_label, tofile=to_label, n=context, lineterm=""
    )
    return "\n".join(diff)


def side_by_side(old_text: str, new_text: str) -> list[tuple[str, str, str]]:
    """Rows (tag, left, right) with tag "equal", "replace", "delete" or "insert"."""
    old_lines = _lines(old_text)
    new_lines = _lines(new_text)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    rows: list[tuple[str, str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = zip_longest(old_lines[i1:i2], new_lines[j1:j2], fillvalue="")
        rows.extend((tag, left, right) for left, right in pairs)
    return rows


def _lines(text: str) -> list[str]:
    normalised = normalise_text(text)
    return normalised.split("\n") if normalised else []

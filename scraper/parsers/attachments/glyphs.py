"""Glyph errors of PDF text extraction (师 read as 帅), checked against names already known.

A name is corrected only when exactly one known name matches it after swapping confusable glyphs;
anything else doubtful is flagged for review, never accepted as a new trade.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from scraper.records import Trade

# (as extracted, as meant). Pairs seen in extracted official PDFs or look-alike in common CJK fonts.
CONFUSABLE_GLYPHS: tuple[tuple[str, str], ...] = (
    ("帅", "师"),
    ("土", "士"),
    ("己", "已"),
    ("末", "未"),
    ("曰", "日"),
    ("贝", "员"),
    ("入", "人"),
)
# Glyphs that almost never belong in a trade or qualification name: alone they make a row suspect.
SUSPICIOUS_GLYPHS = frozenset("帅")

_PARENS = str.maketrans("（）", "()")
_QUALIFIER = re.compile(r"\([^()]*\)$")


def normalise_name(name: str) -> str:
    """Compare names without whitespace and with half-width parentheses."""
    return "".join(name.split()).translate(_PARENS)


def _confusable(got: str, meant: str) -> bool:
    return (got, meant) in CONFUSABLE_GLYPHS


def _swaps(name: str, known: str) -> list[tuple[str, str]] | None:
    """The glyph swaps turning `name` into `known`, or None when they differ otherwise."""
    if len(name) != len(known):
        return None
    swaps = [(a, b) for a, b in zip(name, known, strict=True) if a != b]
    if not swaps or not all(_confusable(a, b) for a, b in swaps):
        return None
    return swaps


def glyph_matches(name: str, known_names: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """Known names reachable from `name` by confusable swaps, with the swaps for each."""
    wanted = normalise_name(name)
    found: dict[str, list[tuple[str, str]]] = {}
    for known in known_names:
        meant = known
        swaps = _swaps(wanted, normalise_name(known))
        base = _QUALIFIER.sub("", wanted)
        if swaps is None and base != wanted:
            # "注册消防工程帅(一级)" against a known "注册消防工程师": compare without qualifier.
            swaps = _swaps(base, normalise_name(known))
            meant = known + name.strip()[len(base) :]
        if swaps is not None:
            found[meant] = swaps
    return found


def check_glyphs(trade: Trade, known_names: Iterable[str]) -> Trade:
    """The trade, corrected (one match), flagged suspect (doubtful), or unchanged (clean)."""
    known = tuple(known_names)
    normalised = {normalise_name(k) for k in known}
    if normalise_name(trade.name) in normalised:
        return trade
    matches = glyph_matches(trade.name, known)
    if len(matches) == 1:
        ((meant, swaps),) = matches.items()
        note = ",".join(f"{a}→{b}" for a, b in dict.fromkeys(swaps))
        attributes = (*trade.attributes, ("glyph_corrected", note), ("published_name", trade.name))
        return replace(trade, name=meant, attributes=attributes)
    if len(matches) > 1:
        why = "ambiguous glyphs, could be " + " / ".join(sorted(matches))
        return replace(trade, attributes=(*trade.attributes, ("suspect_glyph", why)))
    odd = sorted({ch for ch in trade.name if ch in SUSPICIOUS_GLYPHS})
    if odd:
        why = f"glyph {''.join(odd)} unlikely in a name and no known name matches"
        return replace(trade, attributes=(*trade.attributes, ("suspect_glyph", why)))
    return trade

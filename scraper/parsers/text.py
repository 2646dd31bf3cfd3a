"""Text normalisation shared by the page parsers: one paragraph per line, noise-free, idempotent.

Full-width ASCII forms (digits, Latin letters, ASCII punctuation) become half-width; CJK
punctuation such as 。、〔〕 is kept because it carries meaning (文号 brackets, enumerations).
"""

from __future__ import annotations

import re

# U+FF01..U+FF5E mirror ASCII 0x21..0x7E; mapping them is NFKC restricted to the safe block.
_WIDTH_TABLE: dict[int, str] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
# NBSP (empty table cells), ideographic space and the typographic spaces all read as one space.
_WIDTH_TABLE.update({cp: " " for cp in (0x00A0, 0x3000, 0x202F, 0x205F, *range(0x2000, 0x200B))})
# Zero-width characters and BOMs are invisible noise that would split words in a diff.
_WIDTH_TABLE.update({cp: "" for cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)})

# str.translate looks up every character of a text; translating only the runs it maps is faster
# on CJK text, where they are the odd full-width comma or colon.
_WIDE_RUN = re.compile("[" + "".join(map(chr, sorted(_WIDTH_TABLE))) + "]+")
_SPACE_RUN = re.compile(r"[ \t\f\v\r]+")
# A text without whitespace or mapped characters is already normal (most table cells).
NEEDS_WORK_CHARS = r"\s\u200b-\u200d\u2060\ufeff\uff01-\uff5e"  # for a regex character class
_NEEDS_WORK = re.compile(f"[{NEEDS_WORK_CHARS}]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def _narrow(text: str) -> str:
    return _WIDE_RUN.sub(_narrow_run, text)


def _narrow_run(run: re.Match[str]) -> str:
    return run.group().translate(_WIDTH_TABLE)


# What normalising keeps: anything but whitespace and the zero-width characters it drops.
_VISIBLE = re.compile(r"[^\s\u200b\u200c\u200d\u2060\ufeff]")


def has_visible_text(text: str) -> bool:
    """Whether `normalise_inline(text)` (and so `normalise_text(text)`) is non-empty."""
    return _VISIBLE.search(text) is not None


def normalise_inline(text: str) -> str:
    """One line of text: half-width forms, single spaces, no leading/trailing blanks."""
    if not _NEEDS_WORK.search(text):
        return text
    flat = _narrow(text).replace("\n", " ")
    return _SPACE_RUN.sub(" ", flat).strip()


def is_normal_text(text: str) -> bool:
    """Whether `text` holds nothing `normalise_text` changes: no whitespace, no mapped character."""
    return _NEEDS_WORK.search(text) is None


def normalise_text(text: str) -> str:
    """Multi-line text: each non-blank line normalised, blank lines dropped."""
    if not _NEEDS_WORK.search(text):
        return text
    unified = _LINE_BREAKS.sub("\n", _narrow(text))
    # The space pattern never matches "\n": one pass over the whole text does every line.
    spaced = _SPACE_RUN.sub(" ", unified)
    if "\n" not in spaced:  # one line, as most table cells are
        return spaced.strip()
    lines = (line.strip() for line in spaced.split("\n"))
    return "\n".join(line for line in lines if line)


# Condition sentences differ between pages only by punctuation width, spacing and filler words.
_CONDITION_FILLERS: tuple[tuple[str, str], ...] = (
    ("应当", "应"),
    ("才能给予", "给予"),
    ("才给予", "给予"),
)
_CONDITION_PUNCTUATION = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！"})
_LEADING_ENUMERATION = re.compile(r"^(?:\(\d+\)|（\d+）|\d+[.、]|[一二三四五六七八九十]+、)")


def normalise_condition(text: str) -> str:
    """A condition sentence in a canonical spelling, so wording variants compare equal."""
    # Each removal can expose more ("(1)(2)...", "应当当", "0\x85。"): repeat until stable.
    for _ in range(_CONDITION_PASSES):
        once = _condition_once(text)
        if once == text:
            break
        text = once
    return text


_CONDITION_PASSES = 8


def _condition_once(text: str) -> str:
    compact = "".join(normalise_inline(text).split()).translate(_CONDITION_PUNCTUATION)
    compact = _LEADING_ENUMERATION.sub("", compact)
    for variant, canonical in _CONDITION_FILLERS:
        compact = compact.replace(variant, canonical)
    return compact.rstrip("。.；，")

"""Noise normalisation: the forms of names and text under which two captures are compared.

Width variants, stray whitespace, footnote marks and page chrome (visit counters) never count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

# Footnote marks published after a name ("焊工*", "电工※", "车工①"). Circled digits must go
# before NFKC, which would turn "①" into a plain "1" that looks like part of the name.
_FOOTNOTE_MARKS = "*＊※†‡#＃" + "".join(chr(c) for c in range(0x2460, 0x2474))
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_NAME_SPACE = re.compile(r"\s+")
# Punctuation that NFKC leaves alone but pages mix freely.
_PUNCT = str.maketrans({"∶": ":", "／": "/", "～": "~", "〜": "~", "—": "-", "–": "-"})
# str.translate looks up every character of a long CJK text; a search finds the rare ones faster.
_TRANSLATED = re.compile("[" + "".join(map(chr, [*_ZERO_WIDTH, *_PUNCT])) + "]")

# Page chrome that changes on every visit. Matched as fragments so a counter sharing a line
# with a date ("发布日期:2025-11-27 浏览次数:123") loses the counter and keeps the date.
_COUNTER_WORDS = (
    "浏览次数|阅读次数|访问次数|点击次数|点击数|点击量|点击率|阅读量|浏览量|访问量|人气"
)
# Applied to whole texts whose only line break is "\n"; "[^\S\n]" keeps each match on one line.
_COUNTER_FRAGMENTS = (
    # A counter word counts only with a colon or a number after it: "人气" in prose stays.
    re.compile(rf"({_COUNTER_WORDS})[^\S\n]*(?::[^\S\n]*\d*|\d+)[^\S\n]*次?"),
    # "(?<!\d)": no match starts inside a number, and retrying there is quadratic in its length.
    re.compile(r"(?<!\d)\d+[^\S\n]*(次浏览|人浏览|浏览|次阅读|人阅读|阅读|次点击)"),
)
# Every counter fragment holds one of these words; a text without them is not scanned for any.
_COUNTER_STEMS = ("浏览", "阅读", "访问", "点击", "人气")
_VOLATILE_LINE = re.compile(
    "|".join(
        (
            r"^(今天是|当前时间|现在时间).*$",
            r"^(【)?字体[:]?\s*[\[【]?大[\]】]?\s*[\[【]?中[\]】]?\s*[\[【]?小[\]】]?(】)?$",
            r"^(打印本页|关闭窗口|打印|关闭|分享到[:]?.*|\[?打印\]?\s*\[?关闭\]?)$",
        )
    )
)
# Printable ASCII other than space and the footnote marks, and CJK unified ideographs: strings of
# only these are their own normal form (NFKC leaves them alone and no step above touches them).
_PLAIN_CHARS = r"[\x21\x22\x24-\x29\x2b-\x7e\u4e00-\u9fff]*"
_PLAIN_NAME = re.compile(_PLAIN_CHARS)
_PLAIN_NAMES = re.compile(rf"{_PLAIN_CHARS}(?:\x00{_PLAIN_CHARS})*")  # joined by "\x00"
_VOLATILE_ANY_LINE = re.compile(_VOLATILE_LINE.pattern, re.M)
# Every volatile line and every counter stem holds one of these: one-character searches are fast.
_VOLATILE_FIRSTS = "今当现【字打关分["
_STEM_FIRSTS = "".join({stem[0]: None for stem in _COUNTER_STEMS})
# What `_text_once` maps, drops or breaks lines at, and all whitespace but " " and "\n".
_TOUCHED_CHAR = re.compile(
    "["
    + "".join(map(chr, [*_ZERO_WIDTH, *_PUNCT]))
    + "\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
_TEXT_SPACE = re.compile(r"[ \t\f\v\u00a0\u3000]+")
_MAX_PASSES = 6


def normalise_name(name: str) -> str:
    """The comparable form of a trade name, alias, code or attribute value."""
    if _PLAIN_NAME.fullmatch(name):  # most published names: nothing to normalise
        return name
    return _fixed_point(_name_once, name)


def is_plain_name(name: str) -> bool:
    """Whether `name` is its own comparable form for a reason `normalise_name` trusts."""
    return _PLAIN_NAME.fullmatch(name) is not None


def are_plain_names(names: Sequence[str]) -> bool:
    """Whether `is_plain_name` holds for each of `names`, checked in one pass."""
    if not names:
        return True
    joined = "\x00".join(names)
    # "\x00" is no plain character: a name holding one is not plain, and is caught by the count.
    return joined.count("\x00") == len(names) - 1 and _PLAIN_NAMES.fullmatch(joined) is not None


def normalise_text(text: str) -> str:
    """The comparable form of a page's main text: one trimmed line per non-empty line."""
    if _is_comparable(text):  # most parsed main texts: already in this form
        return text
    return _fixed_point(_text_once, text)


def _is_comparable(text: str) -> bool:
    """Whether `_text_once` leaves `text` as it is, found without rebuilding it."""
    return not (
        _TOUCHED_CHAR.search(text)
        or (any(c in text for c in _STEM_FIRSTS) and any(s in text for s in _COUNTER_STEMS))
        # Spaces only between words, every line holding some: nothing to collapse, trim or drop.
        or "  " in text
        or " \n" in text
        or "\n " in text
        or "\n\n" in text
        or text[:1] in ("", " ", "\n")
        or text[-1:] in (" ", "\n")
        or (any(c in text for c in _VOLATILE_FIRSTS) and _VOLATILE_ANY_LINE.search(text))
        or not unicodedata.is_normalized("NFKC", text)
    )


def normalise_line(line: str) -> str:
    """One line of prose (a label, a condition) in its comparable form."""
    return " ".join(normalise_text(line).split("\n"))


def _name_once(name: str) -> str:
    text = name.translate(_ZERO_WIDTH).rstrip()
    text = text.rstrip(_FOOTNOTE_MARKS + " \t\u00a0\u3000")
    text = unicodedata.normalize("NFKC", text).translate(_PUNCT)
    text = _NAME_SPACE.sub("", text)
    return text.rstrip(_FOOTNOTE_MARKS)


def _text_once(text: str) -> str:
    if _TRANSLATED.search(text):
        text = text.translate(_ZERO_WIDTH)
    text = unicodedata.normalize("NFKC", text)
    if _TRANSLATED.search(text):
        text = text.translate(_PUNCT)
    # One regex pass over the whole text instead of one per line: the lines are rejoined with
    # "\n" only, which no pattern crosses.
    text = "\n".join(text.splitlines())
    if any(stem in text for stem in _COUNTER_STEMS):
        for pattern in _COUNTER_FRAGMENTS:
            text = pattern.sub(" ", text)
    text = _TEXT_SPACE.sub(" ", text)
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line and not _VOLATILE_LINE.match(line))


def _fixed_point(step: Callable[[str], str], value: str) -> str:
    # One pass can expose more noise (a removed counter joins two spaces, NFKC composes a
    # character once whitespace between its parts is gone); repeat until nothing moves.
    for _ in range(_MAX_PASSES):
        after = step(value)
        if after == value:
            return after
        value = after
    return value

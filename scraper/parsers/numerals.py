"""Chinese and Arabic numerals as they appear in levels and points (五级, 一百四十分, 140分)."""

from __future__ import annotations

import re

_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
_WRITE_DIGITS = "零一二三四五六七八九"

CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS)


def chinese_to_int(text: str) -> int:
    """Value of a Chinese numeral below 10000: 十五 → 15, 一百四十 → 140, 一百零五 → 105."""
    if not text or any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        raise ValueError(
            f"not a Chinese numeral: {text!r}; expected characters of {_WRITE_DIGITS}十百千"
        )
    if all(ch in _DIGITS for ch in text) and len(text) > 1:
        # Digit-by-digit spelling, as in years: 二〇一七.
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, pending = 0, None
    for ch in text:
        if ch in _DIGITS:
            pending = _DIGITS[ch]
            continue
        # A bare unit (十五, and 零十 in 六万零十) means one of that unit.
        total += (pending or 1) * _UNITS[ch]
        pending = None
    return total + (pending or 0)


def parse_number(text: str) -> int:
    """An Arabic or Chinese numeral: "140", "一百四十", "５" (full-width digits accepted)."""
    stripped = text.strip()
    if stripped.isdecimal():
        return int(stripped)
    return chinese_to_int(stripped)


# A whole number as the texts write it, Arabic or Chinese. A regex without a group.
WHOLE_NUMERAL = rf"(?:\d+|[{CHINESE_NUMERAL_CHARS}]+)"
# One numeral as the texts write it: Arabic (with decimals) or Chinese. A regex group.
NUMERAL = rf"(\d+(?:\.\d+)?|[{CHINESE_NUMERAL_CHARS}]+)"
# Range dashes of the texts: "56-60", "56—60", "56～60", "56至60" (after NFKC: "-" and "~").
RANGE_DASH = r"\s*(?:-|—|–|―|~|至|到)+\s*"


def read_number(text: str) -> int:
    """An Arabic or Chinese whole number, "1.0" read as 1; raises ValueError otherwise."""
    stripped = text.strip()
    if "." in stripped:
        value = float(stripped)
        if not value.is_integer():
            raise ValueError(f"not a whole number: {text!r}")
        return int(value)
    return parse_number(stripped)


def read_decimal(text: str) -> str:
    """A numeral as a plain decimal string: "0.80" → "0.8", "三" → "3", "1.0" → "1"."""
    stripped = text.strip()
    if re.fullmatch(r"\d+\.\d+", stripped):
        return stripped.rstrip("0").rstrip(".")
    return str(parse_number(stripped))

"""Chinese numerals written out, for tests that feed the readers text a page would carry."""

from __future__ import annotations

_WRITE_DIGITS = "零一二三四五六七八九"


def int_to_chinese(value: int) -> str:
    """Chinese numeral of 1..9999 in the usual reading form: 15 → 十五, 105 → 一百零五."""
    if not 0 < value < 10000:
        raise ValueError(f"cannot spell {value} in Chinese numerals; expected 1..9999")
    parts: list[str] = []
    needs_zero = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // unit_value % 10
        if digit == 0:
            needs_zero = bool(parts)
            continue
        if needs_zero:
            parts.append("零")
            needs_zero = False
        spelled_one = unit == "十" and not parts  # 十五, not 一十五, when nothing precedes
        parts.append(("" if spelled_one and digit == 1 else _WRITE_DIGITS[digit]) + unit)
    return "".join(parts)

"""Amounts, years and dates as notices write them: 148,812元, 1.49万元, 一万二千四百零一元,
二〇二五年度, 2030年6月30日 and 二〇三〇年六月三十日.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from scraper.parsers.numerals import CHINESE_NUMERAL_CHARS, chinese_to_int, parse_number

_CN = f"[{CHINESE_NUMERAL_CHARS}万]"
# Arabic with optional thousands separators and decimals, or a Chinese numeral (with 万).
AMOUNT = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|{_CN}+"
YEAR = r"\d{4}|[〇零一二三四五六七八九]{4}"
_PART = rf"\d{{1,4}}|[{CHINESE_NUMERAL_CHARS}]+"
DATE = rf"(?:{_PART})年(?:{_PART})月(?:{_PART})日"
_DATE_PARTS = re.compile(rf"({_PART})年({_PART})月({_PART})日")


def amount_value(number: str, *, wan: bool = False) -> str:
    """The decimal string of a written amount: "148,812" → "148812", ("1.5", wan) → "15000".

    Raises ValueError naming the text when it is no number.
    """
    text = number.replace(",", "").strip()
    try:
        value = Decimal(text) if not re.search(_CN, text) else Decimal(_chinese_amount(text))
    except (InvalidOperation, ValueError) as error:
        raise ValueError(
            f"not an amount: {number!r}; expected 148,812 or 一万二千四百零一"
        ) from error
    if wan:
        value *= 10000
    return _plain(value)


def _chinese_amount(text: str) -> int:
    high, _, low = text.rpartition("万")
    if not text.count("万"):
        return chinese_to_int(text)
    return (chinese_to_int(high) if high else 1) * 10000 + (chinese_to_int(low) if low else 0)


def _plain(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def year_value(text: str) -> str:
    """ "2025" → "2025", "二〇二五" → "2025"."""
    return str(parse_number(text))


def written_date(text: str) -> date | None:
    """The first date written with 年月日 in Arabic or Chinese numerals; None when none is valid."""
    for match in _DATE_PARTS.finditer(text):
        try:
            return date(*(parse_number(part) for part in match.groups()))
        except ValueError:
            continue
    return None


def grouped(value: str) -> str:
    """A decimal string with thousands separators for display: "12401" → "12,401"."""
    whole, dot, fraction = value.partition(".")
    if not whole.lstrip("-").isdecimal():
        return value
    return f"{int(whole):,}" + (dot + fraction if dot else "")

"""市人社局 annual notices → `Parameter` values: the average wage behind the 社保基数 tiers and
the contribution-base limits, each with its 年度 and the date it applies from.
"""

from __future__ import annotations

import re
from dataclasses import replace

from scraper.parsers.amounts import AMOUNT, DATE, YEAR, amount_value, written_date, year_value
from scraper.parsers.contract import ParseError
from scraper.parsers.page import read_page
from scraper.records import Parameter, ParsedDocument, Source

# The reference wage is called 城镇单位就业人员平均工资 since 2020, 职工社会平均工资 before.
_WAGE_NAME = r"城镇单位就业人员|城镇非私营单位就业人员|职工社会|职工"
_YEAR_OF = re.compile(rf"({YEAR})年度?(?:本市|全市|上海市)?")
_ANNUAL = re.compile(
    rf"(?P<who>{_WAGE_NAME})(?<!月)平均工资(?:为|是|达到)(?P<n>{AMOUNT})(?P<wan>万?)元(?:/年)?"
)
_MONTHLY = re.compile(rf"(?P<who>{_WAGE_NAME})?月平均工资(?:为|是)(?P<n>{AMOUNT})(?P<wan>万?)元")
_BASE = re.compile(
    rf"(?:缴费基数)?(?P<side>上限|下限)(?:调整)?(?:为|是)(?P<n>{AMOUNT})(?P<wan>万?)元(?:/月)?"
)
_SIDE = {"上限": "SI_BASE_UPPER", "下限": "SI_BASE_LOWER"}
_EFFECTIVE = re.compile(rf"自({DATE})起(?:执行|施行|实行|调整)")
_SENTENCES = re.compile(r"[。；;\n]")


def _period_before(text: str, end: int, fallback: str | None) -> str | None:
    """The last 年度 written before `end` in the sentence, else the notice's own year."""
    years = [m.group(1) for m in _YEAR_OF.finditer(text, 0, end)]
    return year_value(years[-1]) if years else fallback


def _wage_values(sentence: str, period: str | None) -> list[Parameter]:
    found: list[Parameter] = []
    annual = _ANNUAL.search(sentence)
    who = "城镇单位就业人员"
    if annual is not None:
        who = annual.group("who")
        year = _period_before(sentence, annual.start(), period)
        value = amount_value(annual.group("n"), wan=bool(annual.group("wan")))
        if year is not None:
            found.append(Parameter("AVG_WAGE_ANNUAL", year, value, "元/年", f"{who}平均工资"))
    monthly = _MONTHLY.search(sentence)
    if monthly is not None:
        who = monthly.group("who") or who
        year = _period_before(sentence, monthly.start(), period)
        value = amount_value(monthly.group("n"), wan=bool(monthly.group("wan")))
        if year is not None:
            label = f"{who.removesuffix('社会')}月平均工资"
            found.append(Parameter("AVG_WAGE_MONTHLY", year, value, "元/月", label))
    return found


def _base_values(sentence: str, period: str | None) -> list[Parameter]:
    found: list[Parameter] = []
    if "缴费基数" not in sentence:
        return found  # "上限为" alone could be any cap
    for match in _BASE.finditer(sentence):
        year = _period_before(sentence, match.start(), period)
        if year is None:
            continue
        value = amount_value(match.group("n"), wan=bool(match.group("wan")))
        label = f"职工社会保险缴费基数{match.group('side')}"
        found.append(Parameter(_SIDE[match.group("side")], year, value, "元/月", label))
    return found


def read_parameters(text: str, title: str | None) -> tuple[Parameter, ...]:
    """Every parameter stated in `text`, first statement of a (name, period) kept."""
    title_year = _YEAR_OF.search(title or "")
    notice_year = year_value(title_year.group(1)) if title_year else None
    effective = _EFFECTIVE.search(text)
    since = written_date(effective.group(1)) if effective else None
    values: dict[tuple[str, str], Parameter] = {}
    for sentence in _SENTENCES.split(text):
        for found in (*_wage_values(sentence, notice_year), *_base_values(sentence, notice_year)):
            values.setdefault(found.key, found)
    # Limits apply from the 执行 date; a wage is a statistic of its 年度, in force with them.
    return tuple(replace(p, effective_from=since) for p in values.values())


class ParametersParser:
    """Registry entry "parameters": a 缴费基数 / 平均工资 notice → its annual parameters."""

    name = "parameters"
    version = 1

    def parse(self, text: str, url: str, source: Source) -> ParsedDocument:
        page = read_page(text, url, source)
        parameters = read_parameters(page.main_text, page.meta.title)
        if not parameters:
            what = (
                f"no 平均工资 or 缴费基数上限/下限 figure in {page.where}; "
                "check that the page is an annual wage / contribution-base notice"
            )
            raise ParseError(source.id, url, what)
        return page.document(self, source, url, parameters=parameters)

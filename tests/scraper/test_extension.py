"""Validity extension notices: which document they extend and until when."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from scraper.notices import NoticeKind, classify_notice, routes_of
from scraper.options import IndexOptions
from scraper.parsers import ParseError, parse_document
from scraper.records import Source, SourceKind
from scraper.sources import load_sources

FIXTURES = Path(__file__).parents[1] / "fixtures"
EXTENSION = (FIXTURES / "extension" / "extension_2025.html").read_text(encoding="utf-8")
URL = "https://www.shanghai.gov.cn/nw12344/20251222/ext.html"


def _source(parser: str) -> Source:
    return Source(
        id="points-measures",
        url="https://www.shanghai.gov.cn/nw12344/index.html",
        kind=SourceKind.POINTS,
        parser=parser,
    )


def test_extension_parser_names_the_document_and_the_new_last_day() -> None:
    document = parse_document(_source("extension"), EXTENSION, URL)
    assert document.meta.extends == "上海市居住证积分管理办法"
    assert document.meta.valid_until == date(2030, 6, 30)
    assert document.meta.doc_number == "沪府〔2025〕20号"
    assert document.points is None


def test_the_measures_source_reads_an_extension_notice_of_its_document() -> None:
    document = parse_document(_source("measures"), EXTENSION, URL)
    assert document.parser == "extension"
    assert document.meta.valid_until == date(2030, 6, 30)


def test_the_measures_source_still_reads_the_measures_themselves() -> None:
    text = (FIXTURES / "measures" / "measures_2017.html").read_text(encoding="utf-8")
    document = parse_document(_source("measures"), text, URL)
    assert document.parser == "measures"
    assert document.meta.extends is None
    assert document.meta.valid_until == date(2022, 12, 31)


def test_a_notice_that_extends_nothing_is_a_parse_error() -> None:
    page = "<html><body><div id='ivs_content'><p>关于做好积分工作的通知</p></div></body></html>"
    with pytest.raises(ParseError, match="not a validity extension notice"):
        parse_document(_source("extension"), page, URL)


def _policies_index(**options: str) -> Source:
    return Source(
        id="shgov-policies",
        url="https://www.shanghai.gov.cn/nw12344/index.html",
        kind=SourceKind.INDEX,
        options=IndexOptions.model_validate(options),
    )


def test_extension_notices_route_by_title_to_the_document_they_extend() -> None:
    index = _policies_index(
        measures_keywords="居住证积分管理办法",
        target_measures="points-measures",
        extension_pattern="延长《[^》]*居住证积分管理办法》的?有效期",
        target_extension="points-measures",
    )
    routes = routes_of(index)
    title = "上海市人民政府关于延长《上海市居住证积分管理办法》有效期的通知"
    verdict = classify_notice(title, index, routes)
    assert (verdict.kind, verdict.target) == (NoticeKind.EXTENSION, "points-measures")
    issued = classify_notice("关于印发《上海市居住证积分管理办法》的通知", index, routes)
    assert issued.kind is NoticeKind.MEASURES


def test_the_shipped_sources_route_extension_and_parameter_notices() -> None:
    sources = {s.id: s for s in load_sources(Path(__file__).parents[2] / "sources.toml")}
    policies, notices = sources["shgov-policies"], sources["rsj-notices"]
    title = "上海市人民政府关于延长《上海市居住证积分管理办法》有效期的通知"
    verdict = classify_notice(title, policies, routes_of(policies, sources))
    assert (verdict.kind, verdict.target) == (NoticeKind.EXTENSION, "points-measures")
    wage = "关于调整2025年度本市职工社会保险缴费基数上下限的通知"
    assert classify_notice(wage, notices, routes_of(notices, sources)).target == (
        "annual-parameters"
    )

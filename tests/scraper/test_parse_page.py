"""Page anatomy: metadata of the CMS pages, main-content choice, chrome kept out of main_text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.parsers import ParseError, parse_document
from scraper.parsers.meta import find_doc_number, parse_date
from scraper.parsers.page import read_page
from scraper.records import ParsedDocument, Source, SourceKind

PAGES = Path(__file__).parents[1] / "fixtures" / "pages"
URL = "https://www.shanghai.gov.cn/nw12344/20171228/0001-12344_54611.html"
SOURCE = Source(id="shgov-measures", url=URL, kind=SourceKind.CATALOGUE)

NOTICE = """<html><head>
<meta name="ColumnName" content="规范性文件">
<meta name="ArticleTitle" content="关于印发技能目录的通知">
{meta}</head><body>
<div class="Article-title-zw">{labels}</div>
<div id="ivs_content"><p>沪府发〔2017〕98号</p><p>各区人民政府：</p>
<p>现将目录印发给你们。本目录自2018年1月1日起施行。</p>
<table><tr><td>序号</td><td>工种</td></tr><tr><td>1</td><td>车工</td></tr></table>
<p>上海市人民政府</p><p>2017年12月20日</p></div></body></html>"""


def parse(html: str, source: Source = SOURCE) -> ParsedDocument:
    return parse_document(source, html, URL)


@pytest.mark.parametrize(
    ("pubdate", "expected"),
    [("2026-06-13 14∶06", date(2026, 6, 13)), ("2026-01-23 10:01:19", date(2026, 1, 23))],
)
def test_pubdate_meta_in_both_observed_forms(pubdate: str, expected: date) -> None:
    html = NOTICE.format(meta=f'<meta name="PubDate" content="{pubdate}">', labels="")
    assert parse(html).meta.published_on == expected


def test_meta_tags_give_title_column_and_publisher() -> None:
    document = parse_document(
        SOURCE, (PAGES / "official-catalogue.html").read_text(encoding="utf-8"), URL
    )
    meta = document.meta
    assert meta.title == "关于公布本市居住证积分紧缺急需专业目录的通知"
    assert meta.column == "规范性文件"
    assert meta.publisher == "上海市人力资源和社会保障局"
    assert meta.doc_number == "沪人社规〔2026〕12号"
    assert meta.effective_on == date(2026, 7, 1)


def test_labels_give_number_and_dates_when_meta_is_silent() -> None:
    labels = "<label>文号：</label>沪人社规〔2017〕43号 <label>成文日期：</label>2017-12-29"
    meta = parse(NOTICE.format(meta="", labels=labels)).meta
    assert meta.doc_number == "沪人社规〔2017〕43号"
    assert meta.published_on == date(2017, 12, 29)


def test_body_gives_number_signature_date_and_effective_date() -> None:
    meta = parse(NOTICE.format(meta="", labels="")).meta
    assert meta.doc_number == "沪府发〔2017〕98号"
    assert meta.published_on == date(2017, 12, 20)
    assert meta.effective_on == date(2018, 1, 1)


def test_effective_label_wins_over_body_sentence() -> None:
    html = NOTICE.format(meta="", labels="<label>施行日期：</label>2018-02-01")
    assert parse(html).meta.effective_on == date(2018, 2, 1)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("沪府发〔2017〕98号", "沪府发〔2017〕98号"),
        ("（沪人社规[2017]43号）", "沪人社规〔2017〕43号"),
        ("沪府规（2025）20号", "沪府规〔2025〕20号"),
        ("市政府令", None),
    ],
)
def test_doc_numbers_are_written_with_official_brackets(text: str, number: str | None) -> None:
    assert find_doc_number(text) == number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017年12月20日", date(2017, 12, 20)),
        ("日期:2025-11-27", date(2025, 11, 27)),
        ("2017/1/5", date(2017, 1, 5)),
        ("2017-02-30 then 2017-03-01", date(2017, 3, 1)),
        ("no date", None),
    ],
)
def test_dates_as_written(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


CHROME = """<html><body>
<header><a href="/">首页</a> 网站导航</header><nav><a href="/a">政策</a></nav>
<div class="crumbs"><a href="/">首页</a> &gt; 正文</div>
<div class="info"><span>日期:2025-11-27</span> <span>人气:{hits}</span></div>
<div class="main"><div class="content">
<p>持证人取得技能等级五级，积15分。</p><p>持证人取得技能等级四级，积30分。</p>
<p>本市居住证积分的说明文字较长，用来让正文块成为页面上最大的文字块。</p>
<span class="views">{hits} 浏览</span><p>阅读次数：{hits}</p>
<div class="share">分享到：<a href="#">微信</a></div>
</div></div>
<div class="sidebar"><ul><li><a href="/x">热门文章一</a></li>
<li><a href="/y">热门文章二</a></li></ul></div>
<footer>版权所有 © 2025</footer><script>var hits = {hits};</script></body></html>"""


def test_chrome_and_counters_never_reach_main_text() -> None:
    source = Source(id="third-party", url=URL, kind=SourceKind.POINTS)
    text = parse(CHROME.format(hits=1171), source).main_text
    assert text.splitlines() == [
        "持证人取得技能等级五级,积15分。",
        "持证人取得技能等级四级,积30分。",
        "本市居住证积分的说明文字较长,用来让正文块成为页面上最大的文字块。",
    ]


def test_visit_counter_changes_leave_main_text_unchanged() -> None:
    source = Source(id="third-party", url=URL, kind=SourceKind.POINTS)
    first = parse(CHROME.format(hits=1171), source)
    second = parse(CHROME.format(hits=1172), source)
    assert first.main_text == second.main_text
    assert first.points == second.points


def test_seed_pages_keep_chrome_out_of_main_text() -> None:
    for name, noise in (
        ("seed000.html", ("1171", "机构入驻", "您的称呼")),
        ("seed003.html", ("人气", "常见问题解答", "二维码")),
    ):
        page = read_page((PAGES / name).read_text(encoding="utf-8"), URL, SOURCE)
        assert page.where == "the largest text block"
        for word in noise:
            assert word not in page.main_text, (name, word)


@pytest.mark.parametrize(
    ("container", "where"),
    [
        ("<div id='ivs_content'>{}</div>", "'#ivs_content'"),
        ("<div class='Article_content'>{}</div>", "'.Article_content'"),
        ("<div class='trout-region-content'>{}</div>", "'.trout-region-content'"),
        ("<article>{}</article>", "'article'"),
    ],
)
def test_known_containers_are_preferred_in_order(container: str, where: str) -> None:
    body = "<table><tr><td>序号</td><td>工种</td></tr><tr><td>1</td><td>车工</td></tr></table>"
    decoy = "<div class='other'>" + "很长的无关文字。" * 40 + "</div>"
    page = read_page(f"<html><body>{decoy}{container.format(body)}</body></html>", URL, SOURCE)
    assert page.where == where
    assert page.main_text == "序号 工种\n1 车工"


def test_links_in_the_main_content_are_absolute() -> None:
    document = parse_document(
        SOURCE, (PAGES / "official-catalogue.html").read_text(encoding="utf-8"), URL
    )
    assert [link.url for link in document.links] == [
        "https://www.shanghai.gov.cn/cmsres/e1/e19b75f5c1a04c7f9d3c3e0a2b4c5d6e/"
        "bf4ed648a1b2c3d4e5f60718293a4b5c.pdf"
    ]
    assert document.links[0].text == "附件:紧缺急需专业目录.pdf"


def test_a_link_urllib_cannot_split_is_left_out_and_the_page_still_reads() -> None:
    body = (
        "<div id='ivs_content'><table><tr><td>序号</td><td>工种</td></tr><tr><td>1</td>"
        "<td>车工</td></tr></table><a href='http://[abc'>坏链接</a>"
        "<a href='/files/a.pdf'>附件.pdf</a></div>"
    )
    document = parse_document(SOURCE, f"<html><body>{body}</body></html>", URL)
    assert [link.text for link in document.links] == ["附件.pdf"]


def test_a_parser_name_missing_from_the_registry_is_a_parse_error() -> None:
    source = Source(id="rsj-notices", url=URL, kind=SourceKind.INDEX, parser="nonesuch")
    with pytest.raises(ParseError, match="rsj-notices: no parser registered as 'nonesuch'"):
        parse("<html><body><p>x</p></body></html>", source)


def test_explicit_parser_name_overrides_the_kind() -> None:
    source = Source(id="mixed", url=URL, kind=SourceKind.CATALOGUE, parser="points")
    document = parse(CHROME.format(hits=1), source)
    assert document.parser == "points"
    assert document.catalogue is None
    assert document.points is not None


def test_measures_entry_reports_failure_as_a_parse_error() -> None:
    source = Source(id="shgov-measures", url=URL, kind=SourceKind.POINTS, parser="measures")
    with pytest.raises(ParseError) as raised:
        parse("<html><body><div id='ivs_content'><p>无条文</p></div></body></html>", source)
    assert raised.value.source_id == "shgov-measures"
    assert str(raised.value).endswith(f" at {URL}")


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9))
@settings(deadline=None)
def test_no_counter_value_moves_the_main_text(first: int, second: int) -> None:
    source = Source(id="third-party", url=URL, kind=SourceKind.POINTS)
    assert parse(CHROME.format(hits=first), source).main_text == (
        parse(CHROME.format(hits=second), source).main_text
    )

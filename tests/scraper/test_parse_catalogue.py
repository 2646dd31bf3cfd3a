"""Catalogue parser: every layout of domain.md §5.4 read into trades, in 序号 order."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.parsers import ParseError, parse_document
from scraper.parsers.names import split_names
from scraper.records import Catalogue, Source, SourceKind

PAGES = Path(__file__).parents[1] / "fixtures" / "pages"
URL = "https://rsj.sh.gov.cn/tgwgfx_17726/20260613/t0035_1443067.html"
SOURCE = Source(id="rsj-skill-catalogue", url=URL, kind=SourceKind.CATALOGUE)


def catalogue_of(html: str, source: Source = SOURCE) -> Catalogue:
    document = parse_document(source, html, URL)
    assert document.catalogue is not None
    return document.catalogue


def page(body: str) -> str:
    nav = "<nav><a href='/'>首页</a></nav>"
    return f"<html><body>{nav}<div id='ivs_content'>{body}</div></body></html>"


def seed000() -> Catalogue:
    return catalogue_of((PAGES / "seed000.html").read_text(encoding="utf-8"))


def test_seed000_gives_the_63_trades_in_number_order() -> None:
    trades = seed000().trades
    assert [trade.number for trade in trades] == list(range(1, 64))
    assert trades[0].name == "半导体芯片制造工"
    assert trades[30].name == "电工"
    assert trades[31].name == "磨工"
    assert trades[62].name == "疫苗制品工"
    assert all(trade.name and "\u00a0" not in trade.name for trade in trades)


def test_seed000_slash_groups_become_name_and_aliases() -> None:
    by_number = {trade.number: trade for trade in seed000().trades}
    assert by_number[36].names == ("金属热处理工", "热处理工")
    assert by_number[62].names == ("起重装卸机械操作工", "内燃港机装卸机械司机", "内燃装卸机械司机")
    assert sum(1 for trade in by_number.values() if trade.aliases) == 2


def test_seed000_columns_are_the_published_header() -> None:
    assert seed000().columns == ("序号", "职业工种名称") * 3


def test_column_major_pairs_come_out_in_number_order_even_when_short() -> None:
    html = page(
        "<table><tr><td>序号</td><td>名称</td><td>序号</td><td>名称</td></tr>"
        "<tr><td>1</td><td>车工</td><td>3</td><td>铣工</td></tr>"
        "<tr><td>2</td><td>钳工</td><td>&nbsp;</td><td>&nbsp;</td></tr></table>"
    )
    assert [trade.name for trade in catalogue_of(html).trades] == ["车工", "钳工", "铣工"]


def test_code_table_keeps_codes_and_category_attributes() -> None:
    trades = catalogue_of((PAGES / "official-catalogue.html").read_text(encoding="utf-8")).trades
    assert [trade.code for trade in trades] == [
        "51010200",
        "52030100",
        "52030200",
        "52040100",
        "52040200",
    ]
    assert trades[0].attributes == (("所属类别", "农业技术类"),)
    # rowspan: the category cell covers the next row as well
    assert trades[2].attributes == (("所属类别", "城市轨道交通运输类"),)
    assert trades[2].name == "城市轨道交通通信信号技术"  # footnote mark removed
    assert trades[4].names == ("国际邮轮乘务管理", "邮轮乘务")  # full-width slash


def test_qualification_to_title_table_with_multi_line_cells() -> None:
    html = page(
        "<table><tr><th>序号</th><th>专业技术人员职业资格名称</th><th>可聘中级职称</th></tr>"
        "<tr><td>1</td><td>注册消防工程师<br>（一级）</td><td>工程师</td></tr>"
        "<tr><td>2</td><td>造<br>价工程师</td><td>工程师<br>经济师</td></tr>"
        "<tr><td>3</td><td>执业药师</td><td>主管药师</td></tr></table>"
    )
    trades = catalogue_of(html).trades
    assert [trade.name for trade in trades] == ["注册消防工程师(一级)", "造价工程师", "执业药师"]
    assert trades[1].attributes == (("可聘中级职称", "工程师；经济师"),)
    assert trades[2].attributes == (("可聘中级职称", "主管药师"),)


def test_section_titles_spanning_a_row_are_not_trades() -> None:
    html = page(
        "<table><tr><th>专业名称</th><th>所属类别</th></tr>"
        "<tr><td colspan='2'>一、工科</td></tr>"
        "<tr><td>机械设计</td><td rowspan='2'>装备制造类</td></tr><tr><td>数控技术</td></tr>"
        "<tr><td colspan='2' rowspan='2'>二、医科</td></tr><tr></tr>"
        "<tr><td>护理</td><td>医药卫生类</td></tr></table>"
    )
    trades = catalogue_of(html).trades
    assert [trade.name for trade in trades] == ["机械设计", "数控技术", "护理"]
    assert trades[1].attributes == (("所属类别", "装备制造类"),)


def test_one_column_table_without_header() -> None:
    html = page(
        "<table><tr><td>车工</td></tr><tr><td>钳工※</td></tr><tr><td>焊工</td></tr></table>"
    )
    assert [trade.name for trade in catalogue_of(html).trades] == ["车工", "钳工", "焊工"]


def test_ordered_list_items_are_numbered_from_start() -> None:
    html = page("<ol start='5'><li>车工</li><li>钳工/装配钳工</li></ol>")
    trades = catalogue_of(html).trades
    assert [(trade.number, trade.names) for trade in trades] == [
        (5, ("车工",)),
        (6, ("钳工", "装配钳工")),
    ]


def test_unordered_list_of_sentences_is_not_a_catalogue() -> None:
    html = page(
        "<ul><li>请注意，本通知自发布之日起施行。</li><li>详见附件，如有疑问请咨询。</li></ul>"
    )
    with pytest.raises(ParseError):
        catalogue_of(html)


@pytest.mark.parametrize(
    "lines",
    [
        ["1. 车工", "2. 钳工", "3. 焊工"],
        ["1、车工", "2、钳工", "3、焊工"],
        ["（1）车工", "（2）钳工", "（3）焊工"],
        ["１．车工", "２．钳工", "３．焊工"],
    ],
)
def test_numbered_lines(lines: list[str]) -> None:
    html = page(
        "<p>目录如下：</p>" + "".join(f"<p>{line}</p>" for line in lines) + "<p>特此通知。</p>"
    )
    trades = catalogue_of(html).trades
    assert [(trade.number, trade.name) for trade in trades] == [
        (1, "车工"),
        (2, "钳工"),
        (3, "焊工"),
    ]


def test_numbered_sentences_are_not_trades() -> None:
    html = page(
        "<p>1、持证人取得技能等级五级,积15分。</p><p>2、持证人取得技能等级四级,积30分。</p>"
    )
    with pytest.raises(ParseError):
        catalogue_of(html)


def test_page_without_catalogue_raises_naming_source_where_and_url() -> None:
    html = page("<p>本市居住证积分办理流程说明。</p>")
    with pytest.raises(ParseError) as raised:
        catalogue_of(html)
    assert str(raised.value) == (
        f"rsj-skill-catalogue: no catalogue table or list found in '#ivs_content' at {URL}"
    )
    assert raised.value.source_id == "rsj-skill-catalogue"
    assert raised.value.url == URL


def test_configured_selector_that_matches_nothing_is_named() -> None:
    source = Source(id="s", url=URL, kind=SourceKind.CATALOGUE, selector="#missing")
    with pytest.raises(ParseError, match=r"s: selector '#missing' matched nothing at https://"):
        catalogue_of(page("<table><tr><td>车工</td></tr></table>"), source)


def test_caption_is_the_catalogue_title() -> None:
    html = page(
        "<table><caption>高技能人才职业目录</caption><tr><td>序号</td><td>工种</td></tr>"
        "<tr><td>1</td><td>车工</td></tr></table>"
    )
    assert catalogue_of(html).title == "高技能人才职业目录"


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("金属热处理工/热处理工", ("金属热处理工", "热处理工")),
        ("起重工 ／ 起重装卸工", ("起重工", "起重装卸工")),
        ("焊工*", ("焊工",)),
        ("电工[1]", ("电工",)),
        ("车工/", ("车工",)),
    ],
)
def test_split_names(cell: str, names: tuple[str, ...]) -> None:
    name, aliases = split_names(cell)
    assert (name, *aliases) == names


trade_names = st.lists(
    st.text(alphabet="车钳铣刨磨镗焊电工员师机械装配维修操作", min_size=1, max_size=12),
    min_size=1,
    max_size=80,
    unique=True,
)


@given(names=trade_names, pairs=st.integers(min_value=1, max_value=3))
@settings(max_examples=60, deadline=None)
def test_any_column_major_pair_table_reads_back_in_number_order(
    names: list[str], pairs: int
) -> None:
    height = -(-len(names) // pairs)  # rows needed when filled column by column
    rows = []
    for row in range(height):
        cells = []
        for pair in range(pairs):
            index = pair * height + row
            filled = index < len(names)
            number = str(index + 1) if filled else "&nbsp;"
            cells.append(f"<td>{number}</td><td>{names[index] if filled else '&nbsp;'}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    header = "<tr>" + "<td>序号</td><td>职业工种名称</td>" * pairs + "</tr>"
    trades = catalogue_of(page(f"<table>{header}{''.join(rows)}</table>")).trades
    assert [trade.name for trade in trades] == names
    assert [trade.number for trade in trades] == list(range(1, len(names) + 1))

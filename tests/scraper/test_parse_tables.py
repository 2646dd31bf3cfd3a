"""Tables read from their markup in one pass give the text and grid that walking their nodes does."""

from __future__ import annotations

from html import escape

from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.parsers import parse_document
from scraper.parsers.blocks import block_text
from scraper.parsers.markup import plain_table
from scraper.parsers.tables import Grid, read_grid
from scraper.records import Source, SourceKind

# Clean tables (no attributes, no whitespace between tags, cells of visible text) and messy ones,
# with or without elements in their cells.
clean_text = st.text(alphabet=st.sampled_from("车工技师55A1/；（）"), max_size=4)
messy_text = st.text(
    alphabet=st.sampled_from("车工技师55A1/；（）Ａ１ \u00a0\u3000\u200b\t\n\r&<>\"'"), max_size=6
)
messy_attributes = st.sampled_from(["", "", ' align="center"', ' colspan="2"', ' rowspan="2"'])
messy_gap = st.sampled_from(["", "", "", " ", "\n", "\r\n  "])
nothing = st.just("")


@st.composite
def tables(draw: st.DrawFn) -> str:
    messy, rich = draw(st.booleans()), draw(st.booleans())
    text, attributes, gap = (
        (messy_text, messy_attributes, messy_gap) if messy else (clean_text, nothing, nothing)
    )

    def cell() -> str:
        tag = draw(st.sampled_from(["td", "td", "th"]))
        escaped = escape(draw(text))
        kinds = [escaped, f"{escaped}<br>{escaped}", f"<b>{escaped}</b>"] if rich else [escaped]
        return f"<{tag}{draw(attributes)}>{draw(st.sampled_from(kinds))}</{tag}>{draw(gap)}"

    widths = st.integers(min_value=0, max_value=4)
    shape = draw(st.lists(widths, max_size=5))
    body = "".join(
        f"<tr{draw(attributes)}>{draw(gap)}{''.join(cell() for _ in range(width))}</tr>{draw(gap)}"
        for width in shape
    )
    if draw(st.booleans()):
        body = f"<thead></thead><tbody>{draw(gap)}{body}</tbody>"
    return f"<table{draw(attributes)}>{draw(gap)}{body}</table>"


@st.composite
def uniform_tables(draw: st.DrawFn) -> str:
    """The commonest catalogue table: equally wide rows of cells holding normal text."""
    width = draw(st.integers(min_value=1, max_value=4))
    cell = clean_text.filter(bool) if draw(st.booleans()) else clean_text
    rows = draw(st.lists(st.lists(cell, min_size=width, max_size=width), max_size=5))
    tag = draw(st.sampled_from(["td", "th"]))
    body = "".join(
        "<tr>" + "".join(f"<{tag}>{text}</{tag}>" for text in row) + "</tr>" for row in rows
    )
    return f"<table>{body}</table>"


def _node(page: str, selector: str) -> LexborNode:
    node = LexborHTMLParser(page).css_first(selector)
    assert node is not None
    return node


def _read(page: str) -> tuple[str, Grid]:
    tree = LexborHTMLParser(page)
    div, table = tree.css_first("div"), tree.css_first("table")
    assert div is not None and table is not None
    return block_text(div), read_grid(table)


@settings(max_examples=200)
@given(st.one_of(tables(), uniform_tables()))
def test_a_table_reads_the_same_from_its_markup_as_from_its_nodes(table: str) -> None:
    # A comment is no text, but it is not a plain table's markup: that table is read node by node.
    walked = table.replace(">", "><!--x-->", 1)
    assert _read(f"<div>上文{table}下文</div>") == _read(f"<div>上文{walked}下文</div>")


def test_tables_of_text_cells_are_read_from_markup_and_others_are_not() -> None:
    plain = (
        '<table border="1">\n <tbody><tr>\n  <td align="center">序号</td>\n  <td>名称 &amp; '
        "&lt;类&gt;\u00a0</td><td></td></tr>\n</tbody></table>"
    )
    found = plain_table(_node(plain, "table"))
    assert found is not None
    assert found.rows == (("序号", "名称 & <类>\u00a0", ""),)
    for other in (
        "<table><caption>目录</caption><tr><td>车工</td></tr></table>",
        "<table><tr><td>车<br>工</td></tr></table>",
        "<table><tr><td><table><tr><td>车工</td></tr></table></td></tr></table>",
        "<table><tr><td>车工</td><!-- 注 --></tr></table>",
    ):
        assert plain_table(_node(other, "table")) is None


def test_a_cell_left_in_two_pieces_by_removed_chrome_is_still_one_cell() -> None:
    page = (
        "<html><body><div id='ivs_content'><table><tr><th>序号</th><th>职业名称</th></tr>"
        "<tr><td>1</td><td>车<script>var x;</script>工</td></tr>"
        "<tr><td>2</td><td>钳工</td></tr></table></div></body></html>"
    )
    source = Source(id="s", url="https://example.gov.cn/a.html", kind=SourceKind.CATALOGUE)
    document = parse_document(source, page, source.url)
    assert document.catalogue is not None
    assert [trade.name for trade in document.catalogue.trades] == ["车工", "钳工"]
    assert document.main_text == "序号 职业名称\n1 车工\n2 钳工"

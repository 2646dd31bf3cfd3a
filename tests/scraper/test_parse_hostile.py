"""Whatever a page's cells and attributes hold, parsing ends in a document or a ParseError: odd
digits (², ①), names that are only marks, broken spans never crash a check."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.limits import retry_after_seconds
from scraper.parsers import ParseError, parse_document
from scraper.records import Source, SourceKind

URL = "https://rsj.sh.gov.cn/tzxx_17338/20200617/t0035_1390377.html"
CATALOGUE = Source("skill", URL, SourceKind.CATALOGUE)
POINTS = Source("points", URL, SourceKind.POINTS)
ODD = ["²", "①", "⑩", "١", "５", "12", "-3", "", " ", "/", "／", "*", "※", "注1", "\u3000", "x"]
PIECES = st.sampled_from(
    [*ODD, "电工", "焊工", "车工", "序号", "职业名称", "专业代码", "等级", "分值"]
)


def _page(body: str) -> str:
    return f'<html><head><meta charset="utf-8"></head><body><div id="ivs_content">{body}</div></body></html>'


def _read(source: Source, body: str) -> list[tuple[str, int | None]]:
    document = parse_document(source, _page(body), URL)
    trades = document.catalogue.trades if document.catalogue else ()
    return [(t.name, t.number) for t in trades]


def test_a_mark_in_the_number_column_keeps_the_row_without_a_number() -> None:
    rows = "".join(
        f"<tr><td>{n}</td><td>{name}</td></tr>"
        for n, name in (("①", "电工"), ("2", "焊工"), ("²", "车工"), ("4", "钳工"))
    )
    trades = _read(CATALOGUE, f"<table><tr><td>序号</td><td>职业名称</td></tr>{rows}</table>")
    assert trades == [("电工", None), ("焊工", 2), ("车工", None), ("钳工", 4)]


def test_a_name_cell_holding_only_marks_names_no_trade() -> None:
    rows = "".join(
        f"<tr><td>{n}</td><td>{name}</td></tr>"
        for n, name in (("1", "电工"), ("2", "/"), ("3", "*"), ("4", "焊工"))
    )
    trades = _read(CATALOGUE, f"<table><tr><td>序号</td><td>职业名称</td></tr>{rows}</table>")
    assert trades == [("电工", 1), ("焊工", 4)]
    assert _read(CATALOGUE, "<ol><li>电工</li><li>*</li><li>焊工</li></ol>") == [
        ("电工", 1),
        ("焊工", 3),
    ]


def test_spans_and_list_starts_that_are_not_numbers_count_as_absent() -> None:
    table = (
        '<table><tr><td colspan="²">序号</td><td rowspan="①">职业名称</td></tr>'
        '<tr><td colspan="x">1</td><td>电工</td></tr><tr><td>2</td><td>焊工</td></tr></table>'
    )
    assert _read(CATALOGUE, table) == [("电工", 1), ("焊工", 2)]
    assert _read(CATALOGUE, '<ol start="²"><li>电工</li><li>焊工</li></ol>') == [
        ("电工", 1),
        ("焊工", 2),
    ]


def test_retry_after_that_is_not_a_number_or_a_date_is_ignored() -> None:
    now = datetime(2026, 11, 22, tzinfo=UTC)
    assert retry_after_seconds("²", now) is None
    assert retry_after_seconds("120", now) == 120.0


_CELL = st.lists(PIECES, max_size=3).map("".join)
_ATTRIBUTE = st.sampled_from(ODD)


@st.composite
def _tables(draw: st.DrawFn) -> str:
    rows = draw(
        st.lists(st.lists(st.tuples(_CELL, _ATTRIBUTE, _ATTRIBUTE), max_size=4), max_size=6)
    )
    start = draw(_ATTRIBUTE)
    items = draw(st.lists(_CELL, max_size=4))
    table = "".join(
        "<tr>"
        + "".join(
            f'<td colspan="{escape(span)}" rowspan="{escape(down)}">{escape(text)}</td>'
            for text, span, down in row
        )
        + "</tr>"
        for row in rows
    )
    listing = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f'<table>{table}</table><ol start="{escape(start)}">{listing}</ol>'


@settings(max_examples=300, deadline=None)
@given(_tables(), st.sampled_from([CATALOGUE, POINTS]))
def test_odd_cells_end_in_a_document_or_a_parse_error(body: str, source: Source) -> None:
    try:
        document = parse_document(source, _page(body), URL)
    except ParseError as error:  # a recorded parse failure, naming source and page
        assert source.id in str(error) and URL in str(error)
        return
    trades = document.catalogue.trades if document.catalogue else ()
    assert all(trade.name.strip() for trade in trades)  # every row read names a trade

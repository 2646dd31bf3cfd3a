"""Attachments written by the real writer libraries, read back into catalogues."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest
import xlwt
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from scraper.parsers.attachments import (
    AttachmentError,
    UnsupportedAttachment,
    detect_kind,
    parse_attachment,
)
from scraper.records import Source, SourceKind

SOURCE = Source(id="rsj-trades", url="https://rsj.sh.gov.cn/x.html", kind=SourceKind.CATALOGUE)
URL = "https://rsj.sh.gov.cn/cmsres/e1/e19b75f5/bf4ed648.bin"
# Repeated column pairs filled column-major, as the 63-trade list: 1–3 left, 4–5 right.
PAIRED_ROWS = [
    ["上海市高技能人才职业（工种）目录", "", "", ""],
    ["序号", "职业（工种）名称", "序号", "职业（工种）名称"],
    [1, "车工", 4, "金属热处理工/热处理工"],
    [2, "钳\n工", 5, "电工"],
    [3, "铣工", None, "\u00a0"],
]
MAJOR_ROWS = [
    ["序号", "专业代码", "专业名称", "所属类别"],
    [1, 51010200, "种子生产与经营", "农业技术类"],
    [2, "52030100", "城市轨道交通车辆", "城市轨道交通运输类"],
]


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xls_bytes(rows: list[list[object]]) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("目录")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def docx_bytes(rows: list[list[str]], paragraph: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(paragraph)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _cjk_font() -> str:
    # A CID font needs no font file: reportlab ships its metrics, pdfminer its CMaps.
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def pdf_table_bytes(rows: list[list[str]]) -> bytes:
    font = _cjk_font()
    buffer = io.BytesIO()
    table = Table(rows)
    table.setStyle(
        TableStyle(
            [("FONTNAME", (0, 0), (-1, -1), font), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
        )
    )
    SimpleDocTemplate(buffer).build([table])
    return buffer.getvalue()


def pdf_text_bytes(lines: list[str]) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont(_cjk_font(), 12)
    for n, line in enumerate(lines):
        page.drawString(72, 760 - 20 * n, line)
    page.save()
    return buffer.getvalue()


def parse(data: bytes, filename: str, **extra: object):  # type: ignore[no-untyped-def]
    return parse_attachment(
        data,
        filename=filename,
        content_type="application/octet-stream",
        source=SOURCE,
        url=URL,
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("writer", [xlsx_bytes, xls_bytes], ids=["xlsx", "xls"])
def test_spreadsheet_with_repeated_column_pairs_reads_in_number_order(writer) -> None:  # type: ignore[no-untyped-def]
    doc = parse(writer(PAIRED_ROWS), "trades.bin")
    assert doc.catalogue is not None
    trades = doc.catalogue.trades
    assert [t.number for t in trades] == [1, 2, 3, 4, 5]
    assert [t.name for t in trades] == ["车工", "钳工", "铣工", "金属热处理工", "电工"]
    assert trades[3].aliases == ("热处理工",)
    assert doc.catalogue.title == "上海市高技能人才职业（工种）目录"
    assert doc.meta.title == doc.catalogue.title
    assert "车工" in doc.main_text


@pytest.mark.parametrize("writer", [xlsx_bytes, xls_bytes], ids=["xlsx", "xls"])
def test_a_row_whose_name_cell_is_only_separators_names_no_trade(writer) -> None:  # type: ignore[no-untyped-def]
    rows: list[list[object]] = [["序号", "职业名称"], [1, "车工"], [2, "/"], [3, "//"], [4, "钳工"]]
    doc = parse(writer(rows), "trades.bin")
    assert doc.catalogue is not None
    assert [(t.number, t.name) for t in doc.catalogue.trades] == [(1, "车工"), (4, "钳工")]


def test_major_catalogue_keeps_eight_digit_codes_and_category() -> None:
    doc = parse(xlsx_bytes(MAJOR_ROWS), "majors.xlsx")
    assert doc.catalogue is not None
    first, second = doc.catalogue.trades
    assert (first.code, first.name) == ("51010200", "种子生产与经营")
    assert second.code == "52030100"
    assert dict(first.attributes) == {"所属类别": "农业技术类"}
    assert doc.catalogue.columns == ("序号", "专业代码", "专业名称", "所属类别")


def test_docx_table_with_multiline_cells_joins_broken_names() -> None:
    rows = [
        ["序号", "名称", "可聘中级职称"],
        ["1", "造\n价工程师", "工程师"],
        ["2", "执业药师", "主管药师"],
    ]
    doc = parse(docx_bytes(rows, "专业技术人员职业资格目录"), "quals.docx")
    assert doc.catalogue is not None
    assert [(t.name, dict(t.attributes)["可聘中级职称"]) for t in doc.catalogue.trades] == [
        ("造价工程师", "工程师"),
        ("执业药师", "主管药师"),
    ]
    assert "专业技术人员职业资格目录" in doc.main_text


QUAL_ROWS = [
    ["序号", "名称", "可聘中级职称"],
    ["1", "注册消防工程帅（一级）", "工程师"],
    ["2", "造\n价工程师", "工程师"],
    ["3", "房地产估价帅", "经济师"],
]
KNOWN = ("注册消防工程师（一级）", "造价工程师")


def test_pdf_table_corrects_a_glyph_error_against_one_known_name() -> None:
    doc = parse(pdf_table_bytes(QUAL_ROWS), "quals.pdf", known_names=KNOWN)
    assert doc.catalogue is not None
    fire, cost, estate = doc.catalogue.trades
    assert fire.name == "注册消防工程师（一级）"
    assert dict(fire.attributes)["glyph_corrected"] == "帅→师"
    assert dict(fire.attributes)["published_name"] == "注册消防工程帅（一级）"
    assert cost.name == "造价工程师"
    assert "glyph_corrected" not in dict(cost.attributes)
    # No known name for it: kept as published but flagged, never silently a new trade.
    assert estate.name == "房地产估价帅"
    assert "suspect_glyph" in dict(estate.attributes)


def test_pdf_glyph_correction_accepts_a_known_name_without_the_qualifier() -> None:
    doc = parse(pdf_table_bytes(QUAL_ROWS[:2]), "q.pdf", known_names=("注册消防工程师",))
    assert doc.catalogue is not None
    assert doc.catalogue.trades[0].name == "注册消防工程师（一级）"


def test_pdf_glyph_error_matching_two_known_names_is_flagged_not_guessed() -> None:
    rows = [["序号", "名称"], ["1", "土帅"]]
    doc = parse(pdf_table_bytes(rows), "q.pdf", known_names=("士师", "土师"))
    assert doc.catalogue is not None
    trade = doc.catalogue.trades[0]
    assert trade.name == "土帅"
    assert "士师" in dict(trade.attributes)["suspect_glyph"]


def test_pdf_without_ruled_table_falls_back_to_text_lines_and_joins_broken_names() -> None:
    lines = ["序号 名称 可聘中级职称", "1 注册消防工程师 工程师", "造", "2 价工程师 工程师"]
    doc = parse(pdf_text_bytes(lines), "plain.pdf")
    assert doc.catalogue is not None
    assert [t.name for t in doc.catalogue.trades] == ["注册消防工程师", "造价工程师"]


def test_magic_bytes_win_over_a_misleading_file_name() -> None:
    data = xls_bytes(PAIRED_ROWS)
    assert detect_kind(data, "report.pdf") == "xls"
    assert detect_kind(xlsx_bytes(MAJOR_ROWS), "x.doc") == "xlsx"
    assert detect_kind(docx_bytes([["a"]], "p"), "x.xlsx") == "docx"
    assert detect_kind(pdf_text_bytes(["序号"]), "x") == "pdf"
    assert detect_kind(b"unknown", "list.XLSX") == "xlsx"
    assert detect_kind(b"unknown", "list.txt") is None


def test_old_word_doc_is_refused_with_a_clear_error_naming_the_url() -> None:
    fake_doc = bytes.fromhex("d0cf11e0a1b11ae1") + "WordDocument".encode("utf-16-le")
    with pytest.raises(UnsupportedAttachment, match="no converter") as caught:
        parse(fake_doc, "list.doc")
    assert URL in str(caught.value)
    assert caught.value.source_id == "rsj-trades"


def test_unknown_and_corrupt_files_raise_errors_naming_source_and_url() -> None:
    with pytest.raises(UnsupportedAttachment, match="rsj-trades"):
        parse(b"<html>not a file</html>", "page.html")
    with pytest.raises(AttachmentError, match=URL):
        parse(b"%PDF-1.4 truncated", "broken.pdf")

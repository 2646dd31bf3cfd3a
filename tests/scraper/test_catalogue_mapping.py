"""A column mapping declared in sources.toml makes any catalogue table parse, or fail by name."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from diffing.catalogue import diff_catalogues
from diffing.records import TradeChangeKind
from scraper.options import CatalogueOptions
from scraper.parsers import ParseError, parse_document
from scraper.parsers.attachments import AttachmentError, parse_attachment
from scraper.parsers.columns import normalise_header
from scraper.records import Catalogue, Source, SourceKind, Trade
from scraper.sources import SourceConfigError, load_sources, validate_sources

PAGE = Path(__file__).parents[1] / "fixtures" / "mapping" / "unusual-headers.html"
URL = "https://www.example.org/jdxm/20260101/t1.html"
MAPPING = {
    "code_column": "项目编号",
    "name_column": "鉴定项目",
    "alias_column": "原名称",
    "attribute_columns": "所属行业, 备注",
}
HEADER = ("项目编号", "鉴定项目", "原名称", "所属行业", "备注")


def source(**options: str) -> Source:
    return Source(
        id="skill-assessment-items",
        url=URL,
        kind=SourceKind.CATALOGUE,
        options=CatalogueOptions.model_validate(options),
    )


def html_catalogue(html: str, mapped: Source) -> Catalogue:
    document = parse_document(mapped, html, URL)
    assert document.catalogue is not None
    return document.catalogue


def xlsx(rows: Sequence[tuple[str, ...]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_catalogue(data: bytes, mapped: Source) -> Catalogue:
    document = parse_attachment(
        data, filename="目录.xlsx", content_type="", source=mapped, url=URL + ".xlsx"
    )
    assert document.catalogue is not None
    return document.catalogue


EXPECTED = (
    Trade(
        name="电工",
        aliases=("维修电工", "电气值班员"),
        code="6-31-01-03",
        attributes=(("所属行业", "制造业"),),
    ),
    Trade(
        name="养老护理员",
        aliases=("护理员", "老年护理员"),
        code="4-14-02-01",
        attributes=(("所属行业", "卫生和社会工作"), ("备注", "含失智照护")),
    ),
    Trade(
        name="人工智能训练师",
        code="4-04-05-05",
        attributes=(("所属行业", "信息传输、软件和信息技术服务业"), ("备注", "新职业")),
    ),
)


def test_html_table_with_unusual_headers_reads_through_the_mapping() -> None:
    catalogue = html_catalogue(PAGE.read_text(encoding="utf-8"), source(**MAPPING))
    assert catalogue.trades == EXPECTED
    assert catalogue.title == "职业技能鉴定项目目录"


def test_without_a_mapping_the_former_names_are_mistaken_for_the_names() -> None:
    # Why the mapping exists: the built-in patterns take "原名称" (it holds 名称) as the name.
    catalogue = html_catalogue(PAGE.read_text(encoding="utf-8"), source())
    assert [trade.name for trade in catalogue.trades][:2] == ["维修电工", "护理员、老年护理员"]


def test_xlsx_with_the_same_headers_reads_through_the_mapping() -> None:
    data = xlsx(
        [
            ("职业技能鉴定项目目录", "", "", "", ""),
            ("项目 编号", "鉴定项目", "原\u3000名称", "所属行业", "备注"),
            ("6-31-01-03", "电工", "维修电工/电气值班员", "制造业", ""),
            ("4-14-02-01", "养老护理员", "护理员、老年护理员", "卫生和社会工作", "含失智照护"),
            ("4-04-05-05", "人工智能训练师", "", "信息传输、软件和信息技术服务业", "新职业"),
        ]
    )
    catalogue = xlsx_catalogue(data, source(**MAPPING))
    assert catalogue.trades == EXPECTED
    assert catalogue.title == "职业技能鉴定项目目录"


def test_number_column_orders_the_rows_and_skips_non_numbered_ones() -> None:
    rows = [("序 号", "鉴定项目"), ("2", "车工"), ("小计", "两项"), ("1", "钳工")]
    catalogue = xlsx_catalogue(xlsx(rows), source(name_column="鉴定项目", number_column="序号"))
    assert [(t.number, t.name) for t in catalogue.trades] == [(1, "钳工"), (2, "车工")]


def test_missing_declared_header_in_html_names_source_option_headers_and_url() -> None:
    mapped = source(**{**MAPPING, "name_column": "职业名称"})
    with pytest.raises(ParseError) as raised:
        parse_document(mapped, PAGE.read_text(encoding="utf-8"), URL)
    message = str(raised.value)
    for part in ("skill-assessment-items", "name_column", "职业名称", "鉴定项目", "原", URL):
        assert part in message


def test_missing_secondary_header_in_html_is_named_too() -> None:
    mapped = source(**{**MAPPING, "attribute_columns": "所属行业,等级"})
    with pytest.raises(ParseError, match=r"attribute_columns.*'等级' not found"):
        parse_document(mapped, PAGE.read_text(encoding="utf-8"), URL)


def test_missing_declared_header_in_xlsx_raises_attachment_error() -> None:
    data = xlsx([("序号", "职业名称"), ("1", "车工")])
    with pytest.raises(AttachmentError) as raised:
        xlsx_catalogue(data, source(name_column="鉴定项目"))
    message = str(raised.value)
    for part in ("skill-assessment-items", "name_column", "鉴定项目", "序号 | 职业名称", URL):
        assert part in message


def test_sources_entry_with_mapping_but_no_name_column_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[source]]\nid = "odd-catalogue"\nurl = "https://example.org/a.html"\n'
        'kind = "catalogue"\noptions = { code_column = "项目编号" }\n',
        encoding="utf-8",
    )
    [problem] = validate_sources(path)
    assert "odd-catalogue" in problem
    assert "options.name_column" in problem
    with pytest.raises(SourceConfigError, match=r"options\.name_column"):
        load_sources(path)


def test_sources_entry_with_empty_attribute_item_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[source]]\nid = "odd-catalogue"\nurl = "https://example.org/a.html"\n'
        'kind = "catalogue"\noptions = { name_column = "鉴定项目", attribute_columns = "备注,," }\n',
        encoding="utf-8",
    )
    [problem] = validate_sources(path)
    assert "options.attribute_columns" in problem


def test_sources_entry_with_a_full_mapping_loads(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[source]]\nid = "odd-catalogue"\nurl = "https://example.org/a.html"\n'
        'kind = "catalogue"\noptions = { name_column = "鉴定项目", code_column = "项目编号" }\n',
        encoding="utf-8",
    )
    [loaded] = load_sources(path)
    assert isinstance(loaded.options, CatalogueOptions)
    assert loaded.options.name_column == "鉴定项目"


def test_a_name_changed_under_the_same_declared_code_is_a_rename() -> None:
    mapped = source(**MAPPING)
    old_html = PAGE.read_text(encoding="utf-8")
    # No shared name and little shared text: only the declared code can pair the two rows.
    renamed = "<td>电气设备安装调试员</td><td></td>"
    new_html = old_html.replace("<td>电工</td><td>维修电工/电气值班员</td>", renamed)
    assert new_html != old_html
    old = html_catalogue(old_html, mapped)
    new = html_catalogue(new_html, mapped)
    [change] = diff_catalogues(old, new)
    assert change.kind is TradeChangeKind.RENAMED
    assert change.old is not None and change.old.name == "电工"
    assert change.new is not None and change.new.name == "电气设备安装调试员"
    assert change.new.code == "6-31-01-03"


@given(
    st.text(alphabet="项目编号鉴定名称ABC123（）", min_size=1, max_size=8),
    st.lists(st.integers(min_value=0, max_value=8), max_size=3),
    st.sampled_from([" ", "\u00a0", "\u3000", "\n"]),
)
def test_spaces_and_width_never_change_a_header(text: str, cuts: list[int], space: str) -> None:
    spaced = text
    for cut in sorted(cuts, reverse=True):
        spaced = spaced[:cut] + space + spaced[cut:]
    assert normalise_header(spaced) == normalise_header(text)
    assert normalise_header(text.replace("（", "(")) == normalise_header(text)


def test_columns_are_the_published_header() -> None:
    catalogue = html_catalogue(PAGE.read_text(encoding="utf-8"), source(**MAPPING))
    assert tuple(normalise_header(column) for column in catalogue.columns) == HEADER

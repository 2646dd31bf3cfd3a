"""Parsed documents and change items survive the trip through JSON text unchanged."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from diffing.records import ChangeItem, ChangeKind
from scraper.records import (
    Catalogue,
    DocumentMeta,
    Link,
    ParsedDocument,
    PointRule,
    PointsTable,
    RuleCategory,
    RuleUnit,
    Trade,
)
from store.codec import (
    decode_document,
    decode_items,
    encode_document,
    encode_items,
    from_plain,
    to_plain,
)
from store.store import Store
from tests.store.builders import document, new_version_check, source, trade

texts = st.text(alphabet=st.characters(blacklist_characters="\x00", codec="utf-8"), max_size=12)
optional_texts = st.none() | texts
dates = st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1))
pairs = st.lists(st.tuples(texts, texts), max_size=3).map(tuple)

trades = st.builds(
    Trade,
    name=texts,
    aliases=st.lists(texts, max_size=3).map(tuple),
    code=optional_texts,
    number=st.none() | st.integers(0, 10_000),
    attributes=pairs,
)
rules = st.builds(
    PointRule,
    indicator=st.sampled_from(["SKILL", "EDU", "AGE", "DED_FALSE"]),
    level=texts,
    label=texts,
    points=st.none() | st.integers(-150, 150),
    cap=st.none() | st.integers(0, 200),
    conditions=st.lists(texts, max_size=2).map(tuple),
    params=pairs,
    clause=optional_texts,
)
documents = st.builds(
    ParsedDocument,
    source_id=texts,
    url=texts,
    parser=texts,
    parser_version=st.integers(1, 50),
    meta=st.builds(
        DocumentMeta,
        title=optional_texts,
        published_on=dates,
        effective_on=dates,
        doc_number=optional_texts,
        valid_until=dates,
    ),
    main_text=texts,
    catalogue=st.none()
    | st.builds(Catalogue, title=optional_texts, trades=st.lists(trades, max_size=4).map(tuple)),
    points=st.none() | st.builds(PointsTable, rules=st.lists(rules, max_size=4).map(tuple)),
    links=st.lists(st.builds(Link, url=texts, text=texts, published_on=dates), max_size=2).map(
        tuple
    ),
)


@given(documents)
def test_any_document_round_trips(doc: ParsedDocument) -> None:
    assert decode_document(encode_document(doc)) == doc


@given(
    st.lists(
        st.builds(ChangeItem, kind=st.sampled_from(ChangeKind), subject=texts, old=optional_texts),
        max_size=4,
    )
)
def test_any_change_items_round_trip(items: list[ChangeItem]) -> None:
    assert decode_items(encode_items(tuple(items))) == tuple(items)


def _pure_python(value: object) -> str:
    """The JSON the store wrote before msgspec did the encoding."""
    return json.dumps(to_plain(value), ensure_ascii=False, separators=(",", ":"))


@given(documents)
def test_documents_are_written_exactly_as_before_and_old_rows_read_the_same(
    doc: ParsedDocument,
) -> None:
    assert encode_document(doc) == _pure_python(doc)
    assert decode_document(_pure_python(doc)) == from_plain(ParsedDocument, to_plain(doc))


def test_nul_is_dropped_by_the_fast_encoder_too() -> None:
    doc = document(trades=(trade("电\x00工"),), text="a\x00b")
    assert encode_document(doc) == _pure_python(doc)
    decoded = decode_document(encode_document(doc))
    assert decoded.main_text == "ab"
    assert decoded.catalogue is not None and decoded.catalogue.trades[0].name == "电工"


def test_a_stored_value_off_its_type_hint_reads_as_it_always_did() -> None:
    text = encode_document(document()).replace('"number":null', '"number":"七"', 1)
    decoded = decode_document(text)
    assert decoded.catalogue is not None
    assert decoded.catalogue.trades[0].number == "七"  # type: ignore[comparison-overlap]


def test_old_rows_with_fields_since_removed_still_decode() -> None:
    doc = document()
    text = encode_document(doc).replace('{"source_id"', '{"fetched_by":"v1","source_id"', 1)
    assert decode_document(text) == doc


def test_old_rows_without_newer_fields_still_decode() -> None:
    doc = document()
    text = encode_document(doc).replace(',"valid_until":null', "")
    assert '"valid_until"' not in text
    assert decode_document(text) == doc


def test_nul_in_a_parsed_document_is_dropped_the_same_way_on_each_backend(store: Store) -> None:
    store.upsert_sources([source()])
    doc = document(
        trades=(trade("电\x00工", "\x00焊工"),), text="第一条\x00 积分", doc_number="\x00"
    )
    outcome = store.record_check(new_version_check(doc, base=None))
    stored = store.version(outcome.version_id or 0)
    assert stored is not None
    assert stored.document.main_text == "第一条 积分"
    assert stored.document.catalogue is not None
    assert stored.document.catalogue.trades[0].names == ("电工", "焊工")
    assert [m.name for m in store.search_trades("电工")] == ["电工"]


# A rule as rows written before unit and category were enums hold it: plain strings.
OLD_ROW_RULE = {
    "indicator": "SPOUSE_LOCAL",
    "level": "",
    "label": "配偶为本市户籍",
    "points": 4,
    "unit": "per_year",
    "cap": 40,
    "conditions": [],
    "category": "add",
    "params": [],
    "clause": "第十一条（五）",
}


def test_rows_written_with_string_units_and_categories_load_as_enums() -> None:
    old = {
        "source_id": "points-measures",
        "url": "https://www.shanghai.gov.cn/nw12344/20180105/measures.html",
        "parser": "measures",
        "parser_version": 3,
        "meta": {"title": "上海市居住证积分管理办法"},
        "main_text": "第十一条",
        "points": {"rules": [OLD_ROW_RULE], "conditions": []},
    }
    text = json.dumps(old, ensure_ascii=False)
    # The fast decoder, and the fallback for rows it refuses: both read the old strings.
    for decoded in (decode_document(text), from_plain(ParsedDocument, old)):
        assert decoded.points is not None
        (rule,) = decoded.points.rules
        assert rule.unit is RuleUnit.PER_YEAR
        assert rule.category is RuleCategory.ADD
        assert json.loads(encode_document(decoded))["points"]["rules"][0] == OLD_ROW_RULE


def test_change_items_written_with_string_kinds_load_as_enums() -> None:
    old = '[{"kind":"trade_renamed","subject":"数控车工","old":"车工","new":"数控车工"}]'
    (item,) = decode_items(old)
    assert item.kind is ChangeKind.TRADE_RENAMED
    assert json.loads(encode_items((item,)))[0]["kind"] == "trade_renamed"

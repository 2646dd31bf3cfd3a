"""rules.json written the fast way (msgspec, one piece per catalogue) is the same file, byte for
byte, as the standard library's encoder writes from the whole table."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import json_text
from scoring.json_text import catalogue_piece, encode_fast, encode_plain, rules_json
from scoring.records import (
    CatalogueEntry,
    CatalogueTable,
    ParameterEntry,
    Provenance,
    RuleEntry,
    RuleTable,
    UnreadEntry,
)

texts = st.text(max_size=12)  # any characters: controls, quotes, U+2028, CJK, surrogates left out
maybe = st.none() | texts
days = st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1))

provenances = st.builds(
    Provenance,
    source_id=st.text("abc-0123", min_size=1, max_size=8),
    version_id=st.integers(1, 10**9),
    url=st.sampled_from(["https://rsj.sh.gov.cn/a.html", "http://127.0.0.1:8/p/1.html"]),
    title=maybe,
    doc_number=maybe,
    published_on=days,
    effective_on=days,
    observed_at=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
    ),
    valid_until=days,
    extended_by=maybe,
)
pairs = st.lists(st.tuples(texts, texts), max_size=3).map(tuple)
entries = st.builds(
    CatalogueEntry,
    name=texts,
    aliases=st.lists(texts, max_size=3).map(tuple),
    code=maybe,
    attributes=pairs,
)
catalogues = st.builds(
    CatalogueTable,
    source_id=st.text("abcdef", min_size=1, max_size=6),
    title=maybe,
    entries=st.lists(entries, max_size=4).map(tuple),
    provenance=provenances,
)
rules = st.builds(
    RuleEntry,
    indicator=texts,
    level=texts,
    label=texts,
    points=st.none() | st.integers(-(10**20), 10**20),
    unit=texts,
    cap=st.none() | st.integers(0, 200),
    conditions=st.lists(texts, max_size=2).map(tuple),
    category=texts,
    provenance=provenances,
    params=pairs,
    clause=maybe,
)
tables = st.builds(
    RuleTable,
    as_of=st.dates(),
    rules=st.lists(rules, max_size=3).map(tuple),
    catalogues=st.lists(catalogues, max_size=4).map(
        lambda found: tuple(
            sorted({c.source_id: c for c in found}.values(), key=lambda c: c.source_id)
        )
    ),
    general_conditions=st.lists(texts, max_size=2).map(tuple),
    parameters=st.lists(
        st.builds(ParameterEntry, provenance=provenances, effective_from=days), max_size=2
    ).map(tuple),
    unread=st.lists(st.builds(UnreadEntry, provenance=provenances), max_size=2).map(tuple),
)


@settings(max_examples=300)
@given(tables)
def test_rules_json_from_pieces_is_the_plain_encoders_file(table: RuleTable) -> None:
    fast = rules_json(table, map(catalogue_piece, table.catalogues))

    assert fast == json_text.rules_json_plain(table)
    assert (
        json.loads(fast)["catalogues"]
        == json.loads(json_text.rules_json_plain(table))["catalogues"]
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=500)
@given(json_values)
def test_the_fast_encoder_writes_what_the_plain_one_writes_for_any_value_without_floats(
    value: Any,
) -> None:
    assert encode_fast(value) == encode_plain(value)


def test_floats_are_why_the_fast_encoder_is_kept_to_values_without_them() -> None:
    assert encode_fast(1e-05) != encode_plain(1e-05)


def test_a_catalogue_piece_is_encoded_without_the_plain_encoder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fast path is the one taken for a catalogue, not a fallback hiding it."""
    provenance = Provenance(
        "s1",
        1,
        "https://rsj.sh.gov.cn/a.html",
        "目录",
        None,
        None,
        None,
        datetime(2026, 1, 2, tzinfo=UTC),
    )
    table = CatalogueTable(
        "s1",
        "目录",
        (CatalogueEntry("电工", ("维修电工",), "6-31", (("类别", "电气"),)),),
        provenance,
    )

    def refuse(value: Any) -> str:
        raise AssertionError("the plain encoder was used")

    monkeypatch.setattr(json_text, "encode_plain", refuse)

    piece = catalogue_piece(table)

    assert json.loads(piece)["entries"][0]["aliases"] == ["维修电工"]

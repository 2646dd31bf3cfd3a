"""Trade entities: stable ids across versions, renames and aliases; search and history."""

from __future__ import annotations

from datetime import date

import pytest

from scraper.records import ParsedDocument
from store.records import TradeEventKind, VersionStatus
from store.store import Store
from tests.store.builders import at, document, new_version_check, rename, source, trade

SRC = "skill-catalogue"


@pytest.fixture
def opened(store: Store) -> Store:
    store.upsert_sources([source(), source("other")])
    return store


def _publish(
    store: Store, doc: ParsedDocument, base: int | None, hours: float, **kw: object
) -> int:
    outcome = store.record_check(new_version_check(doc, base=base, started_at=at(hours), **kw))  # type: ignore[arg-type]
    assert outcome.version_id is not None
    return outcome.version_id


def _id_of(store: Store, name: str) -> int:
    matches = [m for m in store.search_trades(name) if m.name == name]
    assert len(matches) == 1, matches
    return matches[0].trade_id


def test_search_finds_a_trade_by_any_name_or_alias(opened: Store) -> None:
    _publish(opened, document(trades=(trade("金属热处理工", "热处理工"), trade("电工"))), None, 0)
    found = opened.search_trades("热处理工")
    assert [(m.name, m.is_listed) for m in found] == [("金属热处理工", True)]
    assert found[0].matched_name == "热处理工"  # the alias is the closer match
    assert opened.search_trades("100%") == []
    assert opened.search_trades("  ") == []


def test_trade_keeps_its_id_when_matched_by_alias_in_the_next_version(opened: Store) -> None:
    v1 = _publish(opened, document(trades=(trade("金属热处理工", "热处理工"),)), None, 0)
    _publish(opened, document(trades=(trade("热处理工"), trade("焊工"))), v1, 1)
    matches = opened.search_trades("热处理")
    assert len(matches) == 1
    assert matches[0].name == "热处理工"


def test_rename_from_the_diff_keeps_the_id_and_history_says_so(opened: Store) -> None:
    old, new = trade("车工"), trade("车削工")
    v1 = _publish(
        opened, document(trades=(old, trade("电工")), published_on=date(2024, 1, 5)), None, 0
    )
    v2 = _publish(
        opened,
        document(trades=(new, trade("电工")), doc_number="沪人社职〔2024〕3号"),
        v1,
        24,
        diff=rename(old, new),
    )
    trade_id = _id_of(opened, "车削工")
    assert opened.search_trades("车工")[0].trade_id == trade_id  # former name still finds it

    history = opened.trade_history(trade_id)
    assert history is not None
    assert history.name == "车削工"
    assert history.names == ("车工", "车削工")
    assert [(e.kind, e.version_id, e.name, e.old_name) for e in history.events] == [
        (TradeEventKind.APPEARED, v1, "车工", None),
        (TradeEventKind.RENAMED, v2, "车削工", "车工"),
    ]
    assert history.events[0].published_on == date(2024, 1, 5)
    assert history.events[1].doc_number == "沪人社职〔2024〕3号"
    assert history.events[1].observed_at == at(24)


def test_unmatched_trade_gets_a_new_id(opened: Store) -> None:
    v1 = _publish(opened, document(trades=(trade("车工"),)), None, 0)
    _publish(opened, document(trades=(trade("车削工"),)), v1, 1)  # no rename in a diff
    assert _id_of(opened, "车工") != _id_of(opened, "车削工")
    assert [m.is_listed for m in opened.search_trades("车工")] == [False]


def test_trade_that_disappears_and_comes_back_keeps_its_id(opened: Store) -> None:
    v1 = _publish(opened, document(trades=(trade("电工"), trade("焊工"))), None, 0)
    v2 = _publish(opened, document(trades=(trade("电工"),)), v1, 1)
    v3 = _publish(opened, document(trades=(trade("焊工"), trade("电工"))), v2, 2)
    history = opened.trade_history(_id_of(opened, "焊工"))
    assert history is not None
    assert [(e.kind, e.version_id) for e in history.events] == [
        (TradeEventKind.APPEARED, v1),
        (TradeEventKind.DISAPPEARED, v2),
        (TradeEventKind.REAPPEARED, v3),
    ]


def test_same_name_in_two_sources_is_two_trades(opened: Store) -> None:
    _publish(opened, document(trades=(trade("电工"),)), None, 0)
    _publish(opened, document("other", trades=(trade("电工"),)), None, 0)
    assert sorted(m.source_id for m in opened.search_trades("电工")) == ["other", SRC]


def test_names_of_a_quarantined_version_are_not_searchable_until_promoted(opened: Store) -> None:
    v1 = _publish(opened, document(trades=(trade("电工"),)), None, 0)
    _publish(
        opened,
        document(trades=(trade("无人机驾驶员"),)),
        v1,
        1,
        status=VersionStatus.QUARANTINED,
    )
    assert opened.search_trades("无人机") == []


def test_unknown_trade_has_no_history(opened: Store) -> None:
    assert opened.trade_history(123456) is None


def test_search_limit_caps_the_results(opened: Store) -> None:
    _publish(opened, document(trades=tuple(trade(f"电工{n}") for n in range(10))), None, 0)
    assert len(opened.search_trades("电工", limit=3)) == 3

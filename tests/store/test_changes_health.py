"""Change events (filters, keyset pages) and source health."""

from __future__ import annotations

import pytest

from diffing.records import ChangeClass, ChangeItem, ChangeKind
from scraper.records import Outcome
from store.records import CheckRecord, EventDraft
from store.store import Store
from tests.store.builders import at, document, fetch, new_version_check, source, trade


@pytest.fixture
def opened(store: Store) -> Store:
    store.upsert_sources([source("a"), source("b")])
    return store


def _history(store: Store, source_id: str, count: int) -> list[int]:
    base, events = None, []
    for n in range(count):
        outcome = store.record_check(
            new_version_check(
                document(source_id, (trade(f"工种{n}"),)), base=base, started_at=at(n)
            )
        )
        base = outcome.version_id
        assert outcome.event_id is not None
        events.append(outcome.event_id)
    return events


def test_changes_are_newest_first_and_page_by_id(opened: Store) -> None:
    a = _history(opened, "a", 3)
    b = _history(opened, "b", 2)
    everything = [e.id for e in opened.changes()]
    assert everything == sorted(a + b, reverse=True)

    first = opened.changes(limit=2)
    second = opened.changes(limit=2, before_id=first[-1].id)
    third = opened.changes(limit=2, before_id=second[-1].id)
    assert [e.id for e in first + second + third] == everything

    assert [e.id for e in opened.changes(source_id="a")] == sorted(a, reverse=True)
    assert [e.id for e in opened.changes(since=at(1))] == sorted(a[1:] + b[1:], reverse=True)
    assert opened.changes(classification=ChangeClass.WORDING) == []
    assert len(opened.changes(classification=ChangeClass.RULE)) == 5


def test_events_fingerprint_moves_with_every_new_event_of_its_scope(opened: Store) -> None:
    empty = opened.events_fingerprint()
    _history(opened, "a", 2)
    after_a = opened.events_fingerprint()
    a_only = opened.events_fingerprint("a")
    assert after_a != empty and after_a[0] == 2
    _history(opened, "b", 2)
    assert opened.events_fingerprint() != after_a
    # Another source's events leave a source's own feed as it was.
    assert opened.events_fingerprint("a") == a_only


def test_change_keeps_items_and_text_diff(opened: Store) -> None:
    check = new_version_check(document("a"), base=None)
    items = (
        ChangeItem(kind=ChangeKind.TRADE_ADDED, subject="焊工", new="焊工"),
        ChangeItem(
            kind=ChangeKind.RULE_MODIFIED,
            subject="技能等级三级",
            old="60",
            new="70",
            detail="60 → 70",
        ),
    )
    draft = EventDraft(
        classification=ChangeClass.RULE,
        title="1 trade added; 技能等级三级 60 → 70",
        summary="s",
        items=items,
        from_version_id=None,
        text_diff="-60\n+70",
        is_backfill=True,
    )
    outcome = opened.record_check(
        CheckRecord(fetch=check.fetch, version=check.version, event=draft)
    )
    event = opened.change(outcome.event_id or 0)
    assert event is not None
    assert event.items == items
    assert (event.text_diff, event.is_backfill, event.updated_at) == ("-60\n+70", True, None)
    assert opened.change(999999) is None


def test_changes_refuse_absurd_page_sizes(opened: Store) -> None:
    with pytest.raises(ValueError, match="1 to 1000"):
        opened.changes(limit=0)


def test_health_counts_the_error_streak_since_the_last_success(opened: Store) -> None:
    opened.record_checks(
        [
            CheckRecord(fetch=fetch("a", body=b"<p>x</p>", started_at=at(0))),
            CheckRecord(fetch=fetch("a", outcome=Outcome.NOT_MODIFIED, started_at=at(1))),
            CheckRecord(fetch=fetch("a", outcome=Outcome.TRANSIENT_ERROR, started_at=at(2))),
            CheckRecord(
                fetch=fetch("a", outcome=Outcome.BLOCKED, started_at=at(3), detail="waf:x")
            ),
            CheckRecord(fetch=fetch("b", outcome=Outcome.PERMANENT_ERROR, started_at=at(4))),
        ]
    )
    a, b = opened.all_health()
    assert (a.source_id, a.checks, a.error_streak) == ("a", 4, 2)
    assert (a.last_outcome, a.last_detail, a.last_check_at) == (Outcome.BLOCKED, "waf:x", at(3))
    assert a.last_success_at == at(1)
    assert (b.checks, b.error_streak, b.last_success_at) == (1, 1, None)
    assert opened.health("a") == a


def test_health_of_an_unchecked_source_is_empty_and_last_change_is_reported(opened: Store) -> None:
    fresh = opened.health("b")
    assert (fresh.checks, fresh.last_check_at, fresh.last_outcome) == (0, None, None)
    _history(opened, "a", 2)
    assert opened.health("a").last_change_at == at(1)

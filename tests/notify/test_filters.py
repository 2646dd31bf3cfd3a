"""Which subscriptions hear of a change: by source, kind, trade (any of its names), indicator and
level, rule changes only; never backfilled history."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from diffing.records import ChangeClass, ChangeEvent, ChangeItem
from notify.filters import decide, item_names, matching_items, next_digest_at, parse_indicator
from store.notify_records import (
    Channel,
    Digest,
    Filter,
    ItemKind,
    Language,
    NoticeKind,
    PendingNotice,
    Role,
    Subscription,
    SubscriptionStatus,
)

NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
EVENT = ChangeEvent(
    id=7,
    source_id="skill",
    source_name="技能目录",
    classification=ChangeClass.RULE,
    title="t",
    summary="s",
    items=(
        ChangeItem("trade_added", "焊工", None, "焊工"),
        ChangeItem("trade_renamed", "车床工", "车工", "车床工/车工"),
        ChangeItem("rule_modified", "技能等级三级", "60", "70"),
        ChangeItem("parameter_modified", "社平工资", "1", "2"),
    ),
    observed_at=NOW,
    published_on=None,
    doc_number=None,
    url="https://x",
    evidence_sha256="a" * 64,
    from_version_id=1,
    to_version_id=2,
)
NOTICE = PendingNotice(
    id=1,
    kind=NoticeKind.CHANGE,
    event=EVENT,
    created_at=NOW,
    trade_names={"金属车工": frozenset({"金属车工", "车床工"})},
    rule_keys={"技能等级三级": ("SKILL", "3")},
)


def subjects(wanted: Filter, notice: PendingNotice = NOTICE) -> list[str]:
    return [item.subject for item in matching_items(wanted, notice)]


def test_an_empty_filter_follows_every_item() -> None:
    assert subjects(Filter()) == ["焊工", "车床工", "技能等级三级", "社平工资"]


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        (Filter(kind=ItemKind.CATALOGUE), ["焊工", "车床工"]),
        (Filter(kind=ItemKind.RULE), ["技能等级三级"]),
        (Filter(kind=ItemKind.PARAMETERS), ["社平工资"]),
        (Filter(trade="焊工"), ["焊工"]),
        (Filter(trade="车工"), ["车床工"]),  # its former name, in the rename item
        (Filter(trade="金属车工"), ["车床工"]),  # a name the trade entity once bore
        (Filter(trade="车"), []),  # names match whole, never as substrings
        (Filter(indicator="SKILL"), ["技能等级三级"]),
        (Filter(indicator="SKILL", level="3"), ["技能等级三级"]),
        (Filter(indicator="SKILL", level="4"), []),
        (Filter(source_id="points"), []),
        (Filter(source_id="skill", trade="焊工"), ["焊工"]),
    ],
)
def test_a_filter_follows_only_its_items(wanted: Filter, expected: list[str]) -> None:
    assert subjects(wanted) == expected


def test_rule_changes_only_skips_a_wording_change() -> None:
    wording = replace(NOTICE, event=replace(EVENT, classification=ChangeClass.WORDING))
    assert subjects(Filter(include_wording=False), wording) == []
    assert subjects(Filter(), wording) != []


def test_backfilled_history_is_never_news() -> None:
    old = replace(NOTICE, event=replace(EVENT, is_backfill=True))
    assert subjects(Filter(), old) == []


def test_full_width_and_spacing_variants_of_a_name_match() -> None:
    assert item_names(ChangeItem("trade_added", "焊 工")) == item_names(
        ChangeItem("trade_added", "焊工")
    )


def _subscription(sub_id: int, wanted: Filter, digest: Digest = Digest.INSTANT) -> Subscription:
    return Subscription(
        sub_id,
        Role.SUBSCRIBER,
        Channel.WEBHOOK,
        "https://h",
        wanted,
        digest,
        Language.ZH,
        SubscriptionStatus.ACTIVE,
        NOW,
        NOW,
    )


def test_decide_queues_instant_now_and_daily_at_the_next_digest() -> None:
    subs = [
        _subscription(1, Filter(trade="焊工")),
        _subscription(2, Filter(indicator="EDU")),
        _subscription(3, Filter(), Digest.DAILY),
    ]
    fanned = decide(NOTICE, subs, NOW)
    assert [(f.subscription_id, f.due_at, f.item_indexes) for f in fanned] == [
        (1, NOW, (0,)),
        (3, datetime(2026, 3, 2, 0, 0, tzinfo=UTC), (0, 1, 2, 3)),
    ]
    assert next_digest_at(datetime(2026, 3, 1, 23, 59, tzinfo=UTC)).day == 2


@pytest.mark.parametrize(("text", "parsed"), [("SKILL:3", ("SKILL", "3")), ("edu", ("EDU", None))])
def test_indicator_options_read_id_and_level(text: str, parsed: tuple[str, str | None]) -> None:
    assert parse_indicator(text) == parsed


def test_an_indicator_that_is_no_id_is_refused() -> None:
    with pytest.raises(ValueError, match="SKILL:3"):
        parse_indicator("技能; drop")

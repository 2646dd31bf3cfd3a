"""Atom and RSS change feeds: parse cleanly, stable ids, newest first, nothing executable."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import feedparser
import pytest
from feed_cases import BUILT_AT, SITE, event, feed_bytes
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from diffing.records import ChangeClass, ChangeItem, ChangeKind
from feeds.build import event_tag_uri

KINDS = ("atom", "rss")


@pytest.mark.parametrize("kind", KINDS)
def test_feed_parses_without_bozo_and_carries_the_change(kind: str) -> None:
    parsed = feedparser.parse(feed_bytes([event(1)], kind))
    assert parsed.bozo == 0
    (entry,) = parsed.entries
    assert entry.id == "tag:jifen,2026:change/1"
    assert entry.title == "技能目录: 1 trade added: 焊工"
    assert entry.link == f"{SITE}changes/1"
    assert {t.term for t in entry.tags} == {"rule", "rsj-skill-catalogue"}
    content = entry.content[0].value
    assert "焊工" in content
    assert "沪人社规〔2026〕12号" in content
    assert f'href="{SITE}changes/1"' in content
    assert 'href="https://rsj.sh.gov.cn/tgsgg_17341/20260630/t0035_1.html"' in content


@pytest.mark.parametrize("kind", KINDS)
def test_ids_are_stable_across_rebuilds(kind: str) -> None:
    events = [event(3, hours=2), event(1), event(2, hours=1)]
    first = feed_bytes(events, kind)
    second = feed_bytes(list(reversed(events)), kind)
    assert first == second
    assert [e.id for e in feedparser.parse(first).entries] == [event_tag_uri(i) for i in (3, 2, 1)]


@pytest.mark.parametrize("kind", KINDS)
def test_newest_first_and_bounded(kind: str) -> None:
    events = [event(i, hours=i) for i in range(1, 8)]
    parsed = feedparser.parse(feed_bytes(events, kind, max_entries=3))
    assert [e.id for e in parsed.entries] == [event_tag_uri(i) for i in (7, 6, 5)]


def test_tag_authority_is_configurable() -> None:
    data = feed_bytes([event(9)], "atom", tag_authority="jifen.example.org", tag_date="2027")
    assert feedparser.parse(data).entries[0].id == "tag:jifen.example.org,2027:change/9"


def test_dates_are_tz_aware_published_observed_and_updated_corrected() -> None:
    corrected = event(1, updated_at=datetime.fromisoformat("2026-07-05T08:00:00+00:00"))
    (entry,) = feedparser.parse(feed_bytes([corrected], "atom")).entries
    assert entry.published == "2026-07-01T00:00:00+00:00"
    assert entry.updated == "2026-07-05T08:00:00+00:00"
    parsed = feedparser.parse(feed_bytes([event(2)], "atom"))
    assert parsed.entries[0].updated == "2026-07-01T00:00:00+00:00"
    assert parsed.feed.updated == BUILT_AT.isoformat()


def test_naive_datetimes_are_refused_with_a_clear_message() -> None:
    naive = event(4, observed_at=datetime(2026, 7, 1))
    with pytest.raises(ValueError, match="change event 4: observed_at is a naive datetime"):
        feed_bytes([naive], "atom")


def test_backfilled_events_are_marked() -> None:
    (entry,) = feedparser.parse(feed_bytes([event(5, is_backfill=True)], "rss")).entries
    assert entry.title.startswith("【据存档回溯】")
    assert "backfill" in {t.term for t in entry.tags}


def test_technical_re_parses_never_reach_the_feed() -> None:
    events = [event(1), event(2, classification=ChangeClass.TECHNICAL)]
    parsed = feedparser.parse(feed_bytes(events, "atom"))
    assert [e.id for e in parsed.entries] == [event_tag_uri(1)]


def test_wording_changes_are_published_with_their_category() -> None:
    (entry,) = feedparser.parse(
        feed_bytes([event(6, classification=ChangeClass.WORDING)], "atom")
    ).entries
    assert "wording" in {t.term for t in entry.tags}


def test_health_note_reaches_the_feed_description() -> None:
    parsed = feedparser.parse(feed_bytes([], "rss", health_note="rsj-skill-catalogue: 3 failed"))
    assert parsed.bozo == 0
    assert parsed.entries == []
    assert parsed.feed.description.endswith("rsj-skill-catalogue: 3 failed")
    assert parsed.feed.link == SITE


HOSTILE = ChangeItem(
    ChangeKind.TRADE_ADDED,
    '焊工<script>alert(1)</script><img src=x onerror="alert(2)">',
    None,
    '<a href="javascript:alert(3)">x</a>',
    "<iframe src=https://evil.example/></iframe>added",
)


@pytest.mark.parametrize("kind", KINDS)
def test_script_handlers_and_javascript_links_never_survive(kind: str) -> None:
    hostile = event(
        7,
        title='标题<script>alert(1)</script><img src=x onerror="alert(1)">',
        summary="<b onmouseover=alert(1)>s</b>",
        items=(HOSTILE,),
        url="javascript:alert(4)",
        source_name="<svg onload=alert(5)>",
    )
    data = feed_bytes([hostile], kind, health_note="<script>x</script>")
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0
    raw = data.decode("utf-8").lower()
    needles = ("<script", "&lt;script", "onerror", "onload", "onmouseover", "javascript:")
    for needle in (*needles, "iframe", "alert"):
        assert needle not in raw
    (entry,) = parsed.entries
    assert entry.title == "标题"


@pytest.mark.parametrize("kind", KINDS)
def test_control_characters_and_lone_surrogates_still_build(kind: str) -> None:
    nasty = event(8, title="焊工\x00\x0b\ud800\ufffe]]></content>&<![CDATA[", summary="\x1f")
    parsed = feedparser.parse(feed_bytes([nasty], kind))
    assert parsed.bozo == 0
    assert parsed.entries[0].title == "焊工\ufffd]]>&"


def test_feed_links_must_be_http() -> None:
    with pytest.raises(ValueError, match="link and self_link must be absolute http"):
        feed_bytes([], "atom", link="javascript:alert(1)")


def test_rss_is_well_formed_xml_with_guid_not_permalink() -> None:
    root = etree.fromstring(feed_bytes([event(1)], "rss"))
    guid = root.find("channel/item/guid")
    assert guid is not None
    assert guid.get("isPermaLink") == "false"
    assert guid.text == "tag:jifen,2026:change/1"


@settings(max_examples=60, deadline=None)
@given(
    st.text(),
    st.text(),
    st.lists(st.tuples(st.text(), st.text(), st.text()), max_size=3),
    st.sampled_from(KINDS),
    st.text(),
)
def test_any_text_yields_a_feed_that_parses(
    title: str, summary: str, parts: list[tuple[str, str, str]], kind: str, other: str
) -> None:
    items = tuple(ChangeItem(ChangeKind.RULE_MODIFIED, s, o, n, s + o) for s, o, n in parts)
    scraped = replace(
        event(1), title=title, summary=summary, items=items, source_name=other, doc_number=other
    )
    built = feed_bytes([scraped], kind, health_note=other)
    parsed = feedparser.parse(built)
    assert parsed.bozo == 0
    assert len(parsed.entries) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_plain_text_with_xml_specials_round_trips_unchanged(kind: str) -> None:
    title = "技能目录 ]]> & 1 < 2 😀 \u200f עברית \u202e end"
    parsed = feedparser.parse(feed_bytes([event(1, title=title)], kind))
    assert parsed.bozo == 0
    assert parsed.entries[0].title == title

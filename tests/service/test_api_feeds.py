"""Feeds over HTTP: parse cleanly, point at change pages, say which sources failed, 304 (row 34)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from email.utils import format_datetime

import feedparser
import pytest
from fastapi.testclient import TestClient

from tests.service.test_api_world import (
    ADDED_TRADE,
    POINTS,
    SKILL,
    V2_DOC,
    V2_SEEN,
    World,
    failure,
    record_version,
)


@pytest.mark.parametrize(
    ("url", "media_type"),
    [
        ("/feeds/changes.atom", "application/atom+xml; charset=utf-8"),
        ("/feeds/changes.rss", "application/rss+xml; charset=utf-8"),
        ("/feeds/skill.atom", "application/atom+xml; charset=utf-8"),
    ],
)
def test_feed_parses_and_links_to_the_change_page(
    client: TestClient, world: World, url: str, media_type: str
) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.headers["x-content-type-options"] == "nosniff"
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0
    [entry] = parsed.entries
    assert entry.link == f"http://testserver/changes/{world.change_id}"
    assert ADDED_TRADE in entry.title
    assert "<script" not in response.text  # the scraped trade name is escaped, not markup
    assert f"jifen.test,2026:change/{world.change_id}" in entry.id


def test_feed_says_which_sources_could_not_be_checked(client: TestClient) -> None:
    text = client.get("/feeds/changes.atom").text
    assert "坏页" in text
    assert "无法检查：坏页（上次成功：2024-01-10 16:00 (北京时间 UTC+8)，连续失败 2 次）" in text
    assert "坏页" not in client.get("/feeds/skill.atom").text


def test_each_source_has_an_rss_feed_beside_its_atom(client: TestClient) -> None:
    atom = feedparser.parse(client.get("/feeds/skill.atom").content)
    response = client.get("/feeds/skill.rss")
    assert response.headers["content-type"].startswith("application/rss+xml")
    rss = feedparser.parse(response.content)
    assert rss.bozo == 0 and rss.version == "rss20"
    assert [e.title for e in rss.entries] == [e.title for e in atom.entries] != []
    assert all(len(e.title) <= 80 for e in rss.entries)
    assert rss.feed.links[0].href.endswith("/feeds/skill.rss") or any(
        link.href.endswith("/feeds/skill.rss") for link in rss.feed.links
    )
    head = client.head("/feeds/skill.rss")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == response.headers["etag"]
    assert client.get("/feeds/nosuch.rss").status_code == 404


def test_a_source_without_changes_has_an_empty_valid_feed(client: TestClient) -> None:
    parsed = feedparser.parse(client.get("/feeds/points.atom").content)
    assert parsed.bozo == 0
    assert parsed.entries == []


def test_etag_and_if_none_match_give_304(client: TestClient) -> None:
    first = client.get("/feeds/changes.atom")
    etag = first.headers["etag"]
    assert client.get("/feeds/changes.atom").headers["etag"] == etag  # stable across rebuilds
    again = client.get("/feeds/changes.atom", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    weak = client.get("/feeds/changes.atom", headers={"If-None-Match": f'"x", W/{etag}'})
    assert weak.status_code == 304
    other = client.get("/feeds/changes.atom", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_last_modified_and_if_modified_since(client: TestClient) -> None:
    first = client.get("/feeds/changes.rss")
    assert first.headers["last-modified"] == format_datetime(V2_SEEN, usegmt=True)
    cached = client.get(
        "/feeds/changes.rss", headers={"If-Modified-Since": first.headers["last-modified"]}
    )
    assert cached.status_code == 304
    older = client.get(
        "/feeds/changes.rss", headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"}
    )
    assert older.status_code == 200
    garbage = client.get("/feeds/changes.rss", headers={"If-Modified-Since": "not a date"})
    assert garbage.status_code == 200


def test_a_new_failure_changes_the_feed_etag(client: TestClient, world: World) -> None:
    before = client.get("/feeds/changes.atom").headers["etag"]
    failure(world.store, POINTS, V2_SEEN)
    after = client.get("/feeds/changes.atom")
    assert after.headers["etag"] != before
    assert "积分分值" in after.text


def test_a_new_change_reaches_the_feed_at_once(client: TestClient, world: World) -> None:
    first = feedparser.parse(client.get("/feeds/skill.atom").content)
    v3 = replace(V2_DOC, catalogue=replace(V2_DOC.catalogue, trades=V2_DOC.catalogue.trades[:-1]))
    outcome = record_version(
        world.store,
        SKILL,
        v3,
        V2_SEEN + timedelta(days=30),
        base=V2_DOC,
        base_id=world.skill_v2.version_id,
    )
    second = feedparser.parse(client.get("/feeds/skill.atom").content)
    assert len(first.entries) == 1
    assert [e.link.rsplit("/", 1)[1] for e in second.entries] == [
        str(outcome.event_id),
        str(world.change_id),
    ]

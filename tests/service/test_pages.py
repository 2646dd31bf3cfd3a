"""Pages for people: what they show, highlighting, the catalogue date picker, escaping, headers."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from scraper.records import Trade
from service.http.web.views import collapse_equal, filter_trades, item_class
from tests.service.test_api_world import ADDED_TRADE, World


def test_timeline_lists_the_change_with_badge_and_link(client: TestClient, world: World) -> None:
    html = client.get("/").text
    assert f'href="/changes/{world.change_id}"' in html
    assert 'class="badge badge-rule"' in html
    assert "技能目录" in html
    assert "2025-03-05" in html


def test_change_page_highlights_added_and_renamed_items(client: TestClient, world: World) -> None:
    response = client.get(f"/changes/{world.change_id}")
    assert response.status_code == 200
    html = response.text
    added = re.search(r'<li class="item added"[^>]*>(.*?)</li>', html, re.S)
    assert added is not None
    assert ADDED_TRADE in added.group(1)
    renamed = re.search(r'<li class="item renamed"[^>]*>(.*?)</li>', html, re.S)
    assert renamed is not None
    assert "金属热处理工" in renamed.group(1)
    assert "沪人社规〔2025〕3号" in html
    assert f"/v1/snapshots/{world.evidence_sha}/raw" in html


def test_change_page_shows_the_text_side_by_side(client: TestClient, world: World) -> None:
    html = client.get(f"/changes/{world.change_id}").text
    rows = re.findall(
        r'<tr class="(\w+)"><td class="left">(.*?)</td><td class="right">(.*?)</td>', html
    )
    assert ("replace", "二、热处理工", "二、金属热处理工") in rows
    assert ("equal", "一、电工", "一、电工") in rows
    assert any(tag != "equal" and right == "四、无人机驾驶员" for tag, _, right in rows)


def test_scraped_markup_is_escaped_everywhere(client: TestClient, world: World) -> None:
    for url in ("/", f"/changes/{world.change_id}", "/catalogues/skill"):
        html = client.get(url).text
        assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in client.get("/catalogues/skill").text


def test_pages_carry_security_headers(client: TestClient) -> None:
    response = client.get("/")
    assert response.headers["x-content-type-options"] == "nosniff"
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_catalogue_page_follows_the_as_of_date(client: TestClient) -> None:
    old = client.get("/catalogues/skill", params={"as_of": "2024-06-01"}).text
    new = client.get("/catalogues/skill", params={"as_of": "2025-06-01"}).text
    assert ADDED_TRADE not in old
    assert ADDED_TRADE in new
    assert 'type="date" name="as_of" value="2024-06-01"' in old
    nothing = client.get("/catalogues/skill", params={"as_of": "2000-01-01"})
    assert nothing.status_code == 200
    assert "2000-01-01 当日无生效目录" in nothing.text
    never = client.get("/catalogues/quiet").text  # a catalogue nothing was recorded of
    assert "尚未采集" in never
    assert "当日无生效目录" not in never
    english = client.get("/catalogues/quiet", params={"lang": "en"}).text
    assert "Not captured yet" in english


ROW_NAME = r'<td class="name"[^>]*><a href="/trades/\d+">(.*?)</a></td>'


def test_catalogue_search_matches_names_and_aliases(client: TestClient) -> None:
    html = client.get("/catalogues/skill", params={"as_of": "2025-06-01", "q": "热处理"}).text
    names = re.findall(ROW_NAME, html)
    assert names == ["金属热处理工"]
    by_alias = client.get("/catalogues/skill", params={"as_of": "2025-06-01", "q": "热处理工"})
    assert re.findall(ROW_NAME, by_alias.text) == ["金属热处理工"]


def test_every_catalogue_row_links_to_its_trade(client: TestClient) -> None:
    html = client.get("/catalogues/skill", params={"as_of": "2025-06-01"}).text
    rows = re.findall(r'<td class="name"[^>]*>(.*?)</td>', html)
    assert len(rows) == 4
    links = re.findall(r'<td class="name"[^>]*><a href="(/trades/\d+)">电工</a>', html)
    assert len(links) == 1
    trade = client.get(links[0]).text
    assert "<h1>电工</h1>" in trade
    assert '<a id="back" href="/catalogues/skill">← 技能目录</a>' in trade  # its name, no slug


def test_sources_page_shows_failing_and_never_checked(client: TestClient) -> None:
    html = client.get("/sources").text
    assert 'class="status-failing"' in html
    assert 'class="status-never_checked"' in html
    assert 'class="status-unchanged"' in html
    assert "http_503" in html


def test_trade_page_shows_the_rename(client: TestClient, world: World) -> None:
    catalogue = client.get("/catalogues/skill", params={"as_of": "2024-06-01", "q": "热处理"})
    link = re.search(r'<a href="(/trades/\d+)">金属热处理工</a>', catalogue.text)
    assert link is not None  # found by its former name, linked to its history
    html = client.get(link.group(1)).text
    assert "<del>热处理工</del> → 金属热处理工" in html
    assert client.get("/trades/999999").status_code == 404
    assert client.get("/trades/%091").status_code == 422  # an id is digits, as in the API


def test_static_css_is_served(client: TestClient) -> None:
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert "li.added" in response.text


def test_item_class_maps_kinds_to_highlights() -> None:
    assert item_class("trade_added") == "added"
    assert item_class("rule_removed") == "removed"
    assert item_class("trade_renamed") == "renamed"
    assert item_class("rule_modified") == "modified"
    assert item_class("wording") == "other"


def test_filter_trades_ignores_width_variants() -> None:
    trades = [Trade("CAD操作员"), Trade("电工", aliases=("维修电工",))]
    assert [t.name for t in filter_trades(trades, "ｃａｄ")] in (["CAD操作员"], [])
    assert [t.name for t in filter_trades(trades, "维修")] == ["电工"]
    assert filter_trades(trades, "  ") == trades


def test_collapse_equal_keeps_context_around_changes() -> None:
    rows = [("equal", f"l{i}", f"l{i}") for i in range(10)]
    rows[5] = ("replace", "old", "new")
    folded = collapse_equal(rows, context=1)
    assert folded[0] == ("skip", "4", "")
    assert folded[1:4] == [rows[4], rows[5], rows[6]]
    assert folded[4] == ("skip", "3", "")
    assert collapse_equal([("equal", "a", "a")]) == [("skip", "1", "")]


@given(
    tags=st.lists(st.sampled_from(["equal", "equal", "equal", "replace", "insert", "delete"])),
    context=st.integers(min_value=0, max_value=3),
)
def test_collapse_equal_never_hides_a_change_or_loses_a_line(tags: list[str], context: int) -> None:
    rows = [(tag, f"l{i}", f"r{i}") for i, tag in enumerate(tags)]
    folded = collapse_equal(rows, context=context)
    shown = [row for row in folded if row[0] != "skip"]
    skipped = sum(int(row[1]) for row in folded if row[0] == "skip")
    assert [r for r in rows if r[0] != "equal"] == [r for r in shown if r[0] != "equal"]
    assert len(shown) + skipped == len(rows)
    assert shown == [r for r in rows if r in shown]  # order kept

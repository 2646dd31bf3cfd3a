"""The pages an applicant uses, in a real browser at 1280 px and at 390 px (a phone): the home
search (listed, formerly listed, not listed), the calculator (a full profile, a bad one), the
rules in force, a trade and a change. Each page must fit the screen (no horizontal scroll), be in
Chinese, and give dates as a person in Shanghai reads them.

The data is what `jifen serve` ships on a first start (the seed captures), plus one later
catalogue that drops a trade, recorded at 17:30 UTC: already the next day in Shanghai.
Screenshots go to tests/artifacts/screenshots/ (git-ignored).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from scraper.records import DocumentMeta
from service.http.app import create_app
from service.pipeline.bootstrap import import_bundled_captures
from service.runtime import configured_sources, open_store, recorder_for, register_sources
from service.settings import Settings
from tests.served import serving
from tests.service.test_api_world import record_version
from tests.service.test_browser import browser

__all__ = ["browser"]

SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
CATALOGUE = "skill-trade-catalogue"
DROPPED = "刨插工"
DROPPED_AT = datetime(2025, 5, 31, 17, 30, tzinfo=UTC)  # 2025-06-01 01:30 in Shanghai
WIDTHS = {"desktop": 1280, "phone": 390}
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Served:
    url: str
    change_id: int
    trade_id: int


def _record_dropped_trade(settings: Settings) -> int:
    """A later catalogue without one trade: a published change (and its event id)."""
    store = open_store(settings)
    source = next(s for s in configured_sources(settings) if s.id == CATALOGUE)
    base = store.latest_version(CATALOGUE)
    assert base is not None and base.document.catalogue is not None
    catalogue = base.document.catalogue
    kept = tuple(t for t in catalogue.trades if t.name != DROPPED)
    meta = DocumentMeta(title="高技能人才职业、工种目录（调整）", published_on=date(2025, 5, 30))
    doc = replace(base.document, meta=meta, catalogue=replace(catalogue, trades=kept))
    outcome = record_version(store, source, doc, DROPPED_AT, base=base.document, base_id=base.id)
    store.close()
    assert outcome.event_id is not None
    return outcome.event_id


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The app over a first start's data, served by uvicorn on a port the OS picks."""
    data = tmp_path_factory.mktemp("pages")
    settings = Settings.from_env({"JIFEN_DATA_DIR": str(data)})
    store = open_store(settings)
    sources = configured_sources(settings)
    register_sources(store, sources)
    list(import_bundled_captures(recorder_for(store, sources), sources))
    store.close()
    change_id = _record_dropped_trade(settings)
    store = open_store(settings)
    turner = next(m for m in store.search_trades("车工") if m.name == "车工")
    app = create_app(settings=settings, store=store, sources=sources)
    with serving(app) as url:
        yield Served(url, change_id, turner.trade_id)
    store.close()


@pytest.fixture(params=sorted(WIDTHS))
def page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    # A reader in Shanghai: the browser asks for Chinese (headless Chromium asks for en-US).
    opened = browser.new_page(
        viewport={"width": WIDTHS[request.param], "height": 900}, locale="zh-CN"
    )
    yield opened
    opened.close()


def looked_at(page: Page, name: str) -> str:
    """Check what every page must be, keep a screenshot, and return the visible text."""
    width = page.viewport_size["width"] if page.viewport_size else 0
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    assert scroll <= inner, f"{name} at {width} px is {scroll} px wide: it scrolls sideways"
    text = page.inner_text("body")
    assert len(CJK.findall(text)) > 40, f"{name} is not in Chinese"
    assert "上海时间" in text  # the zone is stated
    return text


def test_a_listed_trade_says_yes_since_when_and_links_to_it(page: Page, served: Served) -> None:
    page.goto(f"{served.url}/")
    page.fill("#q", "车 工")  # a space typed in the middle
    with page.expect_navigation():
        page.press("#q", "Enter")
    answer = page.locator("#answer")
    assert "在目录中" in answer.locator(".verdict").inner_text()
    assert "answer-listed" in (answer.get_attribute("class") or "")
    # Seen 2023-08-02 16:00 UTC: 2023-08-03 in Shanghai, the posting day, never the day before.
    since = answer.locator(".since").first.inner_text()
    assert "2023-08-03" in since and "2023-08-02" not in since
    assert "发布 2023-08-03" in since and "施行" not in since  # a blog's date is not 施行
    text = looked_at(page, "home-listed")
    assert "高技能人才职业、工种目录" in text
    with page.expect_navigation():
        page.click("a.trade-link >> text=车工")
    assert page.url.endswith(f"/trades/{served.trade_id}")


def test_a_dropped_trade_says_until_when(page: Page, served: Served) -> None:
    page.goto(f"{served.url}/?q={DROPPED}")
    verdict = page.locator("#answer .verdict").inner_text()
    assert "曾在目录中" in verdict
    until = page.locator("#answer .until").inner_text()
    assert "2025-05-30" in until  # the posting date of the catalogue that dropped it
    assert "发现于 2025-06-01" in until  # 17:30 UTC on 05-31 is 06-01 in Shanghai
    looked_at(page, "home-formerly-listed")


def test_an_unknown_trade_says_no_and_where_it_looked(page: Page, served: Served) -> None:
    page.goto(f"{served.url}/?q=水手")
    answer = page.locator("#answer")
    assert "不在目录中" in answer.locator(".verdict").inner_text()
    assert "查过的目录" in answer.inner_text()
    looked_at(page, "home-not-listed")


def test_the_calculator_scores_a_full_profile_with_what_ifs(page: Page, served: Served) -> None:
    page.goto(f"{served.url}/score")
    page.fill("input[name=as_of]", "2025-01-15")
    page.fill("input[name=birth_date]", "1994-06-01")
    page.select_option("select[name=education]", "bk")
    page.fill("input[name=cert_trade_0]", "车工")
    page.select_option("select[name=cert_level_0]", "4")
    page.fill("input[name=si_years]", "5")
    page.fill("input[name=base_start_0]", "2021-01")
    page.fill("input[name=base_end_0]", "2024-12")
    page.fill("input[name=base_multiple_0]", "1.5")
    page.fill("input[name=ded_detention]", "0")
    with page.expect_navigation():
        page.click("button.primary")
    assert page.locator("#total").inner_text().startswith("总分：")
    gap = page.locator("#gap").inner_text()
    assert "标准分值 120 分" in gap
    rules = page.locator("table.score-lines").inner_text()
    assert "沪府发〔2017〕98号 第六条（一）" in rules  # each line with its 文号 and article
    what_ifs = page.locator("#whatif").inner_text()
    assert "学历为大学本科 + 学士学位：+30 分，总分 185" in what_ifs, what_ifs
    assert "持有「车工」二级（技师）证书：+40 分" in what_ifs
    looked_at(page, "calculator-result")


def test_the_calculator_names_the_wrong_fields_in_chinese(page: Page, served: Served) -> None:
    page.goto(f"{served.url}/score")
    page.fill("input[name=cert_trade_0]", "车工")  # no birth date, no level
    page.fill("input[name=base_start_0]", "2024-05")
    page.fill("input[name=base_end_0]", "2023-01")  # ends before it starts
    page.fill("input[name=base_multiple_0]", "1.5")
    with page.expect_navigation():
        page.click("button.primary")
    errors = page.locator("#errors").inner_text()
    assert "出生日期：未填写" in errors and "技能等级" in errors
    assert "pydantic" not in page.content()
    beside = page.locator("#error-base_end_0").inner_text()
    assert "结束月份早于开始月份" in beside
    assert page.input_value("input[name=cert_trade_0]") == "车工"  # nothing typed is lost
    assert page.input_value("input[name=base_end_0]") == "2023-01"
    looked_at(page, "calculator-errors")


def test_the_rules_page_lists_the_rules_with_their_document(page: Page, served: Served) -> None:
    page.goto(f"{served.url}/rules?as_of=2025-01-15")
    text = looked_at(page, "rules")
    assert "现行积分标准" in text
    for heading in ("基础指标", "加分指标", "减分指标", "一票否决指标"):
        assert heading in text
    skill = page.locator("tr[data-indicator=SKILL][data-level='3']").inner_text()
    assert "60 分" in skill and "第六条（三）" in skill
    assert "第三方转载" in page.locator("#documents").inner_text()
    assert "未能读出" in text  # what could not be read is shown, never guessed


def test_the_trade_page_shows_points_by_level_today(page: Page, served: Served) -> None:
    page.goto(f"{served.url}/trades/{served.trade_id}")
    text = looked_at(page, "trade")
    assert "在目录中" in page.locator("#listed").inner_text()
    points = page.locator("table.points").inner_text()
    assert "三级（高级工）" in points and "60 分" in points
    back = page.locator("#back").inner_text()
    assert "高技能人才职业、工种目录" in back and CATALOGUE not in back
    assert "发现于 2023-08-03" in text


def test_the_change_page_gives_shanghai_dates(page: Page, served: Served) -> None:
    page.goto(f"{served.url}/changes/{served.change_id}")
    text = looked_at(page, "change")
    assert DROPPED in page.locator("li.removed").inner_text()
    assert "2025-06-01 01:30" in text and "北京时间" in text
    assert "2025-05-31 17:30" not in text


@pytest.mark.parametrize(
    "path",
    ["/", "/sources", f"/catalogues/{CATALOGUE}", "/catalogues/shortage-majors-catalogue"],
)
def test_every_other_page_fits_the_screen(page: Page, served: Served, path: str) -> None:
    page.goto(f"{served.url}{path}")
    name = path.strip("/").replace("/", "-") or "home"
    looked_at(page, name)


def test_the_timeline_keeps_the_source_readable(page: Page, served: Served) -> None:
    page.goto(f"{served.url}/")
    source = page.locator(".timeline .source").first
    box = source.bounding_box()
    assert box is not None
    # The source name was squeezed to 3-4 characters a line; a line now holds 8 or more.
    font = float(source.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    assert box["width"] >= 8 * font, box


def test_sources_say_never_checked_live_apart_from_imports(page: Page, served: Served) -> None:
    page.goto(f"{served.url}/sources")
    live = page.locator("tr:has(a[href='/catalogues/points-measures']) td.live").inner_text()
    assert "从未在线检查成功" in live and "仅有导入的存档" in live

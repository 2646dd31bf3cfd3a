"""A real browser on the served app: what a person sees on the change page and the catalogue.

Needs Debian's chromium (`apt-get install -y chromium`; the Makefile does it). Screenshots go to
tests/artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.served import serving
from tests.service.test_api_world import ADDED_TRADE, World, build_world

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    built = build_world(tmp_path_factory.mktemp("browser"))
    yield built
    built.store.close()


@pytest.fixture(scope="module")
def base_url(world: World) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1, on a port the OS picks."""
    with serving(world.app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium with `apt-get install -y chromium` "
            "(`make` does it); the browser test never downloads a browser of its own",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    opened = browser.new_page(viewport={"width": 1200, "height": 900})
    yield opened
    opened.close()


def test_change_page_highlights_the_added_trade(page: Page, base_url: str, world: World) -> None:
    page.goto(f"{base_url}/changes/{world.change_id}")
    added = page.locator("li.added")
    assert added.count() == 1
    assert ADDED_TRADE in added.inner_text()
    # Highlighted means a person sees it coloured, not merely that a class is there.
    background = added.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(230, 244, 234)"
    assert page.locator("li.renamed").inner_text().count("金属热处理工") >= 1
    assert page.locator("script").count() == 0  # scraped <script> stayed text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "change.png"), full_page=True)


def test_changing_the_catalogue_date_reloads_the_list(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/catalogues/skill?as_of=2025-06-01")
    names = page.locator("#trades td.name")
    assert ADDED_TRADE in names.all_inner_texts()
    with page.expect_navigation():
        page.fill("input[type=date]", "2024-06-01")  # the change event submits the form
    assert "as_of=2024-06-01" in page.url
    assert ADDED_TRADE not in names.all_inner_texts()
    assert "热处理工" in names.all_inner_texts()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "catalogue.png"), full_page=True)


def test_search_box_filters_the_catalogue(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/catalogues/skill?as_of=2025-06-01")
    page.fill("input[name=q]", "热处理")
    with page.expect_navigation():
        page.press("input[name=q]", "Enter")
    assert page.locator("#trades td.name").all_inner_texts() == ["金属热处理工"]

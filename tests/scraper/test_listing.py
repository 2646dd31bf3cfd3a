"""Listing pages: full titles, absolute URLs across columns, listed dates, page URLs."""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.parsers.listing import (
    ListingError,
    page_url,
    parse_listing,
    posted_on_of,
)
from scraper.parsers.text import normalise_inline

FIXTURES = Path(__file__).parent.parent / "fixtures" / "listing"
BASE = "https://rsj.sh.gov.cn/tgwgfx_17726/index.html"


def _read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_rsj_listing_gives_full_titles_absolute_urls_and_listed_dates() -> None:
    links = parse_listing(_read("rsj_tgwgfx_page1.html"), BASE)

    assert [link.url for link in links] == [
        "https://rsj.sh.gov.cn/tshbx_17729/20260812/t0035_1443067.html",
        "https://rsj.sh.gov.cn/tgwgfx_17726/20260613/0b9e4c1d2a3f4e5d6c7b8a9f0e1d2c3b.html",
        "https://rsj.sh.gov.cn/tgwgfx_17726/20200617/t0035_1390377.html",
        "https://rsj.sh.gov.cn/tgwgfx_17726/20260101/t0035_1400001.html",
    ]
    assert links[0].text == "关于公布2026年版上海市居住证积分高技能人才职业工种目录的通知"
    assert "…" not in links[1].text
    assert links[3].text == "短标题"  # no title attribute: the link text is all there is
    assert [link.published_on for link in links] == [
        date(2026, 8, 12),
        date(2026, 6, 13),
        date(1999, 7, 1),
        date(2026, 1, 1),
    ]


def test_tadaty_listing_skips_script_links() -> None:
    links = parse_listing(
        _read("shanghai_nw12344_page.html"), "https://www.shanghai.gov.cn/nw12344/index.html"
    )

    assert len(links) == 1
    assert links[0].url.startswith("https://www.shanghai.gov.cn/nw12344/20250321/")
    assert links[0].text.endswith("有效期的通知")


def test_a_link_urllib_cannot_split_is_skipped_and_the_rest_are_read() -> None:
    items = "".join(
        f'<li><a href="{href}">通知{n}</a><span>2026-01-0{n}</span></li>'
        for n, href in enumerate(["http://[abc", "/tzxx_17338/20260102/t0035_2.html", "//[::1"], 1)
    )
    links = parse_listing(f'<ul class="uli14">{items}</ul>', "https://rsj.sh.gov.cn/tzxx_17338/")
    assert [(link.url, link.text) for link in links] == [
        ("https://rsj.sh.gov.cn/tzxx_17338/20260102/t0035_2.html", "通知2")
    ]


def test_page_without_listing_is_an_error_not_an_empty_listing() -> None:
    with pytest.raises(ListingError, match="no list items"):
        parse_listing("<html><body><h1>404 Not Found</h1></body></html>", BASE)


def test_url_date_is_the_posting_date_of_both_url_forms() -> None:
    assert posted_on_of("https://rsj.sh.gov.cn/tgwgfx_17726/20200617/t0035_1390377.html") == date(
        2020, 6, 17
    )
    assert posted_on_of(
        "https://rsj.sh.gov.cn/trdhy_17355/20260805/269b2b88c0d1e2f3a4b5c6d7e8f90a1b.html"
    ) == date(2026, 8, 5)
    assert posted_on_of("https://rsj.sh.gov.cn/about.html") is None


def test_page_urls_follow_the_cms_numbering() -> None:
    assert page_url(BASE, 1) == BASE
    assert page_url(BASE, 2) == "https://rsj.sh.gov.cn/tgwgfx_17726/index_2.html"
    assert (
        page_url("https://rsj.sh.gov.cn/tgwgfx_17726/", 3)
        == "https://rsj.sh.gov.cn/tgwgfx_17726/index_3.html"
    )
    with pytest.raises(ValueError, match=r"index\.html"):
        page_url("https://rsj.sh.gov.cn/tgwgfx_17726/list.jsp", 2)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60))
def test_full_title_comes_from_the_title_attribute_whatever_it_holds(title: str) -> None:
    page = (
        '<ul class="uli14"><li><a href="/a_1/20260101/t0035_1.html" '
        f'title="{escape(title)}">截断…</a><span class="time">2026-01-01</span></li></ul>'
    )
    links = parse_listing(page, BASE)
    expected = normalise_inline(title)
    assert links[0].text == (expected or "截断…")

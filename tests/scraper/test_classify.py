"""Signature data and body sanity checks, independent of any server."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.classify import (
    WAF_PAGE_MAX_BYTES,
    WAF_SIGNATURES,
    challenge_signature,
    landing_signature,
    page_problem,
    waf_signature,
)


def test_signatures_are_valid_unique_patterns() -> None:
    names = [name for name, _, _ in WAF_SIGNATURES]
    assert len(names) == len(set(names))
    for _, pattern, words in WAF_SIGNATURES:
        re.compile(pattern)
        assert words and all(len(word.encode()) >= 3 for word in words)


def test_challenge_status_pages_match_regardless_of_size() -> None:
    body = b"<html>" + b"x" * (2 * WAF_PAGE_MAX_BYTES) + "您的访问被拒绝".encode()
    assert challenge_signature(403, body[:100] + "您的访问被拒绝".encode()) == "access_refused"
    assert challenge_signature(200, body) is None  # a big 200 is a real page


def test_404_page_mentioning_javascript_is_not_a_challenge() -> None:
    assert challenge_signature(404, b"<noscript>Please enable JavaScript</noscript>") is None


@given(st.text(alphabet="上海市居住证积分管理办法技能人员职业资格目录焊工电工 0123456789<>/tdr"))
def test_ordinary_chinese_page_text_is_never_a_challenge(text: str) -> None:
    assert challenge_signature(200, f"<html><body>{text}</body></html>".encode()) is None


def test_page_problems() -> None:
    html = "text/html; charset=utf-8"
    assert page_problem(b"<html>ok</html>", html, accept_binary=False) is None
    assert page_problem(b"   \n", html, accept_binary=True) == "empty_body"
    assert page_problem(b"PK\x03\x04...", "", accept_binary=False) == "unsupported_type"
    assert page_problem(b"PK\x03\x04...", "application/vnd.ms-excel", accept_binary=True) is None
    assert page_problem(b"{}", "application/json", accept_binary=False) == "unsupported_type"
    assert page_problem(b"\xff\xfe<\x00h\x00", html, accept_binary=False) is None  # UTF-16 BOM


def test_landing_signatures() -> None:
    base = "https://rsj.sh.gov.cn/tjfxmhk_17342/20200515/t0035_1390455.html"
    assert landing_signature(base, "https://rsj.sh.gov.cn/error/404.html") == "error_page"
    assert landing_signature(base, "https://rsj.sh.gov.cn/sso/login.jsp") == "login_page"
    assert landing_signature(base, "https://rsj.sh.gov.cn/") == "site_root"
    moved = "https://rsj.sh.gov.cn/tjfxmhk_17342/20200515/t0035_1390455_1.html"
    assert landing_signature(base, moved) is None
    assert landing_signature(base, moved, expect_path=re.compile(r"^/tjfxmhk_")) is None
    assert landing_signature(base, moved, expect_path=re.compile(r"^/other/")) == "unexpected_path"


def _first_match_unscreened(body: bytes) -> str | None:
    head = body[: 2 * WAF_PAGE_MAX_BYTES]
    for name, pattern, _ in WAF_SIGNATURES:
        if re.search(pattern.encode(), head):
            return name
    return None


@pytest.mark.parametrize(("name", "pattern", "words"), WAF_SIGNATURES)
@given(data=st.data())
def test_every_match_of_a_signature_holds_one_of_its_screen_words(
    name: str, pattern: str, words: tuple[str, ...], data: st.DataObject
) -> None:
    """The screen may skip a body only when the pattern cannot match it."""
    match = data.draw(st.from_regex(pattern, fullmatch=True), label=name)
    assert any(word in match for word in words)


_FRAGMENTS = st.sampled_from(
    [
        "Please enable JavaScript", "Please turn JavaScript on", "请开启 JavaScript", "JavaScript",
        "<title> Access Denied </title>", "Access Denied", "<h1>Access Denied</h1>", "云锁",
        "cf_chl_opt", "Cloudflare", "Incapsula incident ID", "安全狗", "非法访问", "访问被",
        "<title>403 Forbidden</title>", "403 Forbidden", "365cyd", "知道创宇", "<p>", " ", "x",
    ]
)  # fmt: skip


@given(st.lists(_FRAGMENTS, max_size=8), st.sampled_from([200, 403, 404, 503]))
def test_screening_finds_what_a_full_scan_finds(parts: list[str], status: int) -> None:
    body = "".join(parts).encode()
    expected = _first_match_unscreened(body)
    assert waf_signature(body) == expected
    if status in (403, 503) or (status == 200 and len(body) <= WAF_PAGE_MAX_BYTES):
        assert challenge_signature(status, body) == expected

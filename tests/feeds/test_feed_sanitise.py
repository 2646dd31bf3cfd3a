"""Scraped text made safe for feeds: XML-legal characters, allowlisted HTML, http(s) links."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from feeds.sanitise import clean_html, clean_text, plain_text, safe_url


def test_xml_illegal_characters_are_removed() -> None:
    assert clean_text("焊\x00工\x0b\x0c\x1f\ufffe\uffff") == "焊工"
    assert clean_text("tab\tnewline\ncr\r") == "tab\tnewline\ncr\r"


def test_lone_surrogates_become_replacement_characters_and_pairs_join() -> None:
    assert clean_text("a\ud800b") == "a\ufffdb"
    assert clean_text("\ud83d\ude00") == "😀"


def test_script_style_iframe_and_handlers_do_not_survive() -> None:
    dirty = (
        '<p onclick="x()" style="color:red">焊工<script>alert(1)</script>'
        '<style>p{}</style><iframe src="https://evil.example/">内容</iframe>'
        '<img src="x" onerror="alert(1)"></p>'
    )
    cleaned = clean_html(dirty)
    assert cleaned == "<p>焊工</p>"


def test_links_keep_http_and_lose_javascript_and_relative_targets() -> None:
    cleaned = clean_html(
        '<a href="javascript:alert(1)">a</a><a href=" JaVaScRiPt:alert(1)">b</a>'
        '<a href="/relative">c</a><a href="https://rsj.sh.gov.cn/x">d</a>'
    )
    assert "javascript" not in cleaned.lower()
    assert "/relative" not in cleaned
    assert 'href="https://rsj.sh.gov.cn/x"' in cleaned


def test_plain_text_removes_markup_even_when_entity_encoded() -> None:
    assert plain_text("焊工<img src=x onerror=alert(1)>") == "焊工"
    assert plain_text("甲 &lt;script&gt;alert(1)&lt;/script&gt; 乙") == "甲  乙"
    assert plain_text("年龄<35岁, AT&T") == "年龄<35岁, AT&T"


def test_safe_url_allows_only_absolute_http_and_https() -> None:
    assert safe_url("https://rsj.sh.gov.cn/a?b=1") == "https://rsj.sh.gov.cn/a?b=1"
    for bad in ("javascript:alert(1)", "data:text/html,x", "/relative", "ftp://x/", "http://a b/"):
        assert safe_url(bad) is None


@given(st.text())
def test_any_cleaned_text_is_xml_legal(text: str) -> None:
    element = etree.Element("t")
    element.text = clean_text(text)
    assert etree.fromstring(etree.tostring(element)).text in (None, element.text)


@given(st.text())
def test_any_plain_text_is_xml_legal_and_markup_free(text: str) -> None:
    element = etree.Element("t")
    element.text = plain_text(text)
    assert "<script" not in (element.text or "").lower()
    etree.fromstring(etree.tostring(element))

"""Decoding decisions: override, BOM, header, meta, detection, GBK-only characters, flips."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.decode import codec_name, decode_body

ZHU = "朱镕基"  # 镕 exists in GBK but not in GB2312
NOTICE = "<p>关于印发《上海市居住证积分管理办法》的通知 沪府规〔2020〕18号 朱镕基</p>"


def test_gb2312_meta_decodes_gbk_only_characters() -> None:
    body = f'<html><head><meta charset="gb2312"></head><body>{ZHU}</body></html>'.encode("gbk")
    decoded = decode_body(body, "text/html")
    assert ZHU in decoded.text
    assert decoded.encoding == "gb18030"
    assert decoded.decided_by == "meta"
    assert decoded.replacement_count == 0


def test_http_equiv_meta_is_read() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=GBK">'
    decoded = decode_body(f"<html><head>{head}</head>{NOTICE}</html>".encode("gbk"), "")
    assert NOTICE in decoded.text
    assert decoded.decided_by == "meta"


def test_gbk_header_is_read_as_gb18030() -> None:
    decoded = decode_body(NOTICE.encode("gbk"), "text/html; charset=GB2312")
    assert decoded.text == NOTICE
    assert (decoded.encoding, decoded.decided_by) == ("gb18030", "header")


def test_bom_wins_over_a_contradicting_header() -> None:
    body = codecs.BOM_UTF8 + NOTICE.encode("utf-8")
    decoded = decode_body(body, "text/html; charset=iso-8859-1")
    assert decoded.text == NOTICE
    assert decoded.decided_by == "bom"


def test_utf16_bom() -> None:
    decoded = decode_body(codecs.BOM_UTF16_LE + NOTICE.encode("utf-16-le"), "text/html")
    assert decoded.text == NOTICE
    assert decoded.encoding == "utf-16-le"


def test_override_beats_everything() -> None:
    body = codecs.BOM_UTF8 + b"abc"
    decoded = decode_body(body, "text/html; charset=utf-8", override="gbk")
    assert decoded.decided_by == "override"
    assert decoded.encoding == "gb18030"


def test_unknown_override_names_the_problem() -> None:
    with pytest.raises(ValueError, match="unknown encoding override 'klingon'"):
        decode_body(b"x", "", override="klingon")


def test_charset_flip_gives_identical_text() -> None:
    """Run 1 UTF-8, run 2 GBK bytes with the header still saying UTF-8: same text, no U+FFFD."""
    first = decode_body(NOTICE.encode("utf-8"), "text/html; charset=utf-8")
    second = decode_body(NOTICE.encode("gbk"), "text/html; charset=utf-8")
    assert first.text == second.text == NOTICE
    assert first.decided_by == "header"
    assert (second.encoding, second.decided_by) == ("gb18030", "detected")
    assert second.replacement_count == 0


def test_short_gbk_without_any_label_is_not_taken_for_big5() -> None:
    decoded = decode_body(ZHU.encode("gbk"), "")
    assert decoded.text == ZHU
    assert decoded.encoding == "gb18030"


def test_unlabelled_utf8_is_detected_strictly() -> None:
    decoded = decode_body(NOTICE.encode("utf-8"), "text/html")
    assert decoded.text == NOTICE
    assert (decoded.encoding, decoded.decided_by) == ("utf-8", "detected")


def test_damaged_utf8_keeps_text_and_counts_replacements() -> None:
    body = NOTICE.encode("utf-8") * 20
    damaged = body[:100] + b"\xff" + body[100:]
    decoded = decode_body(damaged, "text/html; charset=utf-8")
    assert decoded.replacement_count >= 1
    assert decoded.text.count("上海市居住证积分管理办法") >= 19


def test_latin1_label_means_windows_1252() -> None:
    assert codec_name("ISO-8859-1") == "cp1252"
    assert codec_name("x-gbk") == "gb18030"
    assert codec_name("no-such-charset") is None


@given(st.text(), st.sampled_from(["utf-8", "gb18030"]))
def test_any_text_with_a_correct_header_decodes_to_itself(text: str, encoding: str) -> None:
    text = text.lstrip("\ufeff")  # a leading U+FEFF is a BOM by definition
    try:
        body = text.encode(encoding)
    except UnicodeEncodeError:  # lone surrogates cannot be sent by anyone
        return
    decoded = decode_body(body, f"text/html; charset={encoding}")
    assert decoded.text == text
    assert decoded.replacement_count == text.count("\ufffd")


@given(st.binary(max_size=200), st.text(max_size=60))
def test_any_bytes_under_any_content_type_decode_without_raising(body: bytes, label: str) -> None:
    """Headers and meta tags come from the server: an unusable charset label (unknown, NUL
    inside, nonsense) is ignored, never an exception that would end the check."""
    decoded = decode_body(body, f"text/html; charset={label}")
    assert decoded.encoding
    assert decode_body(body, label).encoding


@pytest.mark.parametrize("label", ["zlib", "base64", "rot13", "hex", "undefined"])
def test_a_binary_codec_named_as_charset_is_an_unknown_charset(label: str) -> None:
    page = "<p>上海市居住证积分</p>".encode()
    assert codec_name(label) is None
    decoded = decode_body(page, f"text/html; charset={label}")
    assert decoded.text == "<p>上海市居住证积分</p>"

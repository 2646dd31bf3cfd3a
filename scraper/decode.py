"""Turn fetched bytes into text in Python, recording which rule chose the encoding.

Order: override → BOM → Content-Type charset → <meta> in the first 4 KiB → strict UTF-8 →
detection (charset-normalizer, with a Simplified-Chinese prior) → the least-damaging replace.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from scraper.records import DecidedBy, DecodedText

META_SCAN_BYTES = 4096
REPLACEMENT = "\ufffd"

# Python's gb2312 cannot decode GBK-only characters such as 镕, and every GBK page is valid
# GB18030; latin-1/ascii labels mean windows-1252 on the web (WHATWG encoding standard).
_ALIASES: dict[str, str] = {
    **dict.fromkeys(
        (
            "gb2312", "gb_2312", "gb_2312-80", "gbk", "x-gbk", "cp936", "ms936", "windows-936",
            "euc-cn", "euccn", "csgb2312", "chinese", "iso-ir-58", "gb18030",
        ),
        "gb18030",
    ),
    **dict.fromkeys(("iso-8859-1", "latin1", "latin-1", "ascii", "us-ascii"), "cp1252"),
}  # fmt: skip

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_UNICODE_FAMILY = ("utf-8", "utf-16", "utf-32")


def codec_name(label: str) -> str | None:
    """The Python codec for a charset label, with the web's aliases applied; None if unknown."""
    wanted = label.strip().strip("\"'").lower()
    wanted = _ALIASES.get(wanted, wanted)
    try:
        info = codecs.lookup(wanted)
    except (LookupError, ValueError):  # ValueError: a NUL inside the label
        return None
    if not info._is_text_encoding:  # "zlib", "base64", "rot13": codecs, but not charsets
        return None
    if info.name == "undefined":  # Python's codec that raises on every use: no charset at all
        return None
    name = info.name
    return _ALIASES.get(name, name).replace("_", "-")


def header_charset(content_type: str) -> str | None:
    match = _HEADER_CHARSET.search(content_type)
    return codec_name(match.group(1)) if match else None


def meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:META_SCAN_BYTES])
    return codec_name(match.group(1).decode("ascii")) if match else None


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _decoded(text: str, encoding: str, decided_by: DecidedBy) -> DecodedText:
    return DecodedText(
        text=text,
        encoding=encoding,
        decided_by=decided_by,
        replacement_count=text.count(REPLACEMENT),
    )


def _detected(body: bytes) -> DecodedText | None:
    """Detection with a prior: these sites publish Simplified Chinese, and short GBK text is
    often mistaken for Big5 by detectors."""
    best = from_bytes(body).best()
    guess = codec_name(best.encoding) if best is not None else None
    if guess is not None and guess.startswith((*_UNICODE_FAMILY, "gb18030")):
        text = _strict(body, guess)
        if text is not None:
            return _decoded(text, guess, DecidedBy.DETECTED)
    text = _strict(body, "gb18030")
    if text is not None and _CJK.search(text):
        return _decoded(text, "gb18030", DecidedBy.DETECTED)
    if guess is not None:
        text = _strict(body, guess)
        if text is not None:
            return _decoded(text, guess, DecidedBy.DETECTED)
    return None


def decode_body(body: bytes, content_type: str, *, override: str | None = None) -> DecodedText:
    """Decode a page; never raises for bad bytes (they become U+FFFD, counted)."""
    if override is not None:
        forced = codec_name(override)
        if forced is None:
            raise ValueError(f"unknown encoding override {override!r}: use a Python codec name")
        return _decoded(body.decode(forced, errors="replace"), forced, DecidedBy.OVERRIDE)
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return _decoded(
                body[len(bom) :].decode(encoding, errors="replace"), encoding, DecidedBy.BOM
            )
    declared: list[str] = []
    for decided_by, label in (
        (DecidedBy.HEADER, header_charset(content_type)),
        (DecidedBy.META, meta_charset(body)),
    ):
        if label is None:
            continue
        declared.append(label)
        text = _strict(body, label)
        if text is not None:
            return _decoded(text, label, decided_by)
    text = _strict(body, "utf-8")
    if text is not None:
        return _decoded(text, "utf-8", DecidedBy.DETECTED)
    detected = _detected(body)
    if detected is not None:
        return detected
    candidates = [
        _decoded(body.decode(e, errors="replace"), e, DecidedBy.FALLBACK) for e in declared
    ]
    candidates.append(
        _decoded(body.decode("gb18030", errors="replace"), "gb18030", DecidedBy.FALLBACK)
    )
    return min(candidates, key=lambda decoded: decoded.replacement_count)

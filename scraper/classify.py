"""What a response body is: a WAF / challenge page, an empty page, a binary file, an error landing,
a document that stops before its end.

Signatures are data — (name, pattern, screen words) — so a newly seen block page is one more line.
"""

from __future__ import annotations

import re
from enum import StrEnum
from urllib.parse import urlsplit

# Challenge and block pages of the WAFs seen in front of Chinese government sites and in general:
# (name, pattern, screen words). Every match of the pattern contains one of its screen words, so
# a body holding none of them is not scanned (a substring test is many times cheaper than a regex
# scan, and real pages contain none); tests check the words against generated matches.
WAF_SIGNATURES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("incapsula", r"_Incapsula_Resource|Incapsula incident ID", ("Incapsula",)),
    (
        "cloudflare",
        r"cf-browser-verification|cf_chl_opt|Attention Required! \| Cloudflare",
        ("cf-browser-verification", "cf_chl_opt", "Cloudflare"),
    ),
    (
        "js_challenge",
        r"Please (?:turn|enable) JavaScript on|Please enable JavaScript",
        ("JavaScript",),
    ),
    (
        "access_denied",
        r"<title>\s*Access Denied\s*</title>|<h1>\s*Access Denied\s*</h1>",
        ("Access Denied",),
    ),
    ("safedog", r"安全狗|safedog", ("安全狗", "safedog")),
    ("yunsuo", r"云锁|yunsuo_session", ("云锁", "yunsuo_session")),
    ("chuangyudun", r"创宇盾|知道创宇|365cyd", ("创宇", "365cyd")),
    (
        "access_refused",
        r"您的访问被拒绝|访问被拦截|您的请求已被拦截|非法访问",
        ("访问被", "被拦截", "非法访问"),
    ),
    ("js_required", r"请(?:开启|启用|打开)\s*JavaScript", ("JavaScript",)),
    ("forbidden_title", r"<title>\s*403 Forbidden\s*</title>", ("403 Forbidden",)),
)

# Statuses under which a WAF usually answers with a challenge page.
WAF_STATUSES: frozenset[int] = frozenset({403, 429, 503})

# A 200 challenge page is small; a real page that merely mentions JavaScript in <noscript> is
# larger, so 200 bodies are only checked below this size.
WAF_PAGE_MAX_BYTES = 64 * 1024

# Where a redirect lands when the page is gone or needs a login, rather than on a new address.
LANDING_SIGNATURES: tuple[tuple[str, str], ...] = (
    ("error_page", r"(?i)(?:^|/)[^/]*(?:error|404|notfound|not_found|not-found)[^/]*$"),
    ("login_page", r"(?i)(?:^|/)[^/]*(?:login|signin|sso|passport)[^/]*$"),
)

# Leading bytes of file types that are never an HTML page, whatever the Content-Type says.
BINARY_MAGIC: tuple[tuple[str, bytes], ...] = (
    ("pdf", b"%PDF-"),
    ("jpeg", b"\xff\xd8\xff"),
    ("png", b"\x89PNG\r\n\x1a\n"),
    ("gif", b"GIF8"),
    ("zip", b"PK\x03\x04"),  # xlsx, docx
    ("ole", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),  # xls, doc
)

TEXT_TYPES: frozenset[str] = frozenset(
    {"text/html", "application/xhtml+xml", "text/plain", "text/xml", "application/xml"}
)

_COMPILED_WAF = tuple(
    (name, re.compile(pattern.encode()), tuple(word.encode() for word in words))
    for name, pattern, words in WAF_SIGNATURES
)
_COMPILED_LANDING = tuple((name, re.compile(pattern)) for name, pattern in LANDING_SIGNATURES)


def waf_signature(body: bytes) -> str | None:
    """Name of the first WAF / challenge signature found in the body, if any."""
    head = body[: 2 * WAF_PAGE_MAX_BYTES]
    for name, pattern, words in _COMPILED_WAF:
        if any(word in head for word in words) and pattern.search(head):
            return name
    return None


def challenge_signature(status: int, body: bytes) -> str | None:
    """The WAF signature that makes this response a block page, or None."""
    if status in WAF_STATUSES:
        return waf_signature(body)
    if status == 200 and len(body) <= WAF_PAGE_MAX_BYTES:
        return waf_signature(body)
    return None


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def binary_kind(body: bytes) -> str | None:
    """The file type the body's leading bytes announce, or "binary" for NUL-laden bytes."""
    for name, magic in BINARY_MAGIC:
        if body.startswith(magic):
            return name
    if b"\x00" in body[:1024]:
        return "binary"  # UTF-16 pages carry a BOM and are let through by the decoder instead
    return None


def page_problem(body: bytes, content_type: str, *, accept_binary: bool) -> str | None:
    """Why a 200 body cannot be a page capture ("empty_body", "unsupported_type"), or None."""
    if not body.strip():
        return "empty_body"
    if accept_binary:
        return None
    kind = media_type(content_type)
    if kind and kind not in TEXT_TYPES:
        return "unsupported_type"
    if binary_kind(body[:1024]) is not None and not body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "unsupported_type"
    return None


# A document that opens <html> ends with </html>; every <table> it opens is closed. Tags are ASCII,
# so the bytes of any ASCII-compatible charset (utf-8, gb18030) are searched as they are.
_HTML_OPEN = re.compile(rb"<html[\s>]", re.IGNORECASE)
_HTML_CLOSE = re.compile(rb"</html\s*>", re.IGNORECASE)
_TABLE_OPEN = re.compile(rb"<table[\s>]", re.IGNORECASE)
_TABLE_CLOSE = re.compile(rb"</table\s*>", re.IGNORECASE)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class DocumentCut(StrEnum):
    """Where a markup body shows that it stops before the document does."""

    NO_HTML_END = "no_html_end"  # <html> opened, </html> never came
    TABLE_OPEN = "table_open"  # a table left open: the body stopped inside it, maybe mid-row


def document_cut(body: bytes) -> DocumentCut | None:
    """How `body` visibly ends before its document does, or None when it ends where it should
    (or is no markup that could tell)."""
    if body.startswith(_UTF16_BOMS):
        body = body.decode("utf-16", errors="replace").encode("utf-8")
    if _HTML_OPEN.search(body) and not _HTML_CLOSE.search(body):
        return DocumentCut.NO_HTML_END
    if len(_TABLE_OPEN.findall(body)) > len(_TABLE_CLOSE.findall(body)):
        return DocumentCut.TABLE_OPEN
    return None


def landing_signature(
    requested_url: str, final_url: str, expect_path: re.Pattern[str] | None = None
) -> str | None:
    """Name of the error/login landing a redirect ended on, or None when the page looks right.

    `expect_path` (a regex from the source's options) overrides the generic signatures.
    """
    requested = urlsplit(requested_url).path or "/"
    final = urlsplit(final_url).path or "/"
    if final == requested:
        return None
    if expect_path is not None:
        return None if expect_path.search(final) else "unexpected_path"
    if final == "/" and requested != "/":
        return "site_root"
    for name, pattern in _COMPILED_LANDING:
        if pattern.search(final):
            return name
    return None

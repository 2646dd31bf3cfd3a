"""What a response body is: a WAF / challenge page, an empty page, a binary file, an error landing.

Signatures are data — a tuple of (name, pattern) — so a newly seen block page is one more line.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Challenge and block pages of the WAFs seen in front of Chinese government sites and in general.
WAF_SIGNATURES: tuple[tuple[str, str], ...] = (
    ("incapsula", r"_Incapsula_Resource|Incapsula incident ID"),
    ("cloudflare", r"cf-browser-verification|cf_chl_opt|Attention Required! \| Cloudflare"),
    ("js_challenge", r"Please (?:turn|enable) JavaScript on|Please enable JavaScript"),
    ("access_denied", r"<title>\s*Access Denied\s*</title>|<h1>\s*Access Denied\s*</h1>"),
    ("safedog", r"安全狗|safedog"),
    ("yunsuo", r"云锁|yunsuo_session"),
    ("chuangyudun", r"创宇盾|知道创宇|365cyd"),
    ("access_refused", r"您的访问被拒绝|访问被拦截|您的请求已被拦截|非法访问"),
    ("js_required", r"请(?:开启|启用|打开)\s*JavaScript"),
    ("forbidden_title", r"<title>\s*403 Forbidden\s*</title>"),
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

_COMPILED_LANDING = tuple((name, re.compile(pattern)) for name, pattern in LANDING_SIGNATURES)


def waf_signature(body: bytes) -> str | None:
    """Name of the first WAF / challenge signature found in the body, if any."""
    head = body[: 2 * WAF_PAGE_MAX_BYTES]
    for name, pattern, screen in _SCREENED_WAF:
        # A pattern runs only where one of the words every match must contain occurs: a substring
        # test is many times cheaper than a regex scan, and real pages contain none of them.
        if screen and not any(word in head for word in screen):
            continue
        if pattern.search(head):
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


def landing_signature(
    requested_url: str, final_url: str, expect_path: str | None = None
) -> str | None:
    """Name of the error/login landing a redirect ended on, or None when the page looks right.

    `expect_path` (a regex from the source's options) overrides the generic signatures.
    """
    requested = urlsplit(requested_url).path or "/"
    final = urlsplit(final_url).path or "/"
    if final == requested:
        return None
    if expect_path is not None:
        return None if re.search(expect_path, final) else "unexpected_path"
    if final == "/" and requested != "/":
        return "site_root"
    for name, pattern in _COMPILED_LANDING:
        if pattern.search(final):
            return name
    return None


# Words a signature's every match must contain: `required_words(pattern)` gives, per top-level
# alternative, its longest literal run; a body holding none of them cannot match.

# Shorter words occur by chance too often to spare a scan.
MIN_WORD_BYTES = 3
_QUANTIFIERS = frozenset("*?{")


def required_words(pattern: str) -> tuple[bytes, ...] | None:
    """One literal per top-level alternative of `pattern`, or None when one has no usable
    literal or the pattern sets flags (case-insensitive words cannot be searched as bytes)."""
    if "(?" in pattern.replace("(?:", ""):
        return None
    words = []
    for branch in _branches(pattern):
        runs = _literal_runs(branch)
        if runs is None:
            return None
        longest = max(runs, key=lambda run: len(run.encode()), default="")
        if len(longest.encode()) < MIN_WORD_BYTES:
            return None
        words.append(longest.encode())
    return tuple(dict.fromkeys(words))


def _branches(pattern: str) -> list[str]:
    branches, depth, start, index = [], 0, 0, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = _class_end(pattern, index)
            continue
        depth += 1 if char == "(" else -1 if char == ")" else 0
        if char == "|" and depth == 0:
            branches.append(pattern[start:index])
            start = index + 1
        index += 1
    branches.append(pattern[start:])
    return branches


def _class_end(pattern: str, start: int) -> int:
    """The index after the character class opening at `start`."""
    index = start + 1
    if index < len(pattern) and pattern[index] == "^":
        index += 1
    if index < len(pattern) and pattern[index] == "]":
        index += 1
    while index < len(pattern) and pattern[index] != "]":
        index += 2 if pattern[index] == "\\" else 1
    return index + 1


def _group_end(pattern: str, start: int) -> int:
    depth, index = 0, start
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = _class_end(pattern, index)
            continue
        depth += 1 if char == "(" else -1 if char == ")" else 0
        index += 1
        if depth == 0:
            return index
    return index


def _literal_runs(branch: str) -> list[str] | None:
    """The runs of literal characters a match of `branch` contains in order, None if unsure."""
    runs: list[str] = []
    run = ""
    index = 0
    while index < len(branch):
        char = branch[index]
        if char in _QUANTIFIERS or char == "+":
            # The atom before an optional quantifier may be absent; after "+" the run ends.
            run = run[:-1] if char in _QUANTIFIERS else run
            runs.append(run)
            run = ""
            index = _quantifier_end(branch, index)
            continue
        if char == "\\":
            escaped = branch[index + 1 : index + 2]
            if not escaped or escaped.isalnum():
                runs.append(run)  # a class (\s, \d) or a back-reference: not a literal
                run = ""
            else:
                run += escaped
            index += 2
            continue
        if char in "([":
            runs.append(run)
            run = ""
            index = _group_end(branch, index) if char == "(" else _class_end(branch, index)
            if index < len(branch) and branch[index] in "*?{+":
                index = _quantifier_end(branch, index)
            continue
        if char in ".^$)":
            if char == ")":
                return None  # unbalanced: do not guess
            runs.append(run)
            run = ""
            index += 1
            continue
        run += char
        index += 1
    runs.append(run)
    return [run for run in runs if run]


def _quantifier_end(branch: str, index: int) -> int:
    if branch[index] == "{":
        close = branch.find("}", index)
        index = len(branch) if close < 0 else close + 1
    else:
        index += 1
    return index + 1 if index < len(branch) and branch[index] in "?+" else index


Screened = tuple[str, "re.Pattern[bytes]", tuple[bytes, ...] | None]


def screened(patterns: tuple[tuple[str, str], ...]) -> tuple[Screened, ...]:
    """(name, compiled bytes pattern, required words or None) for each (name, pattern)."""
    return tuple(
        (name, re.compile(pattern.encode()), required_words(pattern)) for name, pattern in patterns
    )


_SCREENED_WAF = screened(WAF_SIGNATURES)

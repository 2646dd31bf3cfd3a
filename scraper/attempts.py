"""How one fetch attempt ended (`AttemptEnd`), and what a complete response is: a page, a block
page, an error, or a close-delimited body that stops before its document does."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from scraper.classify import challenge_signature, document_cut, landing_signature, page_problem
from scraper.headers import Headers, header_value
from scraper.records import Framing, Outcome

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 522, 524})
# A close-delimited body that stops before its document ends: cut on the way, worth another try.
TRUNCATED_UNFRAMED = "truncated_unframed"


@dataclass(frozen=True, slots=True)
class AttemptEnd:
    """How one attempt (all its redirect hops) ended; becomes the FetchResult."""

    outcome: Outcome
    detail: str = ""
    final_url: str = ""
    status: int | None = None
    headers: Headers = ()
    body: bytes = b""
    redirect_chain: tuple[str, ...] = ()
    truncated: str | None = None
    framing: Framing = Framing.UNKNOWN
    is_cut: bool = False  # the body was cut on the way (a short read, an unframed early end)

    @property
    def is_retryable(self) -> bool:
        return self.outcome is Outcome.TRANSIENT_ERROR or self.is_cut

    def header(self, name: str) -> str | None:
        return header_value(self.headers, name)


def classify_end(
    ended: AttemptEnd, requested_url: str, *, accept_binary: bool, expect: re.Pattern[str] | None
) -> AttemptEnd:
    """The outcome of a complete response with its body read."""
    status = ended.status or 0
    signature = challenge_signature(status, ended.body)
    if signature is not None:
        return replace(ended, outcome=Outcome.BLOCKED, detail=f"waf:{signature}")
    if status == 200:
        problem = page_problem(
            ended.body, ended.header("content-type") or "", accept_binary=accept_binary
        )
        if problem is None and ended.redirect_chain:
            landing = landing_signature(requested_url, ended.final_url, expect)
            problem = f"landing:{landing}" if landing else None
        if problem is not None:
            return replace(ended, outcome=Outcome.SUSPECT, detail=problem)
        return unframed_cut(ended) or replace(ended, outcome=Outcome.OK)
    if status in RETRY_STATUSES or status >= 500:
        return replace(ended, outcome=Outcome.TRANSIENT_ERROR, detail=f"http_{status}")
    if 300 <= status < 500:
        return replace(ended, outcome=Outcome.PERMANENT_ERROR, detail=f"http_{status}")
    return replace(ended, outcome=Outcome.SUSPECT, detail=f"http_{status}")


def unframed_cut(ended: AttemptEnd) -> AttemptEnd | None:
    """A close-delimited body whose document visibly stops early is suspect: the HTTP layer
    cannot tell a cut from an end, the document can (reliability matrix row 8)."""
    if ended.framing is not Framing.CLOSE:
        return None
    cut = document_cut(ended.body)
    if cut is None:
        return None
    detail = f"{TRUNCATED_UNFRAMED}:{cut.value}"
    return replace(ended, outcome=Outcome.SUSPECT, detail=detail, truncated="unframed", is_cut=True)

"""Reading a response body within the caps: raw bytes counted on the wire, then decompressed by us.

httpx's own decoders inflate a whole network chunk without a bound, so a gzip bomb could allocate
hundreds of MiB before a counter reacts; here every `decompress` call is given `max_length`.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import httpx

from scraper.records import Outcome

# Inflate at most this much per call, so one call never allocates much past the remaining cap.
INFLATE_STEP_BYTES = 1024 * 1024


class BodyRejected(Exception):
    """The body broke a cap or could not be decoded; carries the outcome and its detail."""

    def __init__(self, outcome: Outcome, detail: str) -> None:
        super().__init__(detail)
        self.outcome = outcome
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Body:
    content: bytes  # after content-coding removal
    wire_bytes: int


class _Inflater:
    """gzip / deflate decoding with a hard cap on output, per call and in total."""

    def __init__(self, coding: str, max_decoded_bytes: int) -> None:
        self._coding = coding
        self._cap = max_decoded_bytes
        self._out = bytearray()
        # 47 = 32 + 15: accept a gzip or zlib header; "deflate" may also come raw (no header).
        self._inflater = zlib.decompressobj(47 if coding == "gzip" else zlib.MAX_WBITS)
        self._seen_input = False

    def feed(self, data: bytes) -> None:
        try:
            self._drain(data)
        except zlib.error:
            if self._coding == "deflate" and not self._seen_input:
                self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                self._drain_or_reject(data)
            else:
                raise BodyRejected(Outcome.SUSPECT, "decoding_error") from None
        self._seen_input = True

    def _drain_or_reject(self, data: bytes) -> None:
        try:
            self._drain(data)
        except zlib.error:
            raise BodyRejected(Outcome.SUSPECT, "decoding_error") from None

    def _drain(self, data: bytes) -> None:
        pending = data
        while pending:
            room = self._cap - len(self._out) + 1
            chunk = self._inflater.decompress(pending, min(room, INFLATE_STEP_BYTES))
            self._out += chunk
            if len(self._out) > self._cap:
                raise BodyRejected(Outcome.TOO_LARGE, "too_large:decoded")
            pending = self._inflater.unconsumed_tail
            if self._inflater.eof:
                break

    def finish(self) -> bytes:
        if not self._seen_input:
            return b""
        try:
            self._out += self._inflater.flush()
        except zlib.error:
            raise BodyRejected(Outcome.SUSPECT, "decoding_error") from None
        if not self._inflater.eof:
            # The stream stopped mid-member: the page is cut, whatever the framing said.
            raise BodyRejected(Outcome.SUSPECT, "decoding_error")
        if len(self._out) > self._cap:
            raise BodyRejected(Outcome.TOO_LARGE, "too_large:decoded")
        return bytes(self._out)


def content_coding(response: httpx.Response) -> str:
    """The single content-coding we can undo ("identity", "gzip", "deflate") or the raw value."""
    value = str(response.headers.get("content-encoding", "")).strip().lower()
    if value in ("", "identity"):
        return "identity"
    if value in ("gzip", "x-gzip"):
        return "gzip"
    return value


async def read_body(response: httpx.Response, max_body_bytes: int, max_decoded_bytes: int) -> Body:
    """Stream the body within both caps; raises `BodyRejected`, or httpx errors from the wire."""
    declared = response.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > max_body_bytes:
        raise BodyRejected(Outcome.TOO_LARGE, "too_large:length")
    coding = content_coding(response)
    if coding not in ("identity", "gzip", "deflate"):
        raise BodyRejected(Outcome.SUSPECT, "unsupported_encoding")
    inflater = _Inflater(coding, max_decoded_bytes) if coding != "identity" else None
    raw = bytearray()
    wire_bytes = 0
    async for chunk in response.aiter_raw():
        wire_bytes += len(chunk)
        if wire_bytes > max_body_bytes:
            raise BodyRejected(Outcome.TOO_LARGE, "too_large:length")
        if inflater is None:
            raw += chunk
        else:
            inflater.feed(chunk)
    content = bytes(raw) if inflater is None else inflater.finish()
    return Body(content=content, wire_bytes=wire_bytes)

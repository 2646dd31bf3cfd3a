"""Reading a response body within the caps: raw bytes counted on the wire, then decompressed by us.

httpx's own decoders inflate a whole network chunk without a bound, so a gzip bomb could allocate
hundreds of MiB before a counter reacts; here every `decompress` call is given `max_length`.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterable
from dataclasses import dataclass

from scraper.headers import Headers, header_value
from scraper.records import Framing, Outcome

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


def framing_of(headers: Headers) -> Framing:
    """How a response's headers frame its body (chunking wins over a length, as in HTTP/1.1)."""
    if "chunked" in (header_value(headers, "transfer-encoding") or "").lower():
        return Framing.CHUNKED
    if header_value(headers, "content-length") is not None:
        return Framing.LENGTH
    return Framing.CLOSE


def content_coding(value: str | None) -> str:
    """The single content-coding we can undo ("identity", "gzip", "deflate") or the raw value."""
    coding = (value or "").strip().lower()
    if coding in ("", "identity"):
        return "identity"
    if coding in ("gzip", "x-gzip"):
        return "gzip"
    return coding


async def read_body(
    chunks: AsyncIterable[bytes],
    *,
    content_length: str | None,
    content_encoding: str | None,
    max_body_bytes: int,
    max_decoded_bytes: int,
) -> Body:
    """Stream the body within both caps, given the response's Content-Length and
    Content-Encoding values; raises `BodyRejected`, or the transport's errors from the wire."""
    if (
        content_length is not None
        and content_length.strip().isdecimal()
        and int(content_length) > max_body_bytes
    ):
        raise BodyRejected(Outcome.TOO_LARGE, "too_large:length")
    coding = content_coding(content_encoding)
    if coding not in ("identity", "gzip", "deflate"):
        raise BodyRejected(Outcome.SUSPECT, "unsupported_encoding")
    inflater = _Inflater(coding, max_decoded_bytes) if coding != "identity" else None
    raw: list[bytes] = []
    wire_bytes = 0
    async for chunk in chunks:
        wire_bytes += len(chunk)
        if wire_bytes > max_body_bytes:
            raise BodyRejected(Outcome.TOO_LARGE, "too_large:length")
        if inflater is None:
            raw.append(chunk)
        else:
            inflater.feed(chunk)
    content = b"".join(raw) if inflater is None else inflater.finish()
    return Body(content=content, wire_bytes=wire_bytes)

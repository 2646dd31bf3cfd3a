"""Past captures from archives: WARC files (warcio) and the Wayback Machine's CDX index.

Each capture becomes a `FetchResult` observed at the archive's own capture time (WARC-Date,
CDX timestamp), so it can be assessed like a live fetch of that moment.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from scraper.body import framing_of
from scraper.classify import document_cut
from scraper.fetch import TRUNCATED_UNFRAMED, fetch_page
from scraper.limits import FetchLimits
from scraper.records import NO_OPTIONS, FetchResult, Framing, Outcome, Source, Validators

WAYBACK_BASE = "https://web.archive.org"
CDX_FIELDS = "timestamp,original,statuscode,digest"


class ArchiveError(ValueError):
    """An archive that cannot be read (not a WARC, a CDX answer that is not the JSON asked for)."""


def same_page(url: str, wanted: str) -> bool:
    """Whether two URLs name the same page, ignoring scheme, default port and a trailing '/'.
    A URL urllib cannot read (bad host or port) names no page we watch."""
    try:
        a, b = urlsplit(url), urlsplit(wanted)
        port_a, port_b = a.port, b.port
    except ValueError:
        return False
    host_a = (a.hostname or "").removeprefix("www.")
    host_b = (b.hostname or "").removeprefix("www.")
    path_a, path_b = a.path.rstrip("/") or "/", b.path.rstrip("/") or "/"
    return (host_a, port_a, path_a, a.query) == (host_b, port_b, path_b, b.query)


def read_warc(path: Path, source: Source, urls: tuple[str, ...] = ()) -> Iterator[FetchResult]:
    """The 200 `response` records of `path` whose target URI is the source's URL (or one of
    `urls`), as OK fetch results observed at their WARC-Date. Other records are skipped."""
    wanted = (source.url, *urls)
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                target = record.rec_headers.get_header("WARC-Target-URI") or ""
                if record.http_headers.get_statuscode() != "200":
                    continue
                if not any(same_page(target, url) for url in wanted):
                    continue
                yield _warc_capture(source, record, target, path.name)
    except ArchiveLoadFailed as error:
        raise ArchiveError(f"{path}: not a readable WARC file ({error})") from error


def _warc_capture(source: Source, record: object, target: str, file_name: str) -> FetchResult:
    rec_headers = record.rec_headers  # type: ignore[attr-defined]
    http_headers = record.http_headers  # type: ignore[attr-defined]
    observed = parse_warc_date(rec_headers.get_header("WARC-Date") or "")
    body = record.content_stream().read()  # type: ignore[attr-defined]
    headers = tuple((str(k), str(v)) for k, v in http_headers.headers)
    framing = framing_of(headers)
    truncated = rec_headers.get_header("WARC-Truncated")
    cut = document_cut(body) if framing is Framing.CLOSE else None
    if cut is not None and not truncated:
        truncated = "unframed"  # archived as received: a close-delimited body cut on the way
    detail = f"backfill:warc:{file_name}" + (f" truncated:{truncated}" if truncated else "")
    return FetchResult(
        source_id=source.id,
        requested_url=target,
        final_url=target,
        outcome=Outcome.SUSPECT if truncated else Outcome.OK,
        started_at=observed,
        elapsed_seconds=0.0,
        status=200,
        headers=headers,
        body=body,
        detail=f"{TRUNCATED_UNFRAMED}:{cut.value}" if cut is not None else detail,
        truncated=truncated,
        framing=framing,
    )


def parse_warc_date(value: str) -> datetime:
    """WARC-Date (W3C ISO 8601, `Z`, optional fraction) as tz-aware UTC."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise ArchiveError(f"WARC-Date {value!r} is not an ISO 8601 instant") from error
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_timestamp(stamp: str) -> datetime:
    """A 14-digit Wayback timestamp (YYYYMMDDhhmmss, UTC)."""
    try:
        return datetime.strptime(stamp.ljust(14, "0")[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError as error:
        raise ArchiveError(f"Wayback timestamp {stamp!r} is not YYYYMMDDhhmmss") from error


@dataclass(frozen=True, slots=True)
class CdxEntry:
    timestamp: str  # 14 digits, UTC
    original: str  # the URL as archived
    digest: str  # the archive's payload digest (sha1, base32)

    @property
    def observed_at(self) -> datetime:
        return parse_timestamp(self.timestamp)

    def replay_url(self, wayback_base: str) -> str:
        # `id_` asks for the archived bytes as captured, without the replay banner or rewriting.
        return f"{wayback_base.rstrip('/')}/web/{self.timestamp}id_/{self.original}"


def cdx_query_url(cdx_base: str, url: str) -> str:
    query = urlencode(
        [
            ("url", url),
            ("output", "json"),
            ("fl", CDX_FIELDS),
            ("filter", "statuscode:200"),
            ("collapse", "digest"),
        ]
    )
    return f"{cdx_base.rstrip('/')}/cdx/search/cdx?{query}"


def parse_cdx(body: bytes, where: str) -> tuple[CdxEntry, ...]:
    """The rows of a CDX JSON answer (first row names the fields); an empty answer has none."""
    if not body.strip():
        return ()
    try:
        rows = json.loads(body)
    except ValueError as error:
        raise ArchiveError(f"{where}: CDX answer is not JSON ({error})") from error
    if not isinstance(rows, list):
        raise ArchiveError(f"{where}: CDX answer is {type(rows).__name__}, not a list of rows")
    if not rows:
        return ()
    header = rows[0]
    if not isinstance(header, list) or not all(
        name in header for name in ("timestamp", "original", "digest")
    ):
        raise ArchiveError(f"{where}: CDX header {header!r} lacks {CDX_FIELDS}")
    at = [header.index(name) for name in ("timestamp", "original", "digest")]
    entries = []
    for number, row in enumerate(rows[1:], start=2):
        if not isinstance(row, list) or len(row) <= max(at):
            raise ArchiveError(f"{where}: CDX row {number} is {row!r}, not one value per field")
        entries.append(CdxEntry(*(str(row[index]) for index in at)))
    return tuple(entries)


async def wayback_index(
    client: httpx.AsyncClient, source: Source, url: str, limits: FetchLimits, *, cdx_base: str
) -> tuple[FetchResult, tuple[CdxEntry, ...]]:
    """Ask the CDX server for the distinct 200 captures of `url`; the fetch is returned too."""
    query = replace(source, url=cdx_query_url(cdx_base, url), options=NO_OPTIONS)
    fetched = await fetch_page(client, query, Validators(), limits, accept_binary=True)
    if fetched.outcome is not Outcome.OK:
        return fetched, ()
    return fetched, parse_cdx(fetched.body, query.url)


async def wayback_capture(
    client: httpx.AsyncClient,
    source: Source,
    entry: CdxEntry,
    limits: FetchLimits,
    *,
    wayback_base: str,
) -> FetchResult:
    """One archived capture, as a fetch of `entry.original` observed at the CDX timestamp."""
    replay = replace(source, url=entry.replay_url(wayback_base))
    fetched = await fetch_page(client, replay, Validators(), limits)
    return replace(
        fetched,
        requested_url=entry.original,
        final_url=entry.original,
        started_at=entry.observed_at,
        detail=fetched.detail or f"backfill:wayback:{entry.timestamp}",
    )

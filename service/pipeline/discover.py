"""The check of an `index` source: read its listing, find new notices, record their documents.

A notice's documents (the article, or its attachments) are captures of the TARGET logical
source named by the index options: the catalogue is the entity, not the URL, so a new notice
supersedes the previous version of the same catalogue through the usual gates and diff.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from urllib.parse import unquote, urlsplit

from scraper.decode import decode_body
from scraper.notices import Classification, classify_notice, index_options, routes_of
from scraper.parsers.attachments import AttachmentError, parse_attachment
from scraper.parsers.contract import ParseError
from scraper.parsers.listing import ListingError, page_url, parse_listing, posted_on_of
from scraper.parsers.page import read_page
from scraper.records import DocumentMeta, FetchResult, Link, Outcome, Source, Validators
from scraper.scope import link_refusal
from scraper.shape import markup_shape
from service.pipeline.cycle import Pipeline
from service.pipeline.record import CheckSummary, record_attempt, record_capture
from store.notices import Notice, NoticeStatus
from store.records import CheckRecord

log = logging.getLogger(__name__)

MAX_MISSES = 2  # consecutive missing listing pages that end the walk (gaps happen mid-listing)
ATTACHMENT_EXTENSIONS = (".pdf", ".xls", ".xlsx", ".doc", ".docx")


@dataclass(frozen=True, slots=True)
class ListingRead:
    first_page: FetchResult
    links: tuple[Link, ...]
    pages_read: tuple[int, ...]
    pages_missing: tuple[int, ...]
    problem: str | None = None  # why page 1 could not be read as a listing


async def check_index(
    pipeline: Pipeline, index_source: Source, sources: Sequence[Source]
) -> list[CheckSummary]:
    """One check of an index source: its own summary, then one per document recorded."""
    by_id = {s.id: s for s in sources}
    routes = routes_of(index_source, by_id)
    state = pipeline.store.states([index_source.id]).get(index_source.id)
    validators = state.validators if state is not None else Validators()
    listing = await read_listing(pipeline, index_source, validators)
    seen = pipeline.store.notices(index_source.id)
    now = pipeline.clock()
    fresh = [
        _notice(index_source, link, classify_notice(link.text, index_source, routes), now)
        for link in listing.links
        if link.url not in seen
    ]
    pipeline.store.add_notices(fresh)
    summaries = [_record_listing(pipeline, index_source, listing, len(fresh))]
    order = {link.url: position for position, link in enumerate(listing.links)}
    todo = [n for n in pipeline.store.notices(index_source.id).values() if not n.status.is_settled]
    # Oldest first, so the newest notice of a catalogue ends up as its current version.
    todo.sort(key=lambda n: (n.listed_on or n.posted_on or now.date(), -order.get(n.url, -1)))
    for notice in todo:
        target = by_id.get(notice.target or "")
        if _refused(pipeline, index_source, notice):
            continue
        if target is None:
            detail = f"target source {notice.target!r} is not configured; add it to sources.toml"
            pipeline.store.set_notice_status(
                index_source.id,
                notice.url,
                NoticeStatus.FAILED,
                detail=detail,
                at=now,
            )
            log.warning("%s: notice %s: %s", index_source.id, notice.url, detail)
            continue
        summaries.extend(await record_notice(pipeline, notice, target))
    return summaries


def _refused(pipeline: Pipeline, index: Source, notice: Notice) -> bool:
    """Settle a notice whose link the index may not follow (off its site, or a refused address)."""
    refused = link_refusal(index, notice.url, pipeline.limits)
    if refused is not None:
        _settle(pipeline, notice, NoticeStatus.REFUSED, refused)
    return refused is not None


def _notice(index: Source, link: Link, verdict: Classification, now: datetime) -> Notice:
    status = NoticeStatus.PENDING if verdict.is_wanted else NoticeStatus(verdict.kind.value)
    return Notice(
        index_source_id=index.id,
        url=link.url,
        title=link.text,
        listed_on=link.published_on,
        posted_on=posted_on_of(link.url),
        first_seen_at=now,
        classification=verdict.kind.value,
        target=verdict.target,
        status=status,
        detail=verdict.reason,
    )


async def read_listing(pipeline: Pipeline, index: Source, validators: Validators) -> ListingRead:
    """Walk `index.html`, `index_2.html`, … up to `max_pages`, stepping over missing pages."""
    max_pages = index_options(index).max_pages
    links: dict[str, Link] = {}
    read: list[int] = []
    missing: list[int] = []
    first: FetchResult | None = None
    problem: str | None = None
    misses = 0
    for number in range(1, max_pages + 1):
        page = replace(index, url=page_url(index.url, number))
        fetched = await pipeline.fetch(page, validators if number == 1 else Validators())
        if number == 1:
            first = fetched
            if fetched.outcome is Outcome.NOT_MODIFIED:
                break  # new notices appear on page 1: an unchanged page 1 means none
        found = _links_of(fetched, index)
        if isinstance(found, str):
            problem = found if number == 1 else problem
            missing.append(number)
            misses += 1
            if misses >= MAX_MISSES:
                break
            continue
        misses = 0
        read.append(number)
        links.update((link.url, link) for link in found if link.url not in links)
    assert first is not None  # max_pages >= 1
    return ListingRead(first, tuple(links.values()), tuple(read), tuple(missing), problem)


def _links_of(fetched: FetchResult, index: Source) -> tuple[Link, ...] | str:
    if fetched.outcome is not Outcome.OK:
        return fetched.detail or fetched.outcome.value
    text = decode_body(fetched.body, fetched.content_type, override=index.encoding).text
    shape = markup_shape(text)  # refused before lexbor sees it, as every page is
    if shape.problem is not None:
        return f"{shape.problem.value}: {shape.describe()}"
    try:
        return parse_listing(text, fetched.final_url or fetched.requested_url)
    except ListingError as error:
        return f"listing_unreadable: {error}"


def _record_listing(
    pipeline: Pipeline, index: Source, listing: ListingRead, new: int
) -> CheckSummary:
    """Page 1 is the index source's capture (its health and validators); no version is made."""
    fetched = listing.first_page
    if listing.problem is not None and fetched.outcome is Outcome.OK:
        fetched = replace(fetched, outcome=Outcome.SUSPECT, detail=listing.problem)
    elif fetched.outcome is Outcome.OK:
        pages = ",".join(map(str, listing.pages_read))
        gaps = ",".join(map(str, listing.pages_missing))
        detail = f"pages {pages}" + (f"; missing {gaps}" if gaps else "") + f"; {new} new"
        fetched = replace(fetched, detail=detail)
    record_attempt(pipeline.recorder, CheckRecord(fetch=fetched))
    summary = CheckSummary(
        source_id=index.id,
        outcome=fetched.outcome,
        detail=fetched.detail,
        elapsed_seconds=fetched.elapsed_seconds,
    )
    if pipeline.recorder.on_check is not None:
        pipeline.recorder.on_check(index, summary)
    return summary


async def record_notice(pipeline: Pipeline, notice: Notice, target: Source) -> list[CheckSummary]:
    """Fetch one notice and record its documents under `target`; the notice row says how it went.

    With attachments (`/cmsres/…` files in the content) the attachments are the documents and
    the article is only their cover (文号, dates); without, the article itself is the document.
    """
    article = replace(target, url=notice.url)
    fetched = await pipeline.fetch(article)
    if fetched.outcome is not Outcome.OK:
        _settle(pipeline, notice, NoticeStatus.FAILED, f"article: {fetched.detail}")
        return []
    text = decode_body(fetched.body, fetched.content_type, override=target.encoding).text
    shape = markup_shape(text)
    if shape.problem is not None:
        _settle(
            pipeline, notice, NoticeStatus.UNREADABLE, f"{shape.problem.value}: {shape.describe()}"
        )
        return []
    try:
        page = read_page(text, fetched.final_url or notice.url, target)
    except ParseError as error:
        _settle(pipeline, notice, NoticeStatus.UNREADABLE, str(error))
        return []
    files = [link for link in page.links if is_attachment(link.url)]
    if not files:
        summary = record_capture(pipeline.recorder, target, fetched)
        status = NoticeStatus.RECORDED if summary.version_id else NoticeStatus.UNREADABLE
        _settle(pipeline, notice, status, summary.line())
        return [summary]
    summaries: list[CheckSummary] = []
    problems: list[AttachmentProblem] = []
    for link in files:
        refused = link_refusal(article, link.url, pipeline.limits)
        outcome = (
            AttachmentProblem(AttachmentStep.REFUSED, link.url, refused)
            if refused is not None
            else await _record_attachment(pipeline, target, link, page.meta)
        )
        if isinstance(outcome, AttachmentProblem):
            problems.append(outcome)
        else:
            summaries.append(outcome)
    status = _attachments_status(summaries, problems)
    lines = [*(s.line() for s in summaries), *(p.line() for p in problems)]
    _settle(pipeline, notice, status, "; ".join(lines))
    return summaries


class AttachmentStep(StrEnum):
    """Where an attachment of a notice stopped short of a version."""

    REFUSED = "refused"  # its link leaves the site or names a refused address: never fetched
    FETCH = "fetch"  # the fetch failed: the network may let us read it next time
    READ = "read"  # fetched, but not a file its reader could read


@dataclass(frozen=True, slots=True)
class AttachmentProblem:
    step: AttachmentStep
    url: str
    detail: str

    def line(self) -> str:
        return f"{self.step} {self.url}: {self.detail}"


def _attachments_status(
    summaries: list[CheckSummary], problems: list[AttachmentProblem]
) -> NoticeStatus:
    if any(s.version_id for s in summaries):
        return NoticeStatus.RECORDED
    if any(p.step is AttachmentStep.FETCH for p in problems):
        return NoticeStatus.FAILED  # tried again on the next check of the index
    return NoticeStatus.UNREADABLE


async def _record_attachment(
    pipeline: Pipeline, target: Source, link: Link, cover: DocumentMeta
) -> CheckSummary | AttachmentProblem:
    fetched = await pipeline.fetch(replace(target, url=link.url), accept_binary=True)
    if fetched.outcome is not Outcome.OK:
        detail = fetched.detail or fetched.outcome.value
        return AttachmentProblem(AttachmentStep.FETCH, link.url, detail)
    name = unquote(urlsplit(link.url).path.rsplit("/", 1)[-1])
    try:
        read = parse_attachment(
            fetched.body,
            filename=name,
            content_type=fetched.content_type,
            source=target,
            url=link.url,
            title=link.text or None,
            known_names=_known_names(pipeline, target),
        )
    except AttachmentError as error:
        return AttachmentProblem(AttachmentStep.READ, link.url, str(error))
    document = replace(read, meta=replace(cover, title=link.text or read.meta.title or cover.title))
    return record_capture(pipeline.recorder, target, fetched, document=document)


def _known_names(pipeline: Pipeline, target: Source) -> tuple[str, ...]:
    latest = pipeline.store.latest_version(target.id)
    if latest is None or latest.document.catalogue is None:
        return ()
    return tuple(name for trade in latest.document.catalogue.trades for name in trade.names)


def is_attachment(url: str) -> bool:
    """An rsj attachment: `/cmsres/<2 hex>/<dir>/<file>.<pdf|xls|xlsx|doc|docx>`."""
    path = urlsplit(url).path.lower()
    return "/cmsres/" in path and path.endswith(ATTACHMENT_EXTENSIONS)


def _settle(pipeline: Pipeline, notice: Notice, status: NoticeStatus, detail: str) -> None:
    at = pipeline.clock()
    pipeline.store.set_notice_status(
        notice.index_source_id, notice.url, status, detail=detail, at=at
    )
    if status is not NoticeStatus.RECORDED:
        log.warning("%s: notice %s %s: %s", notice.index_source_id, notice.url, status, detail)

"""Decides what one capture means: a failure, the same version again, a new version, a change.

This is the policy core of the pipeline (DESIGN invariants 1–3): only an OK capture that parses
and passes the gates may become a version; a drastic change waits in quarantine until a later
capture confirms it; a re-parse by a newer parser is a technical version, never a change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from diffing.describe import describe, headline
from diffing.document import content_hash, diff_documents
from diffing.gates import PASSED, GateDecision, GateVerdict, check_gates
from diffing.names import review_names
from diffing.records import ChangeClass, ChangeItem, DocumentDiff
from scraper.classify import DocumentCut, document_cut
from scraper.decode import decode_body
from scraper.parsers import ParseError, parse_document
from scraper.parsers.files import FileKind, parse_file, sniff
from scraper.records import (
    DecidedBy,
    DecodedText,
    FetchResult,
    Outcome,
    ParsedDocument,
    Source,
    UnreadRule,
)
from scraper.shape import ShapeProblem, markup_shape
from store.records import (
    CheckRecord,
    EventDraft,
    NewVersion,
    Promote,
    Reject,
    SeenAgain,
    SourceState,
    VersionHead,
    VersionStatus,
)

CONFIRMED = GateVerdict(GateDecision.PASS, "confirmed")  # a held version seen again
# Loads the parsed document of a stored version (the store's `version(id).document`).
DocumentLoader = Callable[[int], ParsedDocument]
# Adds "who it affects" to change items; the scoring stage supplies it.
ImpactFn = Callable[[DocumentDiff, tuple[ChangeItem, ...]], tuple[ChangeItem, ...]]


class Unread(StrEnum):
    """Why an OK capture gave no document; the value starts the recorded detail."""

    PARSE_FAILED = "extraction_failed"  # the parser found nothing it could read
    TOO_DEEP = ShapeProblem.TOO_DEEP.value  # refused before parsing: nesting past the limit
    TOO_MANY_ELEMENTS = ShapeProblem.TOO_MANY_ELEMENTS.value  # refused before parsing
    TIMED_OUT = "parse_timeout"  # the reader ran past its wall-clock limit and was replaced
    CRASHED = "parse_crashed"  # the reader process died while reading it


@dataclass(frozen=True, slots=True)
class Reading:
    """What an OK capture says on its own: decoded, parsed and hashed, before any stored state
    is consulted — a cycle reads each capture as it arrives and assesses a batch at a time."""

    decoded: DecodedText | None  # None when the reader never got that far (timed out, died)
    document: ParsedDocument | None
    error: str | None = None  # why nothing usable was parsed
    digest: str | None = None  # content_hash(document)
    unread: Unread | None = None  # set when document is None

    @property
    def detail(self) -> str:
        """The fetch detail of a capture that gave no document: "markup_too_deep: …"."""
        return f"{(self.unread or Unread.PARSE_FAILED).value}: {self.error}"


def assess_capture(
    source: Source,
    fetch: FetchResult,
    state: SourceState,
    load_document: DocumentLoader,
    *,
    impact: ImpactFn | None = None,
    is_backfill: bool = False,
    document: ParsedDocument | None = None,
    reading: Reading | None = None,
) -> CheckRecord:
    """Turn one fetch into the record the store writes. Never raises for bad content.

    `document`: the capture already parsed elsewhere (an attachment read by parse_attachment);
    decoding and page parsing are skipped, the gates and the diff are the same.
    `reading`: `read_capture(source, fetch)` already done (in a worker); it is not done again.
    """
    cut = _first_cut(state, fetch, document)
    context = _Context(source, load_document, impact, is_backfill, cut)
    if fetch.outcome is Outcome.NOT_MODIFIED and state.pending is not None:
        # The validators replayed are those of the held capture: the server confirms it.
        promote, confirmed, verdict = _confirm(context, state.pending, state.published)
        return CheckRecord(fetch=fetch, gate=verdict, version=promote, event=confirmed)
    if fetch.outcome is not Outcome.OK:
        return CheckRecord(fetch=fetch)
    decoded: DecodedText | None = None
    digest: str | None = None
    if document is None:
        reading = reading or read_capture(source, fetch)
        decoded, document, digest = reading.decoded, reading.document, reading.digest
        if document is None:
            failed = replace(fetch, outcome=Outcome.SUSPECT, detail=reading.detail)
            return CheckRecord(fetch=failed, decoded=decoded, parse_error=reading.error)
    if state.published is not None and is_extension(document):
        document = merge_extension(load_document(state.published.id), document)
        digest = None
    digest = digest or content_hash(document)
    action, event, gate = _decide(context, document, digest, state)
    record = CheckRecord(fetch=fetch, decoded=decoded, gate=gate, version=action, event=event)
    if gate.decision is GateDecision.REJECT:
        rejected = replace(fetch, outcome=Outcome.SUSPECT, detail=f"gate_{gate.label}")
        record = replace(record, fetch=rejected, parse_error=gate.label)
    return record


def _first_cut(
    state: SourceState, fetch: FetchResult, document: ParsedDocument | None
) -> DocumentCut | None:
    """How a page that would be its source's first version stops before its document ends: a
    first capture becomes the baseline only when it ends where it should."""
    if state.published is not None or document is not None or fetch.outcome is not Outcome.OK:
        return None
    return document_cut(fetch.body)


def read_capture(source: Source, fetch: FetchResult) -> Reading:
    """Decode, parse and hash a capture; a parse failure is a value, not an exception.

    The bytes say what the capture is: a page is decoded and parsed, a PDF / Word / Excel file
    goes to its reader, and anything else is refused without being decoded as a page. Markup
    that nests too deep or opens too many elements is refused before the parser sees it (see
    scraper.shape). Pure: the same capture gives the same reading in any process.
    """
    url = fetch.final_url or fetch.requested_url
    kind = sniff(fetch.body)
    if kind is not FileKind.PAGE:
        return _read_file(source, fetch.body, kind, url)
    decoded = decode_body(fetch.body, fetch.content_type, override=source.encoding)
    shape = markup_shape(decoded.text)
    if shape.problem is not None:
        return Reading(decoded, None, shape.describe(), unread=Unread(shape.problem.value))
    try:
        document = parse_document(source, decoded.text, url)
    except ParseError as exc:
        return Reading(decoded, None, str(exc), unread=Unread.PARSE_FAILED)
    return Reading(decoded, document, None, content_hash(document))


def _read_file(source: Source, body: bytes, kind: FileKind, url: str) -> Reading:
    decoded = DecodedText(text="", encoding=kind.value, decided_by=DecidedBy.SNIFFED)
    if kind is FileKind.UNKNOWN:
        what = (
            "无法识别的文件：不是网页、PDF、DOCX、DOC、XLS 或 XLSX / "
            "unknown binary file: not a page, PDF, DOCX, DOC, XLS or XLSX"
        )
        return Reading(decoded, None, f"{source.id}: {what} at {url}", unread=Unread.PARSE_FAILED)
    try:
        document = parse_file(source, body, kind, url)
    except ParseError as exc:
        return Reading(decoded, None, str(exc), unread=Unread.PARSE_FAILED)
    return Reading(decoded, document, None, content_hash(document))


def is_extension(document: ParsedDocument) -> bool:
    """A validity extension notice: it names the document it extends and carries no rules."""
    rules = document.points.rules if document.points is not None else ()
    trades = document.catalogue.trades if document.catalogue is not None else ()
    return document.meta.extends is not None and not rules and not trades


def merge_extension(base: ParsedDocument, notice: ParsedDocument) -> ParsedDocument:
    """The base document as extended by `notice`: its rules, 文号 and text kept, the new last
    day in force and the notice's 文号 (`extended_by`) merged in. A notice that names another
    document is returned as it is (and meets the gates without rules).
    """
    extends = notice.meta.extends or ""
    named = f"《{extends}》"
    if not (named in (base.meta.title or "") or named in base.main_text[:2000]):
        return notice
    meta = replace(
        base.meta,
        valid_until=notice.meta.valid_until,
        extended_by=notice.meta.doc_number or notice.meta.title,
    )
    return replace(base, meta=meta)


@dataclass(frozen=True, slots=True)
class _Context:
    source: Source
    load_document: DocumentLoader
    impact: ImpactFn | None
    is_backfill: bool
    first_cut: DocumentCut | None = None  # how a first capture stops before its document ends


def _decide(  # noqa: PLR0911 - one return per decision reads better than a state table
    context: _Context, document: ParsedDocument, digest: str, state: SourceState
) -> tuple[NewVersion | SeenAgain | Promote | Reject | None, EventDraft | None, GateVerdict]:
    published, pending = state.published, state.pending
    if pending is not None and digest == pending.content_hash:
        return _confirm(context, pending, published)
    if published is not None and digest == published.content_hash:
        if pending is not None:
            return Reject(pending.id), None, PASSED
        return SeenAgain(published.id), None, PASSED
    previous = context.load_document(published.id) if published is not None else None
    # One diff serves the gates, the stored version and the change event.
    diff = diff_documents(previous, document) if previous is not None else None
    verdict = check_gates(previous, document, kind=context.source.kind, diff=diff)
    if verdict.decision is GateDecision.REJECT:
        return None, None, verdict
    base = _newest(published, pending)
    if verdict.decision is GateDecision.INCOMPLETE:
        # Kept with everything it lacks, so the evidence says what was not read.
        kept = with_gaps(document, verdict.gaps)
        held = NewVersion(kept, content_hash(kept), VersionStatus.INCOMPLETE, base)
        return held, None, verdict
    verdict = review_names(document) or verdict
    if diff is None or published is None:
        first, gate = _first_version(context, document, digest, base, verdict)
        return first, None, gate
    if verdict.decision is GateDecision.QUARANTINE:
        held = NewVersion(document, digest, VersionStatus.QUARANTINED, base, diff=diff)
        return held, None, verdict
    technical = diff.classification is ChangeClass.TECHNICAL
    version = NewVersion(
        document, digest, VersionStatus.PUBLISHED, base, diff=diff, is_technical=technical
    )
    if diff.classification in (ChangeClass.TECHNICAL, ChangeClass.NONE):
        return version, None, PASSED
    return version, _draft(context, diff, published.id), PASSED


def _first_version(
    context: _Context,
    document: ParsedDocument,
    digest: str,
    base: int | None,
    verdict: GateVerdict,
) -> tuple[NewVersion, GateVerdict]:
    """A source's first version and its gate: held when its document is cut short or its names
    need review, so the same capture must come again before it is the baseline."""
    if verdict.decision is not GateDecision.QUARANTINE and context.first_cut is not None:
        verdict = GateVerdict(GateDecision.QUARANTINE, f"first_capture_cut:{context.first_cut}")
    if verdict.decision is not GateDecision.QUARANTINE:
        return NewVersion(document, digest, VersionStatus.PUBLISHED, base), PASSED
    return NewVersion(document, digest, VersionStatus.QUARANTINED, base), verdict


def with_gaps(document: ParsedDocument, gaps: tuple[UnreadRule, ...]) -> ParsedDocument:
    """`document` whose points table names every gap the gate found (lost indicators too)."""
    if document.points is None:
        return document
    return replace(document, points=replace(document.points, unread=gaps))


def _confirm(
    context: _Context, pending: VersionHead, published: VersionHead | None
) -> tuple[Promote | SeenAgain, EventDraft | None, GateVerdict]:
    """A quarantined version seen again: publish it, with the change against the old version.
    Names held for review stay held: seeing them again does not make them text."""
    load = context.load_document
    document = load(pending.id)
    review = review_names(document)
    if review is not None:
        return SeenAgain(pending.id), None, review
    if published is None:
        return Promote(pending.id), None, CONFIRMED
    diff = diff_documents(load(published.id), document)
    if diff.classification in (ChangeClass.TECHNICAL, ChangeClass.NONE):
        return Promote(pending.id), None, CONFIRMED
    return Promote(pending.id), _draft(context, diff, published.id), CONFIRMED


def _draft(context: _Context, diff: DocumentDiff, from_id: int) -> EventDraft | None:
    """The change event of `diff`; None when nothing in it is worth telling a subscriber."""
    items = describe(diff)
    if not items:
        return None
    if context.impact is not None:
        items = context.impact(diff, items)
    title, summary = headline(context.source.label, items)
    return EventDraft(
        classification=diff.classification,
        title=title,
        summary=summary,
        items=items,
        from_version_id=from_id,
        text_diff=diff.text_diff,
        is_backfill=context.is_backfill,
    )


def _newest(*heads: VersionHead | None) -> int | None:
    ids = [h.id for h in heads if h is not None]
    return max(ids) if ids else None

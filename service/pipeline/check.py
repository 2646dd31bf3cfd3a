"""What one check is, and the entry points every caller uses (the CLI, the scheduler, the admin
endpoint): `check_one` for one source of any kind, `check_cycle` for all of them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from scraper.records import Outcome, Source, SourceKind
from service.pipeline.cycle import Pipeline, check_sources
from service.pipeline.record import CheckSummary, record_capture


async def check_source(pipeline: Pipeline, source: Source) -> CheckSummary:
    """The plain reference path of one page source's check, one step after another:

    1. fetch the page, conditionally on the validators of the last capture;
    2. read it (decode, parse, hash) when the fetch was OK, in the pipeline's readers;
    3. assess it against the source's stored state (gates, diff, quarantine) and record the
       outcome, the capture, the version and the change in one transaction.

    `check_sources` does the same for many sources concurrently and in batches.
    """
    state = pipeline.store.states([source.id]).get(source.id)
    fetched = await pipeline.fetch(source, state.validators if state else None)
    reading = (
        await pipeline.readers.read(source, fetched) if fetched.outcome is Outcome.OK else None
    )
    return record_capture(pipeline.recorder, source, fetched, reading=reading)


def fetched_sources(sources: Sequence[Source]) -> tuple[Source, ...]:
    """Sources with a page of their own; those fed by an index come in through its notices."""
    return tuple(s for s in sources if s.fed_by is None)


async def check_one(
    pipeline: Pipeline, source: Source, sources: Sequence[Source]
) -> list[CheckSummary]:
    """One check of `source`, a cycle of its own; an index routes its notices to the other
    configured sources."""
    return await _check_in_cycle(pipeline.next_cycle(), source, sources)


async def _check_in_cycle(
    pipeline: Pipeline, source: Source, sources: Sequence[Source]
) -> list[CheckSummary]:
    if source.kind is SourceKind.INDEX:
        from service.pipeline.discover import check_index  # discover builds on the pipeline

        return await check_index(pipeline, source, sources)
    return await check_sources(pipeline, [source])


async def check_cycle(pipeline: Pipeline, sources: Sequence[Source]) -> list[CheckSummary]:
    """One check of every fetched source, in one cycle: pages concurrently, then each index."""
    pipeline = pipeline.next_cycle()
    pages = [s for s in fetched_sources(sources) if s.kind is not SourceKind.INDEX]
    summaries = await check_sources(pipeline, pages)
    for index in (s for s in fetched_sources(sources) if s.kind is SourceKind.INDEX):
        summaries.extend(await _check_in_cycle(pipeline, index, sources))
    return summaries


def source_by_id(sources: Iterable[Source], source_id: str) -> Source:
    for source in sources:
        if source.id == source_id:
            return source
    known = ", ".join(s.id for s in sources)
    raise KeyError(f"unknown source {source_id!r}; configured sources: {known}")

"""Which sources a cycle fetches, and the check of one source whatever its kind."""

from __future__ import annotations

from collections.abc import Sequence

from scraper.records import Source, SourceKind
from service.pipeline import CheckSummary, Pipeline, check_sources


def fetched_sources(sources: Sequence[Source]) -> tuple[Source, ...]:
    """Sources with a page of their own; those fed by an index come in through its notices."""
    return tuple(s for s in sources if s.fed_by is None)


async def check_one(
    pipeline: Pipeline, source: Source, sources: Sequence[Source]
) -> list[CheckSummary]:
    """One check of `source`; an index routes its notices to the other configured sources."""
    if source.kind is SourceKind.INDEX:
        from service.discover import check_index  # discover builds on the pipeline

        return await check_index(pipeline, source, sources)
    return await check_sources(pipeline, [source])


async def check_cycle(pipeline: Pipeline, sources: Sequence[Source]) -> list[CheckSummary]:
    """One check of every fetched source: pages concurrently, then each index."""
    pages = [s for s in fetched_sources(sources) if s.kind is not SourceKind.INDEX]
    summaries = await check_sources(pipeline, pages)
    for index in (s for s in fetched_sources(sources) if s.kind is SourceKind.INDEX):
        summaries.extend(await check_one(pipeline, index, sources))
    return summaries

"""A first start online whose official page refuses or cannot be reached: the Internet Archive's
captures of that page instead, said so in the source's health.

Only sources that name an official document page and ask for it (`archive_fallback = "wayback"`
in sources.toml) fall back, and only while they have no version at all: later failures are
ordinary failures, shown as such.
"""

from __future__ import annotations

from collections.abc import Sequence

from scraper.archive import ArchiveError
from scraper.options import ArchiveFallback, PageOptions
from scraper.records import Outcome, Source
from service.pipeline.backfill import backfill_wayback
from service.pipeline.cycle import Pipeline
from service.pipeline.record import CheckSummary

# Refused (a WAF, 403), unreachable (network, timeout, 5xx) or gone (404): the archive may have it.
FALLBACK_OUTCOMES = frozenset({Outcome.BLOCKED, Outcome.TRANSIENT_ERROR, Outcome.PERMANENT_ERROR})


def wants_archive(source: Source) -> bool:
    options = source.options
    return isinstance(options, PageOptions) and options.archive_fallback is ArchiveFallback.WAYBACK


def needs_fallback(pipeline: Pipeline, source: Source, summaries: Sequence[CheckSummary]) -> bool:
    """The source's own check failed the way an archive can make up for, on its first start."""
    own = [s for s in summaries if s.source_id == source.id]
    return (
        wants_archive(source)
        and bool(own)
        and own[0].outcome in FALLBACK_OUTCOMES
        and not pipeline.store.versions(source.id)
    )


async def fall_back_to_archive(
    pipeline: Pipeline, source: Source, summaries: Sequence[CheckSummary], *, archive_base: str
) -> str | None:
    """After a check: import the archive's captures of the page when the check calls for it.
    Returns the line to log, or None when nothing was tried."""
    if not needs_fallback(pipeline, source, summaries):
        return None
    try:
        report = await backfill_wayback(
            pipeline.recorder,
            pipeline.client,
            source,
            pipeline.limits,
            cdx_base=archive_base,
            wayback_base=archive_base,
        )
    except (ConnectionError, ArchiveError) as error:
        return (
            f"{source.id}: 官方网站无法访问，互联网档案馆也未能提供存档 · the official page could "
            f"not be fetched and the Internet Archive gave nothing usable ({error})"
        )
    return (
        f"{source.id}: 官方网站无法访问，改用互联网档案馆的存档 · the official page could not be "
        f"fetched; the Internet Archive's captures instead: {report.line()}"
    )


async def fall_back_where_needed(
    pipeline: Pipeline,
    sources: Sequence[Source],
    summaries: Sequence[CheckSummary],
    *,
    archive_base: str,
) -> list[str]:
    """`fall_back_to_archive` for every source a check (or a cycle) just looked at."""
    checked = {summary.source_id for summary in summaries}
    lines: list[str] = []
    for source in sources:
        if source.id in checked:
            line = await fall_back_to_archive(
                pipeline, source, summaries, archive_base=archive_base
            )
            lines.extend([line] if line is not None else [])
    return lines

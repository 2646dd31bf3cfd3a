"""`jifen check`: one check of each configured source (or one), a summary line each; exit 1
when any source failed or was read in part, so cron can alert."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from service.cli.messages import ExitCode
from service.cli.options import SourceOpt, pick, settings

if TYPE_CHECKING:
    from service.pipeline.record import CheckSummary


def check(source: SourceOpt = None) -> None:
    """检查每个数据源一次，每个一行摘要 ·
    Check each configured source once and print one summary line each."""
    import asyncio

    from service import runtime
    from service.pipeline.check import check_cycle, check_one
    from service.pipeline.fallback import fall_back_where_needed

    config = settings()
    sources = runtime.configured_sources(config)
    store = runtime.open_store(config, register=sources)
    chosen = pick(sources, source) if source is not None else None

    async def cycle() -> tuple[list[CheckSummary], list[str]]:
        async with runtime.open_pipeline(config, store, sources) as pipeline:
            if chosen is None:
                done = await check_cycle(pipeline, sources)
            else:
                done = await check_one(pipeline, chosen, sources)
            # A first start whose official pages refuse: the archive's captures of them instead.
            archived = await fall_back_where_needed(
                pipeline, sources, done, archive_base=config.archive_base
            )
            return done, archived

    summaries, archived = asyncio.run(cycle())
    for summary in summaries:
        typer.echo(summary.line())
    for line in archived:
        typer.echo(line)
    runtime.export_tables(store, sources, config)
    if any(s.is_incomplete or s.outcome.is_failure for s in summaries):
        # A source that could not be read, or a rule document read in part (recorded, never
        # published): cron must notice. `sources` shows each one's health.
        raise typer.Exit(ExitCode.INCOMPLETE)

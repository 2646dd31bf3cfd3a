"""`jifen check`: one check of each configured source (or one), a summary line each."""

from __future__ import annotations

import asyncio

import typer

from service import runtime
from service.cli.options import SourceOpt, pick, settings
from service.pipeline.check import check_cycle, check_one


def check(source: SourceOpt = None) -> None:
    """Check each configured source once and print one summary line each."""
    config = settings()
    sources = runtime.configured_sources(config)
    store = runtime.open_store(config, register=sources)
    chosen = pick(sources, source) if source is not None else None

    async def cycle() -> list[str]:
        async with runtime.open_pipeline(config, store, sources) as pipeline:
            if chosen is None:
                summaries = await check_cycle(pipeline, sources)
            else:
                summaries = await check_one(pipeline, chosen, sources)
            return [s.line() for s in summaries]

    for line in asyncio.run(cycle()):
        typer.echo(line)
    runtime.export_tables(store, sources, config)

"""`jifen import`: saved pages, WARC files or the Wayback Machine's captures, through the same
parsers, gates and diffs as a live check."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from service.cli.options import parse_moment, pick, settings

if TYPE_CHECKING:
    from scraper.records import Source
    from service.settings import Settings
    from store.store import Store


@dataclasses.dataclass(frozen=True)
class ArchiveRequest:
    warcs: list[Path]
    wayback_url: str | None
    wayback_base: str


def import_(
    *,
    source: Annotated[str, typer.Option("--source", help="The source the pages belong to.")],
    files: Annotated[
        list[Path] | None, typer.Argument(help="Saved pages (HTML files or folders), or WARCs.")
    ] = None,
    observed_at: Annotated[
        str | None,
        typer.Option("--observed-at", help="YYYY-MM-DD[THH:MM]; default the file's mtime."),
    ] = None,
    url: Annotated[str | None, typer.Option(help="The page's original URL.")] = None,
    warc: Annotated[bool, typer.Option("--warc", help="FILES are WARC files.")] = False,
    from_wayback: Annotated[
        str | None, typer.Option("--from-wayback", help="Import the Wayback captures of URL.")
    ] = None,
    wayback_base: Annotated[
        str | None,
        typer.Option(
            "--wayback-base",
            help="Wayback (and CDX) server to ask; default https://web.archive.org.",
        ),
    ] = None,
) -> None:
    """Import saved captures through the same parsers, gates and diffs as a live check."""
    from scraper.archive import WAYBACK_BASE
    from service import runtime
    from service.pipeline.imports import import_file

    config = settings()
    sources = runtime.configured_sources(config)
    src = pick(sources, source)
    store = runtime.open_store(config, register=sources)
    when = parse_moment(observed_at, "--observed-at") if observed_at else None
    files = files or []
    if warc or from_wayback:
        archive = ArchiveRequest(files, from_wayback, wayback_base or WAYBACK_BASE)
        typer.echo(_import_archives(config, store, sources, src, archive))
        files = []
    recorder = runtime.recorder_for(store, sources)
    failed = False
    for path in files:
        for imported in import_file(recorder, src, path, observed_at=when, url=url):
            typer.echo(imported.line)
            failed = failed or imported.is_failure
    runtime.export_tables(store, sources, config)
    if failed:
        # An unknown file, nothing readable, or rules read in part: say so to scripts too.
        raise typer.Exit(code=1)


def _import_archives(
    config: Settings,
    store: Store,
    sources: tuple[Source, ...],
    src: Source,
    req: ArchiveRequest,
) -> str:
    """`--warc` / `--from-wayback`: archived captures in observed order."""
    import asyncio

    from service import runtime
    from service.pipeline.backfill import backfill_warc, backfill_wayback

    if req.wayback_url is None:
        return backfill_warc(runtime.recorder_for(store, sources), src, req.warcs).line()

    async def from_wayback() -> str:
        async with runtime.open_pipeline(config, store, sources) as live:
            report = await backfill_wayback(
                live.recorder,
                live.client,
                src,
                live.limits,
                url=req.wayback_url,
                cdx_base=req.wayback_base,
                wayback_base=req.wayback_base,
            )
        return report.line()

    return asyncio.run(from_wayback())

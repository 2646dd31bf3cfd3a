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
    source: Annotated[
        str, typer.Option("--source", help="这些页面所属的数据源 · The source the pages belong to.")
    ],
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="保存的页面（HTML、PDF、DOCX 文件或文件夹）或 WARC · "
            "Saved pages (files or folders), or WARCs."
        ),
    ] = None,
    observed_at: Annotated[
        str | None,
        typer.Option(
            "--observed-at",
            help="YYYY-MM-DD[THH:MM]，默认取文件修改时间 · default the file's mtime.",
        ),
    ] = None,
    url: Annotated[
        str | None, typer.Option(help="页面的原始地址 · The page's original URL.")
    ] = None,
    warc: Annotated[
        bool, typer.Option("--warc", help="文件为 WARC 格式 · FILES are WARC files.")
    ] = False,
    from_wayback: Annotated[
        str | None,
        typer.Option(
            "--from-wayback",
            help="导入该地址在 Wayback 的存档 · Import the Wayback captures of URL.",
        ),
    ] = None,
    wayback_base: Annotated[
        str | None,
        typer.Option(
            "--wayback-base",
            help="Wayback（及 CDX）服务器，默认 https://web.archive.org · "
            "Wayback (and CDX) server to ask.",
        ),
    ] = None,
) -> None:
    """导入保存的页面，经过与在线检查相同的解析、把关与比对 ·
    Import saved captures through the same parsers, gates and diffs as a live check."""
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

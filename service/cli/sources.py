"""`jifen sources list | validate | options`: what is watched, whether a sources file is sound,
and what each kind of source may say in its options."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from service.cli.messages import ExitCode, default_schedule, fed_by
from service.cli.options import settings
from words import translate

if TYPE_CHECKING:
    from scraper.records import Source


def validate(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="默认 JIFEN_SOURCES 或自带的文件 · Default: JIFEN_SOURCES or the bundled file."
        ),
    ] = None,
) -> None:
    """校验数据源文件，指出每个错误字段 · Check a sources file and name every bad field."""
    from scraper.sources import validate_sources

    target = path or settings().sources_path
    problems = validate_sources(target)
    for problem in problems:
        typer.echo(problem, err=True)
    if problems:
        raise typer.Exit(ExitCode.USAGE)
    typer.echo(translate("%(file)s: ok", file=target))


def list_() -> None:
    """已配置的数据源 · The configured sources."""
    from service import runtime
    from service.present.textable import render_table

    config = settings()
    sources = runtime.configured_sources(config)
    rows = [(s.id, s.kind.value, _schedule(s, config.default_schedule), s.url) for s in sources]
    header = ("id", translate("kind"), translate("schedule"), "url")
    typer.echo(render_table(header, rows))


def _schedule(source: Source, default: str) -> str:
    """When the source is checked: its cron, the default one, or never by itself (fed by an
    index, whose notices bring its documents)."""
    if source.fed_by is not None:
        return fed_by(source.fed_by)
    return source.schedule or default_schedule(default)


def options() -> None:
    """各类数据源可用的选项及默认值（Markdown 表格）·
    The options each kind of source takes, with their defaults (a Markdown table)."""
    from scraper.options import options_table

    typer.echo(options_table(), nl=False)

"""`jifen sources list | validate | options`: what is watched, whether a sources file is sound,
and what each kind of source may say in its options."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scraper.options import options_table
from scraper.sources import validate_sources
from service import runtime
from service.cli.options import settings
from service.present.textable import render_table


def validate(
    path: Annotated[
        Path | None, typer.Argument(help="Default: JIFEN_SOURCES or the bundled file.")
    ] = None,
) -> None:
    """Check a sources file and name every bad field."""
    target = path or settings().sources_path
    problems = validate_sources(target)
    for problem in problems:
        typer.echo(problem, err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo(f"{target}: ok")


def list_() -> None:
    """The configured sources."""
    sources = runtime.configured_sources(settings())
    rows = [(s.id, s.kind.value, s.schedule or "default", s.url) for s in sources]
    typer.echo(render_table(("id", "kind", "schedule", "url"), rows))


def options() -> None:
    """The options each kind of source takes, with their defaults (a Markdown table)."""
    typer.echo(options_table(), nl=False)

"""The `jifen` command line. Every command is registered here, in one list; each lives in the
module named for what it does."""

from __future__ import annotations

import typer

from scraper.sources import SourceConfigError
from service.cli import check, imports, query, score, serve, sources

app = typer.Typer(
    help="jifen: tracks the Shanghai residence-permit points rules.", no_args_is_help=True
)
sources_app = typer.Typer(help="Inspect the configured sources.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")

app.command()(check.check)
app.command()(query.catalogue)
app.command()(query.rules)
app.command()(query.changes)
app.command()(query.feed)
app.command("import")(imports.import_)
app.command()(score.export)
app.command()(score.score)
app.command()(serve.serve)
sources_app.command("validate")(sources.validate)
sources_app.command("list")(sources.list_)
sources_app.command("options")(sources.options)


def main() -> None:
    try:
        app()
    except SourceConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from None

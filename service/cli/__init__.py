"""The `jifen` command line. Every command is registered here, in one list; each lives in the
module named for what it does, and imports what it needs to do its work when it runs (see
service/cli/options.py)."""

from __future__ import annotations

import typer

from service.cli import check, imports, query, score, serve, sources, subscriptions

app = typer.Typer(
    help="jifen: tracks the Shanghai residence-permit points rules.", no_args_is_help=True
)
sources_app = typer.Typer(help="Inspect the configured sources.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
subscriptions_app = typer.Typer(help="Manage subscriptions to changes.", no_args_is_help=True)
app.add_typer(subscriptions_app, name="subscriptions")

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
app.command()(subscriptions.subscribe)
app.command()(subscriptions.deliver)
subscriptions_app.command("list")(subscriptions.list_)
subscriptions_app.command("remove")(subscriptions.remove)
sources_app.command("options")(sources.options)


def main() -> None:
    """Run the command; a setting jifen cannot use (a database it cannot open, a bad number, a
    broken sources file) ends it with one line naming the setting and exit code 2."""
    try:
        app()
    except Exception as exc:
        said = failure(exc)
        if said is None:
            raise
        line, code = said
        typer.echo(line, err=True)
        raise SystemExit(code) from None


def failure(exc: Exception) -> tuple[str, int] | None:
    """The line and exit code for an error a person can act on; None for a programming error.

    The error classes are imported here, not at the top: a command that raised one has already
    imported its module, and a command that did not should not pay for them.
    """
    from scraper.sources import SourceConfigError
    from service.scheduler import SchedulerFailed
    from service.settings import SettingsError
    from store.errors import StoreUnavailable

    if isinstance(exc, SourceConfigError | SettingsError):
        return f"error: {exc}", 2
    if isinstance(exc, StoreUnavailable):  # the database went away while the command ran
        return f"error: {exc}; nothing of the unfinished step was kept", 1
    if isinstance(exc, SchedulerFailed):  # logged with its traceback when it happened
        return f"error: {exc}", 1
    return None

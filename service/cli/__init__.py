"""The `jifen` command line. Every command is registered here, in one list; each lives in the
module named for what it does, and imports what it needs to do its work when it runs (see
service/cli/options.py)."""

from __future__ import annotations

import itertools
import sys
from typing import Annotated

import typer

from service.cli import check, imports, query, score, serve, sources, subscriptions
from words import DEFAULT_LANG, Lang, set_lang, translate
from words.lang import parse_lang

app = typer.Typer(
    help="jifen：跟踪上海市居住证积分规则 · tracks the Shanghai residence-permit points rules.",
    no_args_is_help=True,
)
sources_app = typer.Typer(
    help="查看已配置的数据源 · Inspect the configured sources.", no_args_is_help=True
)
app.add_typer(sources_app, name="sources")
subscriptions_app = typer.Typer(
    help="管理变更订阅 · Manage subscriptions to changes.", no_args_is_help=True
)
app.add_typer(subscriptions_app, name="subscriptions")


@app.callback()
def _speak(
    ctx: typer.Context,
    lang: Annotated[
        Lang,
        typer.Option(
            "--lang",
            help="显示语言：zh（默认）或 en · The language of what is shown: zh (default) or en.",
        ),
    ] = DEFAULT_LANG,
) -> None:
    """jifen：跟踪上海市居住证积分规则 · tracks the Shanghai residence-permit points rules."""
    ctx.call_on_close(set_lang(lang))


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


def _lang_asked(args: list[str]) -> Lang:
    asked = next((value for key, value in itertools.pairwise(args) if key == "--lang"), None)
    asked = asked or next((a.split("=", 1)[1] for a in args if a.startswith("--lang=")), None)
    return parse_lang(asked) or DEFAULT_LANG


def main() -> None:
    """Run the command; a setting jifen cannot use (a database it cannot open, a bad number, a
    broken sources file) ends it with one line naming the setting and exit code 2."""
    # The words of an error raised out of the command follow its --lang as well.
    set_lang(_lang_asked(sys.argv[1:]))
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
        return translate("error: %(what)s", what=exc), 2
    if isinstance(exc, StoreUnavailable):  # the database went away while the command ran
        return translate("error: %(what)s; nothing of the unfinished step was kept", what=exc), 1
    if isinstance(exc, SchedulerFailed):  # logged with its traceback when it happened
        return translate("error: %(what)s", what=exc), 1
    return None

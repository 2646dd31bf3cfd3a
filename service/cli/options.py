"""What every command shares: option types, output formats, date parsing and source lookup.

The command line imports only this, typer and its messages before a command runs: `jifen --help`
builds every command, so what a command needs to do its work (the store, the pipeline, the HTTP
app, the parsers) is imported inside the command (tests/service/test_cli_imports.py).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from service.cli.messages import ExitCode, empty_database
from words import shanghai_today, translate

if TYPE_CHECKING:
    from scraper.records import Source
    from service.settings import Settings
    from store.store import Store


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ListFormat(StrEnum):
    table = "table"
    json = "json"


SourceOpt = Annotated[
    str | None,
    typer.Option("--source", help="sources.toml 中的数据源编号 · A source id from sources.toml."),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="YYYY-MM-DD，默认今天（上海时间）· default today in Shanghai.",
        metavar="DATE",
    ),
]


def settings() -> Settings:
    from service.settings import Settings

    return Settings.from_env()


def recorded_store(config: Settings) -> Store:
    """The store, for a command that answers from what is recorded: a database nothing was
    ever recorded in (new, or not the one the checks write) is said, never answered from. One
    whose checks failed is answered from: its answers say what is missing."""
    from service import runtime
    from store.store import shown_url

    store = runtime.open_store(config)
    if store.newest_check_at() is None:
        store.close()
        typer.echo(empty_database(shown_url(config.database_url)), err=True)
        raise typer.Exit(ExitCode.USAGE)
    return store


def parse_day(value: str | None, option: str) -> date:
    if value is None:
        return shanghai_today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            translate("%(value)s is not a date (YYYY-MM-DD)", value=repr(value)), param_hint=option
        ) from None


def parse_moment(value: str, option: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        said = translate("%(value)s is not a date or time", value=repr(value))
        raise typer.BadParameter(said, param_hint=option) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def pick(sources: tuple[Source, ...], source_id: str) -> Source:
    from service.pipeline.check import source_by_id

    try:
        return source_by_id(sources, source_id)
    except KeyError as exc:
        raise typer.BadParameter(str(exc.args[0]), param_hint="--source") from None

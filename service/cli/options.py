"""What every command shares: option types, output formats, date parsing and source lookup."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any

import typer

from scraper.records import Source
from service import runtime
from service.cli.messages import ExitCode, empty_database
from service.pipeline.check import source_by_id
from service.settings import Settings
from store.store import Store, shown_url
from words import shanghai_today, translate


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ListFormat(StrEnum):
    table = "table"
    json = "json"


SourceOpt = Annotated[str | None, typer.Option("--source", help="A source id from sources.toml.")]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="YYYY-MM-DD; default today.", metavar="DATE")
]


def settings() -> Settings:
    return Settings.from_env()


def recorded_store(config: Settings) -> Store:
    """The store, for a command that answers from what is recorded: a database nothing was
    ever recorded in (new, or not the one the checks write) is said, never answered from. One
    whose checks failed is answered from: its answers say what is missing."""
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
    try:
        return source_by_id(sources, source_id)
    except KeyError as exc:
        raise typer.BadParameter(str(exc.args[0]), param_hint="--source") from None

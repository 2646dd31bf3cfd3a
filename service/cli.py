"""The `jifen` command line: check, query, export, import and serve."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import sys
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from scoring.export import catalogue_to_csv, rule_table_to_json, rules_to_csv
from scoring.profile import ProfileError, load_profile
from scoring.tables import build_rule_table
from scraper.archive import WAYBACK_BASE
from scraper.records import Source
from scraper.sources import SourceConfigError, validate_sources
from service import runtime
from service.api.catalogues import catalogue_public
from service.api.schemas import ChangePublic
from service.backfill import backfill_warc, backfill_wayback
from service.capture_import import import_file
from service.checks import check_cycle, check_one
from service.feedview import FeedKind, render_feed
from service.pipeline import source_by_id
from service.rules import rule_table_as_of
from service.scoreview import (
    changes_since as changes_since_of,
)
from service.scoreview import (
    delta_to_json,
    delta_to_text,
    result_to_json,
    result_to_text,
    score_as_of,
)
from service.settings import Settings
from service.textable import render_table
from store.store import Store

app = typer.Typer(
    help="jifen: tracks the Shanghai residence-permit points rules.", no_args_is_help=True
)
sources_app = typer.Typer(help="Inspect the configured sources.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ListFormat(StrEnum):
    table = "table"
    json = "json"


class FeedFormat(StrEnum):
    atom = "atom"
    rss = "rss"


class Timeline(StrEnum):
    effective = "effective"
    observed = "observed"


SourceOpt = Annotated[str | None, typer.Option("--source", help="A source id from sources.toml.")]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="YYYY-MM-DD; default today.", metavar="DATE")
]


def _settings() -> Settings:
    return Settings.from_env()


def _parse_day(value: str | None, option: str) -> date:
    if value is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option
        ) from None


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.command()
def check(source: SourceOpt = None) -> None:
    """Check each configured source once and print one summary line each."""
    settings = _settings()
    sources = runtime.configured_sources(settings)
    store = runtime.open_store(settings)
    runtime.register_sources(store, sources)
    chosen = _pick(sources, source) if source is not None else None

    async def cycle() -> list[str]:
        async with runtime.open_pipeline(settings, store, sources) as pipeline:
            if chosen is None:
                summaries = await check_cycle(pipeline, sources)
            else:
                summaries = await check_one(pipeline, chosen, sources)
            return [s.line() for s in summaries]

    for line in asyncio.run(cycle()):
        typer.echo(line)
    runtime.export_tables(store, sources, settings)


@app.command()
def catalogue(
    source: Annotated[str, typer.Option("--source", help="A catalogue source id.")],
    as_of: AsOfOpt = None,
    timeline: Timeline = Timeline.effective,
    format: TableFormat = TableFormat.table,
) -> None:
    """The catalogue in force on a date (by the page's own date, else when it was observed)."""
    settings = _settings()
    _pick(runtime.configured_sources(settings), source)
    day = _parse_day(as_of, "--as-of")
    store = runtime.open_store(settings)
    version = store.version_as_of(source, day, timeline=timeline.value)
    if version is None or version.document.catalogue is None:
        typer.echo(f"{source}: no catalogue in force on {day.isoformat()}", err=True)
        raise typer.Exit(1)
    if format is TableFormat.json:
        _echo_json(catalogue_public(version, day, timeline.value).model_dump(mode="json"))
        return
    table = build_rule_table([version], day)
    if format is TableFormat.csv:
        typer.echo(catalogue_to_csv(table.catalogues[0]), nl=False)
        return
    meta = version.meta
    typer.echo(
        f"{source}: {len(version.document.catalogue.trades)} entries, in force from "
        f"{version.in_force_on} ({meta.doc_number or 'no 文号'}; observed "
        f"{version.observed_at:%Y-%m-%d})"
    )
    rows = [
        (t.number or i, t.name, "/".join(t.aliases), t.code or "")
        for i, t in enumerate(version.document.catalogue.trades, start=1)
    ]
    typer.echo(render_table(("#", "name", "aliases", "code"), rows))


@app.command()
def rules(as_of: AsOfOpt = None, format: TableFormat = TableFormat.table) -> None:
    """The rule tables in force on a date."""
    settings = _settings()
    day = _parse_day(as_of, "--as-of")
    store = runtime.open_store(settings)
    table = rule_table_as_of(store, runtime.configured_sources(settings), day)
    if format is TableFormat.json:
        _echo_json(rule_table_to_json(table))
    elif format is TableFormat.csv:
        typer.echo(rules_to_csv(table), nl=False)
    else:
        rows = [
            (r.indicator, r.level, r.label, r.points, r.unit, r.cap, r.provenance.doc_number)
            for r in table.rules
        ]
        typer.echo(
            render_table(("indicator", "level", "label", "points", "unit", "cap", "文号"), rows)
        )
        if not rows:
            typer.echo(f"no point rules in force on {day.isoformat()}", err=True)


@app.command()
def changes(
    source: SourceOpt = None,
    since: Annotated[str | None, typer.Option(help="YYYY-MM-DD", metavar="DATE")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    format: ListFormat = ListFormat.table,
) -> None:
    """Published change events, newest first, with their items."""
    settings = _settings()
    if source is not None:
        _pick(runtime.configured_sources(settings), source)
    start = None
    if since is not None:
        start = datetime.combine(_parse_day(since, "--since"), datetime.min.time(), tzinfo=UTC)
    store = runtime.open_store(settings)
    events = store.changes(source_id=source, since=start, limit=limit)
    if format is ListFormat.json:
        _echo_json([ChangePublic.from_record(e).model_dump(mode="json") for e in events])
        return
    for event in events:
        typer.echo(
            f"#{event.id} {event.observed_at:%Y-%m-%d} [{event.classification.value}] "
            f"({event.source_id}) {event.title}"
        )
        for item in event.items:
            typer.echo(
                f"    - {item.detail or item.subject}"
                + (f" — {item.impact}" if item.impact else "")
            )


@app.command()
def feed(
    format: FeedFormat = FeedFormat.atom,
    source: SourceOpt = None,
) -> None:
    """The change feed document on stdout."""
    settings = _settings()
    sources = runtime.configured_sources(settings)
    store = runtime.open_store(settings)
    if source is not None:
        _pick(sources, source)
    kind: FeedKind = "atom" if format is FeedFormat.atom else "rss"
    body = render_feed(store, settings, sources, kind=kind, source_id=source)
    sys.stdout.buffer.write(body)


@app.command("import")
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
        str, typer.Option("--wayback-base", help="Wayback (and CDX) server to ask.")
    ] = WAYBACK_BASE,
) -> None:
    """Import saved captures through the same parsers, gates and diffs as a live check."""
    settings = _settings()
    sources = runtime.configured_sources(settings)
    src = _pick(sources, source)
    store = runtime.open_store(settings)
    runtime.register_sources(store, sources)
    when = _parse_moment(observed_at) if observed_at else None
    files = files or []
    if warc or from_wayback:
        archive = ArchiveRequest(files, from_wayback, wayback_base)
        typer.echo(_import_archives(settings, store, sources, src, archive))
        files = []
    recorder = runtime.offline_pipeline(store, sources)
    for path in files:
        for line in import_file(recorder, src, path, observed_at=when, url=url):
            typer.echo(line)
    runtime.export_tables(store, sources, settings)


@dataclasses.dataclass(frozen=True)
class ArchiveRequest:
    warcs: list[Path]
    wayback_url: str | None
    wayback_base: str


def _import_archives(
    settings: Settings,
    store: Store,
    sources: tuple[Source, ...],
    src: Source,
    req: ArchiveRequest,
) -> str:
    """`--warc` / `--from-wayback`: archived captures in observed order (service.backfill)."""
    if req.wayback_url is None:
        return backfill_warc(runtime.offline_pipeline(store, sources), src, req.warcs).line()

    async def from_wayback() -> str:
        async with runtime.open_pipeline(settings, store, sources) as live:
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


@app.command()
def export(
    out: Annotated[Path, typer.Option(help="Directory for rules.json, rules.csv, catalogues.")],
    as_of: AsOfOpt = None,
) -> None:
    """Write the rule tables in force as JSON and CSV files."""
    settings = _settings()
    store = runtime.open_store(settings)
    written = runtime.write_tables(
        store, runtime.configured_sources(settings), out, _parse_day(as_of, "--as-of")
    )
    for path in written:
        typer.echo(str(path))


@app.command()
def score(
    profile: Annotated[Path, typer.Argument(help="A profile file (TOML or JSON).")],
    as_of: AsOfOpt = None,
    changes_since: Annotated[
        str | None,
        typer.Option("--changes-since", help="Also say how changes since DATE moved the total."),
    ] = None,
    format: ListFormat = ListFormat.table,
) -> None:
    """Score a profile against the rules and catalogues in force on a date."""
    settings = _settings()
    try:
        person = load_profile(profile)
    except ProfileError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    day = _parse_day(as_of, "--as-of")
    store = runtime.open_store(settings)
    sources = runtime.configured_sources(settings)
    result = score_as_of(store, sources, person, day)
    since = _parse_day(changes_since, "--changes-since") if changes_since else None
    delta = changes_since_of(store, sources, person, since, day) if since else None
    if format is ListFormat.json:
        data = result_to_json(result)
        if delta is not None and since is not None:
            data["changes_since"] = delta_to_json(delta, since)
        _echo_json(data)
        return
    typer.echo(result_to_text(result))
    if delta is not None and since is not None:
        typer.echo(delta_to_text(delta, since))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Default JIFEN_HOST or 127.0.0.1.")] = None,
    port: Annotated[int | None, typer.Option(help="Default JIFEN_PORT or 8000.")] = None,
) -> None:
    """Run the scheduler and the HTTP API, feeds and pages until SIGINT/SIGTERM."""
    from service.serve import serve as serve_forever

    settings = _settings()
    overrides: dict[str, Any] = {}
    if host is not None:
        overrides["host"] = host
    if port is not None:
        overrides["port"] = port
    if overrides:
        settings = dataclasses.replace(settings, **overrides)
        if "JIFEN_PUBLIC_URL" not in os.environ:
            settings = dataclasses.replace(
                settings, public_url=f"http://{settings.host}:{settings.port}"
            )
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    asyncio.run(serve_forever(settings))


@sources_app.command("validate")
def sources_validate(
    path: Annotated[
        Path | None, typer.Argument(help="Default: JIFEN_SOURCES or the bundled file.")
    ] = None,
) -> None:
    """Check a sources file and name every bad field."""
    target = path or _settings().sources_path
    problems = validate_sources(target)
    for problem in problems:
        typer.echo(problem, err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo(f"{target}: ok")


@sources_app.command("list")
def sources_list() -> None:
    """The configured sources."""
    sources = runtime.configured_sources(_settings())
    rows = [(s.id, s.kind.value, s.schedule or "default", s.url) for s in sources]
    typer.echo(render_table(("id", "kind", "schedule", "url"), rows))


def _pick(sources: tuple[Any, ...], source_id: str) -> Any:
    try:
        return source_by_id(sources, source_id)
    except KeyError as exc:
        raise typer.BadParameter(str(exc.args[0]), param_hint="--source") from None


def _parse_moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date or time", param_hint="--observed-at"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def main() -> None:
    try:
        app()
    except SourceConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from None

"""Commands that read what is recorded: the catalogue, the rules, the changes, the feed."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from service.cli.messages import no_changes
from service.cli.options import (
    AsOfOpt,
    ListFormat,
    SourceOpt,
    TableFormat,
    echo_json,
    parse_day,
    pick,
    recorded_store,
    settings,
)
from words import N_, badge, shanghai, translate

if TYPE_CHECKING:
    from scoring.records import RuleTable
    from service.present.feed import FeedKind


class FeedFormat(StrEnum):
    atom = "atom"
    rss = "rss"


class Timeline(StrEnum):
    effective = "effective"
    observed = "observed"


def catalogue(
    source: Annotated[
        str, typer.Option("--source", help="目录数据源编号 · A catalogue source id.")
    ],
    as_of: AsOfOpt = None,
    timeline: Timeline = Timeline.effective,
    format: TableFormat = TableFormat.table,
) -> None:
    """某日生效的目录（按页面自身日期，否则按发现日期）·
    The catalogue in force on a date (by the page's own date, else when it was observed)."""
    from scoring.export import catalogue_to_csv
    from scoring.tables import build_rule_table
    from service import runtime
    from service.http.api.catalogues import catalogue_public
    from service.present.catalogue import Missing, catalogue_in_force
    from service.present.textable import render_table

    config = settings()
    chosen = pick(runtime.configured_sources(config), source)
    day = parse_day(as_of, "--as-of")
    store = recorded_store(config)
    version = catalogue_in_force(store, chosen, day, timeline.value)
    if isinstance(version, Missing):
        typer.echo(version.message, err=True)
        raise typer.Exit(1)
    assert version.document.catalogue is not None  # catalogue_in_force answers only such
    if format is TableFormat.json:
        echo_json(catalogue_public(version, day, timeline.value).model_dump(mode="json"))
        return
    table = build_rule_table([version], day)
    if format is TableFormat.csv:
        typer.echo(catalogue_to_csv(table.catalogues[0]), nl=False)
        return
    meta = version.meta
    typer.echo(
        translate(
            "%(source)s: %(count)s entries, in force from %(day)s (%(number)s; observed %(seen)s)",
            source=source,
            count=len(version.document.catalogue.trades),
            day=version.in_force_on,
            number=meta.doc_number or translate("no 文号"),
            seen=shanghai(version.observed_at),
        )
    )
    rows = [
        (t.number or i, t.name, "/".join(t.aliases), t.code or "")
        for i, t in enumerate(version.document.catalogue.trades, start=1)
    ]
    typer.echo(render_table([translate(h) for h in _CATALOGUE_HEADER], rows))


_CATALOGUE_HEADER = ("#", N_("name"), N_("aliases"), N_("code"))
_RULES_HEADER = (N_("indicator"), N_("level"), N_("label"), N_("points"), N_("unit"), N_("cap"))


def rules(as_of: AsOfOpt = None, format: TableFormat = TableFormat.table) -> None:
    """某日生效的积分规则表 · The rule tables in force on a date."""
    from scoring.export import rule_table_to_json, rules_to_csv
    from service import runtime
    from service.present.rules import rule_table_as_of
    from service.present.textable import render_table

    config = settings()
    day = parse_day(as_of, "--as-of")
    store = recorded_store(config)
    table = rule_table_as_of(store, runtime.configured_sources(config), day)
    if format is TableFormat.json:
        echo_json(rule_table_to_json(table))
    elif format is TableFormat.csv:
        typer.echo(rules_to_csv(table), nl=False)
    else:
        rows = [
            (r.indicator, r.level, r.label, r.points, r.unit, r.cap, r.provenance.doc_number)
            for r in table.rules
        ]
        header = [*(translate(h) for h in _RULES_HEADER), translate("document number (文号)")]
        typer.echo(render_table(header, rows))
        if not rows:
            said = translate("no point rules in force on %(day)s", day=day.isoformat())
            typer.echo(said, err=True)
        for line in unread_lines(table):
            typer.echo(line)


def unread_lines(table: RuleTable) -> list[str]:
    """The items stated but not read, and where the documents were found."""
    from scoring.apply import rule_name
    from scoring.results import missing_what

    lines = [
        translate(
            "not read: %(rule)s %(clause)s (%(what)s)",
            rule=rule_name(u.indicator, u.level),
            clause=u.clause or "—",
            what=missing_what(u.missing),
        )
        for u in table.unread
    ]
    documents = dict.fromkeys(
        [r.provenance for r in table.rules] + [u.provenance for u in table.unread]
    )
    return lines + [translate("source: %(document)s", document=p.describe()) for p in documents]


def changes(
    source: SourceOpt = None,
    since: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD（上海时间 · Shanghai time）", metavar="DATE")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
    format: ListFormat = ListFormat.table,
) -> None:
    """已发布的变更，最新在前，附各项明细 ·
    Published change events, newest first, with their items."""
    from service import runtime
    from service.http.api.schemas import ChangePublic

    config = settings()
    if source is not None:
        pick(runtime.configured_sources(config), source)
    start = None
    if since is not None:
        start = datetime.combine(parse_day(since, "--since"), datetime.min.time(), tzinfo=UTC)
    store = recorded_store(config)
    events = store.changes(source_id=source, since=start, limit=limit)
    if format is ListFormat.json:
        echo_json([ChangePublic.from_record(e).model_dump(mode="json") for e in events])
        return
    if not events:
        typer.echo(no_changes(since))
    for event in events:
        seen, kind = shanghai(event.observed_at), badge(event.classification)
        typer.echo(f"#{event.id} {seen} [{kind}] ({event.source_id}) {event.title}")
        for item in event.items:
            typer.echo(
                f"    - {item.detail or item.subject}"
                + (f" — {item.impact}" if item.impact else "")
            )


def feed(format: FeedFormat = FeedFormat.atom, source: SourceOpt = None) -> None:
    """在标准输出打印变更订阅源（Atom/RSS）· The change feed document on stdout."""
    from service import runtime
    from service.present.feed import render_feed

    config = settings()
    sources = runtime.configured_sources(config)
    store = recorded_store(config)
    if source is not None:
        pick(sources, source)
    kind: FeedKind = "atom" if format is FeedFormat.atom else "rss"
    body = render_feed(store, config, sources, kind=kind, source_id=source)
    sys.stdout.buffer.write(body)

"""`jifen score` and `jifen export`: a profile's points, and the rule tables as files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from service.cli.messages import ExitCode
from service.cli.options import (
    AsOfOpt,
    ListFormat,
    echo_json,
    parse_day,
    recorded_store,
    settings,
)
from words import translate


def score(
    profile: Annotated[
        Path, typer.Argument(help="申请人信息文件（TOML 或 JSON）· A profile file (TOML or JSON).")
    ],
    as_of: AsOfOpt = None,
    changes_since: Annotated[
        str | None,
        typer.Option(
            "--changes-since",
            help="并说明该日期以来的变更如何改变总分 · "
            "Also say how changes since DATE moved the total.",
        ),
    ] = None,
    format: ListFormat = ListFormat.table,
) -> None:
    """按某日生效的规则和目录计算积分 ·
    Score a profile against the rules and catalogues in force on a date."""
    from scoring.profile import ProfileError, load_profile
    from service import runtime
    from service.http.api.score_schemas import score_public
    from service.present.score import changes_since as changes_since_of
    from service.present.score import (
        delta_to_json,
        delta_to_text,
        result_to_json,
        result_to_text,
        score_as_of,
    )

    config = settings()
    try:
        person = load_profile(profile)
    except ProfileError as exc:
        typer.echo(translate("error: %(what)s", what=exc), err=True)
        raise typer.Exit(ExitCode.USAGE) from None
    day = parse_day(as_of, "--as-of")
    store = recorded_store(config)
    sources = runtime.configured_sources(config)
    result = score_as_of(store, sources, person, day)
    since = parse_day(changes_since, "--changes-since") if changes_since else None
    delta = changes_since_of(store, sources, person, since, day) if since else None
    if format is ListFormat.json:
        moved = delta_to_json(delta, since) if delta is not None and since is not None else None
        echo_json(score_public(result_to_json(result), moved).model_dump(mode="json"))
        return
    typer.echo(result_to_text(result))
    if delta is not None and since is not None:
        typer.echo(delta_to_text(delta, since))


def export(
    out: Annotated[
        Path,
        typer.Option(
            help="写入 rules.json、rules.csv 和目录的文件夹 · "
            "Directory for rules.json, rules.csv, catalogues."
        ),
    ],
    as_of: AsOfOpt = None,
) -> None:
    """把生效的规则表写成 JSON 和 CSV 文件 ·
    Write the rule tables in force as JSON and CSV files."""
    from service import runtime

    config = settings()
    store = recorded_store(config)
    written = runtime.write_tables(
        store, runtime.configured_sources(config), out, parse_day(as_of, "--as-of")
    )
    for path in written:
        typer.echo(str(path))

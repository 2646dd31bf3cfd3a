"""`jifen subscribe`, `jifen subscriptions list | remove`, `jifen deliver`: subscriptions from
the command line (made active at once: whoever runs the CLI runs the deployment)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from service.cli.options import ListFormat, SourceOpt, echo_json, settings
from store.notify_records import Channel, Digest, Filter, ItemKind, Language, NewSubscription
from words import translate


def subscribe(
    *,
    email: Annotated[str | None, typer.Option("--email", metavar="ADDR")] = None,
    webhook: Annotated[str | None, typer.Option("--webhook", metavar="URL")] = None,
    secret: Annotated[
        str | None,
        typer.Option(
            "--secret",
            help="Webhook 的 HMAC 密钥，默认随机生成 · Webhook HMAC key; default: a random one.",
        ),
    ] = None,
    apprise: Annotated[
        str | None,
        typer.Option("--apprise", metavar="URL", help="任一 apprise 地址 · Any apprise URL."),
    ] = None,
    source: SourceOpt = None,
    trade: Annotated[
        str | None,
        typer.Option(
            "--trade", metavar="NAME", help="该工种用过的任一名称 · Any name the trade bore."
        ),
    ] = None,
    indicator: Annotated[
        str | None,
        typer.Option(
            "--indicator", metavar="ID[:LEVEL]", help="指标[:等级]，例如 SKILL:3 · e.g. SKILL:3"
        ),
    ] = None,
    kind: Annotated[ItemKind | None, typer.Option("--kind")] = None,
    digest: Annotated[Digest, typer.Option("--digest")] = Digest.INSTANT,
    rules_only: Annotated[
        bool,
        typer.Option(
            "--rules-only",
            help="只要规则变化，不要措辞变化 · Rule changes only, no wording changes.",
        ),
    ] = False,
    language: Annotated[Language, typer.Option("--language")] = Language.ZH,
) -> None:
    """订阅变更通知，打印新订阅的编号 ·
    Subscribe a channel to changes; prints the new subscription's id."""
    channel, target = _channel(email, webhook, apprise)
    wanted = Filter(source, trade, *_indicator(indicator), kind, include_wording=not rules_only)
    _subscribe(NewSubscription(channel, target, wanted, digest, language, secret=secret))


def _indicator(text: str | None) -> tuple[str | None, str | None]:
    from notify.filters import parse_indicator

    if text is None:
        return None, None
    try:
        return parse_indicator(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--indicator") from None


def _subscribe(asked: NewSubscription) -> None:
    from notify.subscribe import SubscriptionError, check_subscription
    from service import runtime

    config = settings()
    source_ids = {s.id for s in runtime.configured_sources(config)}
    try:
        checked = check_subscription(asked, source_ids, config.outbound)
    except SubscriptionError as exc:
        typer.echo(translate("error: %(what)s", what=exc), err=True)
        raise typer.Exit(2) from None
    store = runtime.open_store(config)
    try:
        made = store.notify.subscribe(checked, datetime.now(UTC))
    finally:
        store.close()
    if asked.channel is Channel.WEBHOOK and not asked.secret:
        said = translate("webhook secret (shown once): %(secret)s", secret=checked.secret)
        typer.echo(said, err=True)
    typer.echo(str(made.id))


def _channel(email: str | None, webhook: str | None, apprise: str | None) -> tuple[Channel, str]:
    given = [
        (channel, value)
        for channel, value in (
            (Channel.EMAIL, email),
            (Channel.WEBHOOK, webhook),
            (Channel.APPRISE, apprise),
        )
        if value
    ]
    if len(given) != 1:
        raise typer.BadParameter("give exactly one of --email, --webhook, --apprise")
    return given[0]


def list_(format: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table) -> None:
    """全部订阅（不显示密钥）· The subscriptions (secrets are never shown)."""
    from service import runtime
    from service.present.subscriptions import subscription_json, subscription_row
    from service.present.textable import render_table

    store = runtime.open_store(settings())
    try:
        found = store.notify.subscriptions()
    finally:
        store.close()
    if format is ListFormat.json:
        echo_json([subscription_json(s) for s in found])
        return
    headers = ("id", "channel", "target", "filter", "digest", "status")
    typer.echo(render_table(headers, [subscription_row(s) for s in found]))


def remove(subscription_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """删除订阅，尚未发送的通知不再发送 ·
    Remove a subscription; what it still had queued is not sent."""
    from service import runtime

    store = runtime.open_store(settings())
    try:
        found = store.notify.unsubscribe(subscription_id, datetime.now(UTC))
    finally:
        store.close()
    if not found:
        said = translate("error: no subscription %(id)s", id=subscription_id)
        typer.echo(said, err=True)
        raise typer.Exit(1)
    typer.echo(translate("removed %(id)s", id=subscription_id))


def deliver() -> None:
    """立即发送到期的通知一次（供 cron 使用）· Send what is due now once (for cron);
    `jifen serve` delivers continuously. With JIFEN_OPERATOR_NOTIFY set, operator incidents are
    looked for first."""
    import asyncio

    from service import runtime
    from service.notifying import deliver_once, look_for_incidents

    config = settings()
    store = runtime.open_store(config)
    try:
        runtime.register_operator(store, config)
        if config.notify.operator_notify:
            look_for_incidents(config, store, runtime.configured_sources(config))
        report = asyncio.run(deliver_once(config, store))
    finally:
        store.close()
    typer.echo(report.line())

"""Builds the long-lived pieces from settings: the store, the sources, the pipeline, exports."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from notify.alerts import operator_channel
from notify.records import DeliveryConfig
from scraper.fetch import FetchLimits, make_client
from scraper.limits import USER_AGENT, HostPacer
from scraper.records import Source, SourceKind
from scraper.robots import RobotsPolicy
from scraper.sources import load_sources
from service import exports
from service.pipeline.cycle import Pipeline
from service.pipeline.impact import impact_of_changes
from service.pipeline.readers import ReaderPool
from service.pipeline.record import CheckHook, Recorder
from service.pipeline.writers import InlineWriters, Writers
from service.pipeline.writes import WriteHealth
from service.present.rules import rule_table_as_of
from service.settings import Settings, SettingsError
from store.store import Store, StoreConfigError, StoreUnavailable, shown_url
from words import shanghai_today


def delivery_config(settings: Settings) -> DeliveryConfig:
    wanted = settings.notify
    return DeliveryConfig(
        public_url=settings.public_url,
        smtp_url=wanted.smtp_url,
        mail_from=wanted.mail_from,
        outbound=settings.outbound,
        timeout_seconds=wanted.timeout_seconds,
        max_attempts=wanted.max_attempts,
        backoff_seconds=wanted.backoff_seconds,
        lease_seconds=wanted.lease_seconds,
        feed_domain=settings.feed_domain,
    )


def register_operator(store: Store, settings: Settings) -> None:
    """The operator channel of JIFEN_OPERATOR_NOTIFY, kept as the one operator subscription."""
    url = settings.notify.operator_notify
    if url:
        channel, target = operator_channel(url)
        secret = settings.notify.operator_secret
        store.notify.set_operator(channel, target, secret, datetime.now(UTC))


def open_store(settings: Settings, register: Sequence[Source] = ()) -> Store:
    """The store at the configured URL, migrated, with the `register` sources upserted (the
    first write: a read-only database fails here). A database that cannot be opened or written
    is a SettingsError naming the setting: "JIFEN_DATABASE_URL: cannot open …: connection
    refused"."""
    try:
        store = Store(settings.database_url)
        register_sources(store, register)
        return store
    except StoreConfigError as error:
        raise SettingsError(f"{settings.database_setting}: {error}") from None
    except StoreUnavailable as error:
        shown = shown_url(settings.database_url)
        raise SettingsError(
            f"{settings.database_setting}: cannot open {shown}: {error.reason}"
        ) from None


def configured_sources(settings: Settings) -> tuple[Source, ...]:
    return load_sources(settings.sources_path)


def register_sources(store: Store, sources: Sequence[Source]) -> None:
    store.upsert_sources(sources)


def fetch_limits(settings: Settings) -> FetchLimits:
    """The fetch bounds for this deployment; its contact, when given, goes into the User-Agent so
    the site's operators can reach whoever runs the checks."""
    agent = USER_AGENT
    if settings.user_agent_contact:
        agent = f"{USER_AGENT.removesuffix(')')}; contact: {settings.user_agent_contact})"
    return replace(
        FetchLimits(),
        per_host_delay_seconds=settings.per_host_delay_seconds,
        user_agent=agent,
        outbound=settings.outbound,
    )


def recorder_for(
    store: Store,
    sources: Sequence[Source],
    *,
    on_check: CheckHook | None = None,
    writes: WriteHealth | None = None,
) -> Recorder:
    """The recorder, with each published change told who it affects under the rules in force.

    Only points sources are read for that: an impact needs the point rules, not the catalogues,
    and a cycle over many catalogue sources must not read every one of them per change.
    """
    points = [s for s in sources if s.kind is SourceKind.POINTS]
    impact = impact_of_changes(lambda: rule_table_as_of(store, points, shanghai_today()))
    return Recorder(store=store, impact=impact, on_check=on_check, writes=writes)


@asynccontextmanager
async def open_pipeline(
    settings: Settings,
    store: Store,
    sources: Sequence[Source],
    *,
    limits: FetchLimits | None = None,
    on_check: CheckHook | None = None,
    writes: WriteHealth | None = None,
    writers: Writers | None = None,
) -> AsyncIterator[Pipeline]:
    """A pipeline with its own HTTP client and reader processes, closed on exit; its checks
    are written by `writers` (in the calling thread when None)."""
    limits = limits or fetch_limits(settings)
    pacer = HostPacer(limits.per_host_delay_seconds)
    readers = ReaderPool(timeout_seconds=settings.read_timeout_seconds)
    async with make_client(limits) as client, readers:
        yield Pipeline(
            recorder=recorder_for(store, sources, on_check=on_check, writes=writes),
            client=client,
            limits=limits,
            robots=RobotsPolicy(client, limits, pacer=pacer),
            pacer=pacer,
            readers=readers,
            writers=writers or InlineWriters(),
        )


def write_tables(store: Store, sources: Sequence[Source], out: Path, day: date) -> list[Path]:
    """rules.json, rules.csv, one CSV per catalogue and parameters.csv (when annual parameters
    are in force), as in force on `day`."""
    return exports.write_tables(store, sources, out, day)


def export_tables(store: Store, sources: Sequence[Source], settings: Settings) -> list[Path]:
    """Bring the published tables next to the database up to date after a check or import:
    only what changed is written."""
    return exports.export_changed(store, sources, settings.tables_dir, shanghai_today())

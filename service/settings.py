"""Deployment settings, read from the environment in one place (the only package that does)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from scraper.fetch import is_sendable_header
from scraper.outbound import OutboundPolicy

BUNDLED_SOURCES = Path(__file__).resolve().parent.parent / "sources.toml"
DEFAULT_DATA_DIR = Path("data")


_N = TypeVar("_N", int, float)


class SettingsError(ValueError):
    """An environment variable holds a value jifen cannot use."""


@dataclass(frozen=True, slots=True)
class NotifySettings:
    """Subscriptions and their delivery, and the operator's alerts."""

    smtp_url: str | None = None  # JIFEN_SMTP_URL, e.g. smtp://127.0.0.1:2525
    mail_from: str = "jifen@localhost"
    operator_notify: str | None = None  # mailto:…, http(s)://… (a signed webhook) or apprise
    operator_secret: str | None = None  # signs operator webhooks
    max_attempts: int = 8
    backoff_seconds: float = 30.0
    timeout_seconds: float = 10.0
    lease_seconds: float = 60.0
    poll_seconds: float = 2.0
    subscribe_per_hour: int = 5  # subscription requests one address may make in an hour
    alert_failures: int = 3  # failed checks in a row before a source is an incident
    alert_lease_stale_seconds: float = 300.0  # scheduler lease expired this long: an incident

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> NotifySettings:
        def whole(name: str, default: int, least: int) -> int:
            return _at_least(name, _int(env, name, default), least)

        def number(name: str, default: float, least: int) -> float:
            return _at_least(name, _float(env, name, default), least)

        return cls(
            smtp_url=env.get("JIFEN_SMTP_URL") or None,
            mail_from=env.get("JIFEN_MAIL_FROM") or "jifen@localhost",
            operator_notify=env.get("JIFEN_OPERATOR_NOTIFY") or None,
            operator_secret=env.get("JIFEN_OPERATOR_SECRET") or None,
            max_attempts=whole("JIFEN_DELIVERY_MAX_ATTEMPTS", 8, 1),
            backoff_seconds=number("JIFEN_DELIVERY_BACKOFF_SECONDS", 30.0, 0),
            timeout_seconds=number("JIFEN_DELIVERY_TIMEOUT_SECONDS", 10.0, 0),
            lease_seconds=number("JIFEN_DELIVERY_LEASE_SECONDS", 60.0, 1),
            poll_seconds=number("JIFEN_DELIVERY_POLL_SECONDS", 2.0, 0),
            subscribe_per_hour=whole("JIFEN_SUBSCRIBE_PER_HOUR", 5, 1),
            alert_failures=whole("JIFEN_ALERT_FAILURES", 3, 1),
            alert_lease_stale_seconds=number("JIFEN_ALERT_LEASE_STALE_SECONDS", 300.0, 0),
        )


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    sources_path: Path
    data_dir: Path = DEFAULT_DATA_DIR
    host: str = "127.0.0.1"
    port: int = 8000
    admin_token: str | None = None  # enables POST /v1/sources/{id}/check when set
    public_url: str = "http://127.0.0.1:8000"  # base of links in feeds
    feed_domain: str = "jifen.local"  # tag-URI authority of feed ids; never change once published
    default_schedule: str = "0 */6 * * *"  # cron, UTC
    schedule_jitter_seconds: int = 600
    per_host_delay_seconds: float = 2.0
    user_agent_contact: str = ""
    # Per client: sustained requests a second (0: no limit), the burst allowed before that rate
    # applies, and the largest request body accepted. /healthz and /metrics are never limited.
    rate_limit_per_second: float = 10.0
    rate_limit_burst: int = 100
    max_body_bytes: int = 64 * 1024
    # Private targets fetches may reach (JIFEN_ALLOW_PRIVATE_TARGETS); none by default.
    outbound: OutboundPolicy = field(default_factory=OutboundPolicy)
    # The Internet Archive (CDX index and Wayback replay) asked when an official page refuses on
    # a first start; a test points it at a fake archive on 127.0.0.1.
    archive_base: str = "https://web.archive.org"
    database_url_is_explicit: bool = True  # False: derived from JIFEN_DATA_DIR
    # The longest one page may take to read (decode, parse, hash) before it is given up as
    # `parse_timeout` and its reader process replaced.
    read_timeout_seconds: float = 20.0
    # How long the scheduler lease lives; the leader renews it every third of that.
    lease_seconds: float = 60.0

    @property
    def database_setting(self) -> str:
        """The variable the database URL came from, for messages about it."""
        return "JIFEN_DATABASE_URL" if self.database_url_is_explicit else "JIFEN_DATA_DIR"

    notify: NotifySettings = NotifySettings()

    @property
    def tables_dir(self) -> Path:
        """Where the regenerated rule tables (JSON, CSV) are written after each change."""
        return self.data_dir / "tables"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        data_dir = Path(env.get("JIFEN_DATA_DIR", str(DEFAULT_DATA_DIR)))
        url = env.get("JIFEN_DATABASE_URL") or f"sqlite:///{data_dir / 'jifen.db'}"
        port = _int(env, "JIFEN_PORT", 8000)
        host = env.get("JIFEN_HOST", "127.0.0.1")
        return cls(
            database_url=url,
            database_url_is_explicit=bool(env.get("JIFEN_DATABASE_URL")),
            data_dir=data_dir,
            sources_path=Path(env.get("JIFEN_SOURCES") or BUNDLED_SOURCES),
            host=host,
            port=port,
            admin_token=env.get("JIFEN_ADMIN_TOKEN") or None,
            public_url=env.get("JIFEN_PUBLIC_URL", f"http://{host}:{port}").rstrip("/"),
            feed_domain=env.get("JIFEN_FEED_DOMAIN", "jifen.local"),
            archive_base=env.get("JIFEN_ARCHIVE_BASE", "https://web.archive.org").rstrip("/"),
            default_schedule=env.get("JIFEN_DEFAULT_SCHEDULE", "0 */6 * * *"),
            schedule_jitter_seconds=_int(env, "JIFEN_SCHEDULE_JITTER_SECONDS", 600),
            per_host_delay_seconds=_float(env, "JIFEN_PER_HOST_DELAY_SECONDS", 2.0),
            user_agent_contact=_header_text("JIFEN_CONTACT", env.get("JIFEN_CONTACT", "")),
            rate_limit_per_second=_at_least(
                "JIFEN_RATE_LIMIT_PER_SECOND", _float(env, "JIFEN_RATE_LIMIT_PER_SECOND", 10.0), 0
            ),
            rate_limit_burst=_at_least(
                "JIFEN_RATE_LIMIT_BURST", _int(env, "JIFEN_RATE_LIMIT_BURST", 100), 1
            ),
            max_body_bytes=_at_least(
                "JIFEN_MAX_BODY_BYTES", _int(env, "JIFEN_MAX_BODY_BYTES", 64 * 1024), 1
            ),
            outbound=_outbound(env.get("JIFEN_ALLOW_PRIVATE_TARGETS", "")),
            read_timeout_seconds=_at_least(
                "JIFEN_READ_TIMEOUT_SECONDS", _float(env, "JIFEN_READ_TIMEOUT_SECONDS", 20.0), 1
            ),
            lease_seconds=_at_least(
                "JIFEN_LEASE_SECONDS", _float(env, "JIFEN_LEASE_SECONDS", 60.0), 1
            ),
            notify=NotifySettings.from_env(env),
        )


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not an integer") from None


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a number") from None


def _header_text(name: str, value: str) -> str:
    """A value that goes into a request header: printable, one line."""
    if not (is_sendable_header(value) and value.isascii()):
        message = "must be one line of printable ASCII (it is sent in the User-Agent header)"
        raise SettingsError(f"{name}={value!r} {message}")
    return value.strip()


def _outbound(allowed: str) -> OutboundPolicy:
    try:
        return OutboundPolicy.allowing(allowed)
    except ValueError as error:
        raise SettingsError(f"JIFEN_ALLOW_PRIVATE_TARGETS: {error}") from None


def _at_least(name: str, value: _N, least: int) -> _N:
    if not least <= value < float("inf"):  # NaN fails too
        raise SettingsError(f"{name}={value!r} must be a number of at least {least}")
    return value

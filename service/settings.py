"""Deployment settings, read from the environment in one place (the only package that does).

Each setting is one field with its help text; its variable is `JIFEN_` + the field name in upper
case unless the field names another. The README's settings table is generated from these fields
(`settings_table`), and a test fails when the two differ.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from platformdirs import user_data_path
from pydantic import (
    AliasGenerator,
    BeforeValidator,
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)
from pydantic_settings import BaseSettings, InitSettingsSource, NoDecode, SettingsConfigDict

from scraper.fetch import is_sendable_header
from scraper.outbound import OutboundPolicy

BUNDLED_SOURCES = Path(__file__).resolve().parent.parent / "sources.toml"
PREFIX = "JIFEN_"


def default_data_dir() -> Path:
    """The user's data directory for jifen (XDG on Linux: `~/.local/share/jifen`): the same
    from whatever directory a command is run, so every command sees one database."""
    return user_data_path("jifen", appauthor=False)


class SettingsError(ValueError):
    """An environment variable holds a value jifen cannot use."""


@dataclass(frozen=True, slots=True)
class NotifySettings:
    """Subscriptions and their delivery, and the operator's alerts: the notify settings as one
    record for the code that delivers (`Settings.notify`)."""

    smtp_url: str | None = None
    mail_from: str = "jifen@localhost"
    operator_notify: str | None = None
    operator_secret: str | None = None
    max_attempts: int = 8
    backoff_seconds: float = 30.0
    timeout_seconds: float = 10.0
    lease_seconds: float = 60.0
    poll_seconds: float = 2.0
    subscribe_per_hour: int = 5
    alert_failures: int = 3
    alert_lease_stale_seconds: float = 300.0


def _header_text(value: object) -> object:
    """A value that goes into a request header: printable ASCII, one line."""
    if isinstance(value, str) and not (is_sendable_header(value) and value.isascii()):
        raise ValueError(
            "must be one line of printable ASCII (it is sent in the User-Agent header)"
        )
    return value.strip() if isinstance(value, str) else value


def _outbound(value: object) -> object:
    return OutboundPolicy.allowing(value) if isinstance(value, str) else value


class Settings(BaseSettings):
    """Every deployment setting: `Settings.from_env()` reads them once at start."""

    model_config = SettingsConfigDict(
        frozen=True,
        extra="ignore",
        env_ignore_empty=True,  # an empty variable is an unset one
        alias_generator=AliasGenerator(validation_alias=lambda name: PREFIX + name.upper()),
        validate_by_name=True,
        validate_by_alias=True,
        arbitrary_types_allowed=True,
    )

    database_url: str = Field(
        "", description="SQLAlchemy URL; `postgresql://user@host/db` works too"
    )
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="where the SQLite file and the exported tables live",
    )
    sources_path: Path = Field(
        BUNDLED_SOURCES, validation_alias="JIFEN_SOURCES", description="the sources file"
    )
    host: str = Field("127.0.0.1", description="where `jifen serve` listens")
    port: int = Field(8000, ge=0, le=65535, description="the port `jifen serve` listens on")
    public_url: str = Field("", description="base of links in feeds and pages")
    feed_domain: str = Field(
        "jifen.local",
        description="the authority of the feeds' tag-URI entry ids; never change it once "
        "published, or every reader sees every entry again",
    )
    admin_token: str | None = Field(
        None,
        description="enables `POST /v1/sources/{id}/check` and `POST /v1/cycles` (Bearer token)",
    )
    default_schedule: str = Field(
        "0 */6 * * *", description="cron (UTC) for sources without `schedule`"
    )
    schedule_jitter_seconds: int = Field(
        600, ge=0, description="random delay added to each scheduled run"
    )
    per_host_delay_seconds: float = Field(
        2.0, ge=0, allow_inf_nan=False, description="politeness delay between requests to one host"
    )
    user_agent_contact: Annotated[str, BeforeValidator(_header_text)] = Field(
        "",
        validation_alias="JIFEN_CONTACT",
        description="how the site's operators can reach you (an e-mail or URL), added to the "
        "User-Agent",
    )
    rate_limit_per_second: float = Field(
        10.0,
        ge=0,
        allow_inf_nan=False,
        description="requests a second per client, sustained (`0`: no limit); past it and the "
        "burst, 429 with `Retry-After`. `/healthz` and `/metrics` are never limited",
    )
    rate_limit_burst: int = Field(
        100, ge=1, description="requests per client allowed at once before the rate applies"
    )
    max_body_bytes: int = Field(
        64 * 1024, ge=1, description="larger request bodies get 413 before they are read"
    )
    outbound: Annotated[OutboundPolicy, NoDecode, BeforeValidator(_outbound)] = Field(
        default_factory=OutboundPolicy,
        validation_alias="JIFEN_ALLOW_PRIVATE_TARGETS",
        description="private targets fetches may reach, comma-separated: host names, "
        "`host:port`, IP addresses or CIDR networks (`127.0.0.1:8080, intranet.example, "
        "10.1.0.0/16`). Unset, every loopback, private, link-local, CGNAT, multicast and "
        "reserved address is refused, checked after DNS on each request and redirect hop",
    )

    archive_base: str = Field(
        "https://web.archive.org",
        description="the Internet Archive (CDX index and replay) an official page falls back to "
        "on a first start",
    )
    read_timeout_seconds: float = Field(
        20.0,
        ge=1,
        allow_inf_nan=False,
        description="the longest one page may take to read (decode, parse) in its reader "
        "process; past it the check is `suspect` (`parse_timeout`) and the process is replaced",
    )
    lease_seconds: float = Field(
        60.0,
        ge=1,
        allow_inf_nan=False,
        description="how long the scheduler lease lives: the leader renews it every third, "
        "steps down a quarter before it ends when it cannot, and a standby takes over once it "
        "has expired",
    )
    smtp_url: str | None = Field(
        None,
        description="the mail server: `smtp://host:port`, `smtp+starttls://user:pass@host:587`, "
        "`smtps://user:pass@host:465`; unset, no e-mail is sent",
    )
    mail_from: str = Field("jifen@localhost", description="the sender of every mail")
    operator_notify: str | None = Field(
        None,
        description="the operator's channel for alerts: `mailto:ops@example.org`, an `https://` "
        "webhook, or any apprise URL",
    )
    operator_secret: str | None = Field(None, description="the HMAC key of an operator webhook")
    delivery_max_attempts: int = Field(
        8, ge=1, description="attempts before a delivery is given up (dead letter)"
    )
    delivery_backoff_seconds: float = Field(
        30.0,
        ge=0,
        allow_inf_nan=False,
        description="the first retry's wait; it doubles per attempt (±50 % jitter, at most "
        "6 h); a receiver's `Retry-After` wins",
    )
    delivery_timeout_seconds: float = Field(
        10.0, ge=0, allow_inf_nan=False, description="connect and read timeout of one send"
    )
    delivery_lease_seconds: float = Field(
        60.0,
        ge=1,
        allow_inf_nan=False,
        description="how long a claimed delivery is held before another process may retake it "
        "(its worker died)",
    )
    delivery_poll_seconds: float = Field(
        2.0,
        ge=0,
        allow_inf_nan=False,
        description="how often `jifen serve` looks for due deliveries",
    )
    subscribe_per_hour: int = Field(
        5,
        ge=1,
        description="subscription requests one address may make in an hour (pages and "
        "unauthenticated API)",
    )
    alert_failures: int = Field(
        3, ge=1, description="failed checks in a row before a source is an operator incident"
    )
    alert_lease_stale_seconds: float = Field(
        300.0,
        ge=0,
        allow_inf_nan=False,
        description="how long the scheduler lease may stay expired before it is an incident",
    )

    _database_url_derived: bool = PrivateAttr(default=False)

    @model_validator(mode="after")
    def _derived(self) -> Settings:
        """Defaults that follow other settings: the database in the data directory, the public
        URL at the listening address."""
        if not self.database_url:
            self._database_url_derived = True
            object.__setattr__(self, "database_url", f"sqlite:///{self.data_dir / 'jifen.db'}")
        public = self.public_url or f"http://{self.host}:{self.port}"
        object.__setattr__(self, "public_url", public.rstrip("/"))
        return self

    @property
    def database_setting(self) -> str:
        """The variable the database URL came from, for messages about it."""
        return "JIFEN_DATA_DIR" if self._database_url_derived else "JIFEN_DATABASE_URL"

    @property
    def notify(self) -> NotifySettings:
        return NotifySettings(
            smtp_url=self.smtp_url,
            mail_from=self.mail_from,
            operator_notify=self.operator_notify,
            operator_secret=self.operator_secret,
            max_attempts=self.delivery_max_attempts,
            backoff_seconds=self.delivery_backoff_seconds,
            timeout_seconds=self.delivery_timeout_seconds,
            lease_seconds=self.delivery_lease_seconds,
            poll_seconds=self.delivery_poll_seconds,
            subscribe_per_hour=self.subscribe_per_hour,
            alert_failures=self.alert_failures,
            alert_lease_stale_seconds=self.alert_lease_stale_seconds,
        )

    @property
    def tables_dir(self) -> Path:
        """Where the regenerated rule tables (JSON, CSV) are written after each change."""
        return self.data_dir / "tables"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings of the process environment, or of `env` alone (tests); SettingsError
        names the first variable that cannot be used."""
        try:
            if env is None:
                return cls()
            given = {k: v for k, v in env.items() if k.startswith(PREFIX) and v != ""}
            return cls(_build_sources=((InitSettingsSource(cls, given),), {}))
        except ValidationError as error:
            raise _settings_error(error, os.environ if env is None else env) from None


def variable(name: str) -> str:
    """The environment variable of the setting `name`."""
    alias = Settings.model_fields[name].validation_alias
    return alias if isinstance(alias, str) else PREFIX + name.upper()


def _settings_error(error: ValidationError, env: Mapping[str, str]) -> SettingsError:
    first = error.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else ""
    var = name if name.startswith(PREFIX) else variable(name) if name else "the environment"
    message = first["msg"].removeprefix("Value error, ")
    value = env.get(var, first.get("input"))
    return SettingsError(f"{var}={value!r} cannot be used: {message[:1].lower()}{message[1:]}")


_SHOWN_DEFAULTS = {
    "database_url": "`jifen.db` in `JIFEN_DATA_DIR` (SQLite)",
    "data_dir": "the user data directory: `~/.local/share/jifen` on Linux (`$XDG_DATA_HOME/jifen`)",
    "sources_path": "the bundled `sources.toml`",
    "public_url": "`http://HOST:PORT`",
}


def settings_table() -> str:
    """The README's table of settings: each variable, its default, its help text."""
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for name, info in Settings.model_fields.items():
        lines.append(
            f"| `{variable(name)}` | {_shown_default(name, info.default)} | {info.description} |"
        )
    return "\n".join(lines) + "\n"


def _shown_default(name: str, default: Any) -> str:
    if name in _SHOWN_DEFAULTS:
        return _SHOWN_DEFAULTS[name]
    if default in (None, "") or name == "outbound":
        return "unset"
    return f"`{default}`"

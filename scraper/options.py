"""What a source may say in its `options`, declared once: one pydantic model per source kind.

Loading `sources.toml` refuses an unknown key or a bad value by name; the README's option table
is generated from these declarations (`options_table`), so an option cannot go undocumented.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic.fields import FieldInfo

from scraper.outbound import bare_host

ROUTE_PREFIX = "route."
_LIST_SEPARATOR = re.compile(r"[,，;；]")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


class OptionError(ValueError):
    """A problem of one option found while checking several together; `option` names it."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


class RedirectScope(StrEnum):
    HOST = "host"  # the same host and port
    DOMAIN = "domain"  # any host of the same registrable domain, on an allowed port


def _listed(value: object) -> object:
    """A list given as a TOML array, or as one string separated by commas (or ，;；)."""
    if not isinstance(value, str):
        return value
    parts = tuple(part.strip() for part in _LIST_SEPARATOR.split(value))
    if not value.strip():
        return ()
    if not all(parts):
        raise ValueError(f"{value!r} has an empty item; separate the items with ','")
    return parts


def _host_name(value: str) -> str:
    host = bare_host(value.strip())
    if not host or any(ch in host for ch in "/@:[] ") or not host.isascii():
        raise ValueError(f"{value!r} is not a host name; list names like 'www.shanghai.gov.cn'")
    return host


def _hosts(value: object) -> object:
    listed = _listed(value)
    if isinstance(listed, list | tuple):
        return tuple(_host_name(str(item)) for item in listed)
    return listed


def _source_id(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(f"{value!r} is not a source id")
    return value


Words = Annotated[tuple[str, ...], BeforeValidator(_listed)]
Hosts = Annotated[tuple[str, ...], BeforeValidator(_hosts)]
Ports = Annotated[tuple[Annotated[int, Field(ge=1, le=65535)], ...], BeforeValidator(_listed)]
SourceId = Annotated[str, BeforeValidator(_source_id)]


class SourceOptions(BaseModel):
    """Options every kind of source takes: where its requests may go and where they must land."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    hosts: Hosts = Field(
        (),
        description="other hosts its listing links, attachments and redirects may reach "
        '(`hosts = "www.shanghai.gov.cn"`)',
    )
    ports: Ports = Field(
        (), description='ports besides 80, 443 and the URL\'s own (`ports = "8443"`)'
    )
    redirect_scope: RedirectScope = Field(
        RedirectScope.HOST,
        description="`domain` follows redirects anywhere in the URL's registrable domain "
        "(`rsj.sh.gov.cn` → any `*.sh.gov.cn`); `host` keeps them on its own site",
    )
    expect_path: re.Pattern[str] | None = Field(
        None,
        description="a regular expression the path a redirect lands on must match; it replaces "
        "the generic error-page signatures",
    )


class ArchiveFallback(StrEnum):
    WAYBACK = "wayback"  # the Internet Archive's Wayback Machine (CDX index and replay)


class PageOptions(SourceOptions):
    """Options of a source with a document of its own: a catalogue or a points page."""

    fed_by: SourceId | None = Field(
        None,
        description="the index source whose notices feed this source; it is then never fetched "
        "by itself (its `url` is only where its documents are listed)",
    )
    archive_urls: Words = Field(
        (),
        description="other addresses of the same document, also imported from WARC files by "
        "`jifen import --warc`",
    )
    archive_fallback: ArchiveFallback | None = Field(
        None,
        description="`wayback`: on a first start, when the official page refuses, cannot be "
        "reached or is gone, its captures in the Internet Archive are imported instead, and the "
        "source's health says so",
    )


class CatalogueOptions(PageOptions):
    """A catalogue whose table headers the built-in patterns do not know declares its columns."""

    name_column: str | None = Field(
        None,
        description="header of the name column, as published (required when any other "
        "`*_column` is given); compared without spaces and width differences",
    )
    code_column: str | None = Field(None, description="header of the code column")
    alias_column: str | None = Field(
        None, description='header of the former names, split on "/", "、", "；"'
    )
    attribute_columns: Words = Field(
        (), description="headers kept as attributes under their own names, comma-separated"
    )
    number_column: str | None = Field(None, description="header of the serial number (序号)")

    @model_validator(mode="after")
    def _named(self) -> CatalogueOptions:
        for key in ("name_column", "code_column", "alias_column", "number_column"):
            value = getattr(self, key)
            if value is not None and not value.strip():
                raise OptionError(key, "is empty; give the header text as published")
        given = [k for k in ("code_column", "alias_column", "number_column") if getattr(self, k)]
        if self.attribute_columns:
            given.append("attribute_columns")
        if given and self.name_column is None:
            raise OptionError(
                "name_column", f"is missing; the mapping options ({', '.join(given)}) need it"
            )
        return self


class PointsOptions(PageOptions):
    """A points table or a rule document (办法 / 细则) takes the page options only."""


def _route_field(kind: str, what: str) -> Any:
    """One of the three options that route a kind of notice: its words, its pattern, its target."""
    if what == "keywords":
        words = f"notices whose title holds one of these words feed `target_{kind}`"
        return Field((), description=words)
    if what == "pattern":
        return Field(None, description=f"a regular expression on the title, as `{kind}_keywords`")
    return Field(None, description=f"the id of the source its {kind} notices feed")


class IndexOptions(SourceOptions):
    """A column listing: how many pages to read, and which notices feed which source."""

    max_pages: int = Field(5, ge=1, le=100, description="listing pages read per check")
    catalogue_keywords: Words = _route_field("catalogue", "keywords")
    catalogue_pattern: re.Pattern[str] | None = _route_field("catalogue", "pattern")
    target_catalogue: SourceId | None = _route_field("catalogue", "target")
    points_keywords: Words = _route_field("points", "keywords")
    points_pattern: re.Pattern[str] | None = _route_field("points", "pattern")
    target_points: SourceId | None = _route_field("points", "target")
    measures_keywords: Words = _route_field("measures", "keywords")
    measures_pattern: re.Pattern[str] | None = _route_field("measures", "pattern")
    target_measures: SourceId | None = _route_field("measures", "target")
    extension_keywords: Words = _route_field("extension", "keywords")
    extension_pattern: re.Pattern[str] | None = _route_field("extension", "pattern")
    target_extension: SourceId | None = _route_field("extension", "target")
    ignore_keywords: Words = Field(
        (), description="notices whose title holds one of these words feed nothing"
    )
    route: Mapping[SourceId, Words] = Field(
        {},
        description='`"route.<source id>" = "kw1,kw2"`: notices whose title holds one of the '
        "words feed that source (several targets, each its own keywords)",
    )

    @model_validator(mode="before")
    @classmethod
    def _gather_routes(cls, data: Any) -> Any:
        """`"route.<id>" = "…"` keys, as sources.toml writes them, become the `route` table."""
        if not isinstance(data, Mapping):
            return data
        routes = {
            k.removeprefix(ROUTE_PREFIX): v for k, v in data.items() if k.startswith(ROUTE_PREFIX)
        }
        if not routes:
            return data
        rest = {k: v for k, v in data.items() if not k.startswith(ROUTE_PREFIX)}
        return {**rest, "route": {**rest.get("route", {}), **routes}}

    @model_validator(mode="after")
    def _targeted(self) -> IndexOptions:
        for kind in ROUTED_KINDS:
            matches = getattr(self, f"{kind}_keywords") or getattr(self, f"{kind}_pattern")
            if matches and getattr(self, f"target_{kind}") is None:
                raise OptionError(
                    f"target_{kind}",
                    f"is missing: {kind}_keywords/pattern name no source; name the source its "
                    f"notices feed (target_{kind} = '<source id>')",
                )
        return self

    def targets(self) -> dict[str, str]:
        """Every source this index routes notices to, by the option that names it."""
        named = {f"target_{k}": getattr(self, f"target_{k}") for k in ROUTED_KINDS}
        routes = {f"{ROUTE_PREFIX}{target}": target for target in self.route}
        return {key: target for key, target in {**named, **routes}.items() if target}


ROUTED_KINDS = ("catalogue", "points", "measures", "extension")

# The model of each source kind (the values of `SourceKind`).
OPTIONS_BY_KIND: dict[str, type[SourceOptions]] = {
    "catalogue": CatalogueOptions,
    "points": PointsOptions,
    "index": IndexOptions,
}


def read_options(kind: str, values: Mapping[str, Any]) -> SourceOptions:
    """The options of a `kind` source; pydantic.ValidationError names a bad or unknown key."""
    return OPTIONS_BY_KIND[kind].model_validate(values)


def options_table() -> str:
    """The README's table of options: each key, the kinds that take it, its default, its use."""
    rows: dict[str, tuple[list[str], FieldInfo]] = {}
    for kind, model in OPTIONS_BY_KIND.items():
        for name, info in model.model_fields.items():
            rows.setdefault(name, ([], info))[0].append(kind)
    lines = ["| option | kinds | default | meaning |", "|---|---|---|---|"]
    for name, (kinds, info) in rows.items():
        key = f"{ROUTE_PREFIX}<source id>" if name == "route" else name
        every = len(kinds) == len(OPTIONS_BY_KIND)
        lines.append(
            f"| `{key}` | {'all' if every else ', '.join(kinds)} | {_default(info)} "
            f"| {info.description} |"
        )
    return "\n".join(lines) + "\n"


def _default(info: FieldInfo) -> str:
    value = info.default
    if value in (None, (), {}):
        return "—"
    return f"`{value.value if isinstance(value, StrEnum) else value}`"

"""`sources.toml`: what we watch, declared as data and checked field by field before use.

Each `[[source]]` entry becomes a frozen `Source`; a broken entry names the file, the entry
(index and id) and the field, and says what is expected.
"""

from __future__ import annotations

import codecs
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from apscheduler.triggers.cron import CronTrigger
from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from scraper.notices import NoticeOptionsError, routes_of
from scraper.parsers import PARSERS
from scraper.parsers.columns import MappingError, column_mapping
from scraper.records import Source, SourceKind
from scraper.scope import ScopeOptionError, check_scope_options

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_OPTIONAL_TEXT = ("name", "selector")
_KNOWN_KEYS = frozenset(
    {"id", "url", "kind", "name", "schedule", "selector", "encoding", "parser", "options"}
)


class SourceConfigError(ValueError):
    """A sources file that cannot be used; the message says where and what to fix."""


class _EntryProblem(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _text(entry: dict[str, Any], field: str, *, required: bool = False) -> str | None:
    value = entry.get(field)
    if value is None:
        if required:
            raise _EntryProblem(field, "is missing; every source needs one")
        return None
    if not isinstance(value, str) or not value.strip():
        raise _EntryProblem(field, f"must be a non-empty string, got {value!r}")
    return value.strip()


def _check_id(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise _EntryProblem("id", f"{value!r} is not a slug; use lowercase a-z, 0-9 and '-'")
    return value


def _check_url(value: str) -> str:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- reading it checks it: "x:99999" and "x:abc" raise ValueError
    except ValueError as error:  # "http://[abc": a host urllib cannot read
        raise _EntryProblem("url", f"{value!r} is not a usable URL: {error}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _EntryProblem("url", f"{value!r} is not an absolute http(s) URL")
    return value


def _check_kind(value: str) -> SourceKind:
    try:
        return SourceKind(value)
    except ValueError:
        known = " | ".join(kind.value for kind in SourceKind)
        raise _EntryProblem("kind", f"{value!r} is not a source kind; use {known}") from None


def _check_schedule(value: str) -> str:
    if len(value.split()) != 5:
        raise _EntryProblem(
            "schedule", f"{value!r} is not a 5-field cron expression (m h dom mon dow)"
        )
    try:
        CronTrigger.from_crontab(value, timezone="UTC")
    except ValueError as error:
        raise _EntryProblem(
            "schedule", f"{value!r} is not a valid cron expression: {error}"
        ) from None
    return value


def _check_encoding(value: str) -> str:
    try:
        codecs.lookup(value)
    except LookupError:
        raise _EntryProblem(
            "encoding", f"{value!r} is not a known codec; e.g. utf-8, gb18030"
        ) from None
    return value


def _check_selector(value: str) -> str:
    """A CSS selector lexbor can read: an unreadable one would fail every parse of the page."""
    try:
        LexborHTMLParser("<p></p>").css_first(value)
    except SelectolaxError:
        raise _EntryProblem(
            "selector", f"{value!r} is not a CSS selector lexbor can read"
        ) from None
    return value


def _check_parser(value: str) -> str:
    if value not in PARSERS:
        known = ", ".join(sorted(PARSERS))
        raise _EntryProblem("parser", f"{value!r} is not a registered parser; use one of {known}")
    return value


def _options(entry: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    value = entry.get("options", {})
    if not isinstance(value, dict):
        raise _EntryProblem(
            "options", "must be a table of string values, e.g. options = { k = 'v' }"
        )
    for key, item in value.items():
        if not isinstance(item, str):
            raise _EntryProblem(f"options.{key}", f"must be a string, got {item!r}")
    try:
        column_mapping(value)
    except MappingError as error:
        raise _EntryProblem(f"options.{error.option}", error.message) from None
    try:
        check_scope_options(value)
    except ScopeOptionError as error:
        raise _EntryProblem(f"options.{error.option}", error.message) from None
    if "expect_path" in value:  # matched against where a redirect lands, at fetch time
        try:
            re.compile(value["expect_path"])
        except re.error as error:
            message = f"{value['expect_path']!r} is not a valid regular expression ({error})"
            raise _EntryProblem("options.expect_path", message) from None
    return tuple(sorted(value.items()))


def _optional(entry: dict[str, Any], field: str, check: Callable[[str], str]) -> str | None:
    value = _text(entry, field)
    return None if value is None else check(value)


def _source(entry: dict[str, Any]) -> Source:
    unknown = sorted(set(entry) - _KNOWN_KEYS)
    if unknown:
        raise _EntryProblem(
            unknown[0], f"is not a source field; known: {', '.join(sorted(_KNOWN_KEYS))}"
        )
    source = Source(
        id=_check_id(_text(entry, "id", required=True) or ""),
        url=_check_url(_text(entry, "url", required=True) or ""),
        kind=_check_kind(_text(entry, "kind", required=True) or ""),
        name=_text(entry, "name") or "",
        schedule=_optional(entry, "schedule", _check_schedule),
        selector=_optional(entry, "selector", _check_selector),
        encoding=_optional(entry, "encoding", _check_encoding),
        parser=_optional(entry, "parser", _check_parser),
        options=_options(entry),
    )
    if source.kind is SourceKind.INDEX:
        try:  # the routing options are read on every check of the index: read them once here
            routes_of(source)
        except NoticeOptionsError as error:
            raise _EntryProblem("options", str(error)) from None
    return source


def _entries(path: Path) -> list[Any]:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise SourceConfigError(f"{path}: cannot read the sources file: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise SourceConfigError(f"{path}: not valid TOML: {error}") from None
    extra = sorted(set(document) - {"source"})
    if extra:
        raise SourceConfigError(
            f"{path}: unknown top-level key {extra[0]!r}; use [[source]] entries"
        )
    entries = document.get("source", [])
    if not isinstance(entries, list):
        raise SourceConfigError(f"{path}: 'source' must be an array of tables ([[source]])")
    return entries


def _where(path: Path, index: int, entry: Any) -> str:
    entry_id = entry.get("id") if isinstance(entry, dict) else None
    return (
        f"{path}: source #{index + 1} (id {entry_id!r})"
        if entry_id
        else f"{path}: source #{index + 1}"
    )


def _problems(path: Path) -> tuple[list[Source], list[str]]:
    sources: list[Source] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(_entries(path)):
        where = _where(path, index, entry)
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a table of fields")
            continue
        try:
            source = _source(entry)
        except _EntryProblem as problem:
            problems.append(f"{where}: field '{problem.field}' {problem}")
            continue
        if source.id in seen:
            problems.append(
                f"{where}: field 'id' repeats source #{seen[source.id] + 1}; ids must be unique"
            )
            continue
        seen[source.id] = index
        sources.append(source)
    return sources, problems


def validate_sources(path: Path) -> list[str]:
    """Every problem of the sources file, one message each; empty when the file is usable."""
    try:
        return _problems(path)[1]
    except SourceConfigError as error:
        return [str(error)]


def load_sources(path: Path) -> tuple[Source, ...]:
    """The sources declared in `path`; raises SourceConfigError at the first broken entry."""
    sources, problems = _problems(path)
    if problems:
        raise SourceConfigError(problems[0])
    return tuple(sources)

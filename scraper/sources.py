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
from pydantic import ValidationError
from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from scraper.options import (
    OPTIONS_BY_KIND,
    IndexOptions,
    OptionError,
    SourceOptions,
    read_options,
)
from scraper.parsers import PARSERS
from scraper.records import Source, SourceKind

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
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


def _options(entry: dict[str, Any], kind: SourceKind) -> SourceOptions:
    value = entry.get("options", {})
    if not isinstance(value, dict):
        raise _EntryProblem("options", "must be a table, e.g. options = { fed_by = 'rsj-notices' }")
    try:
        return read_options(kind, value)
    except ValidationError as error:
        raise _option_problem(kind, error) from None


def _option_problem(kind: SourceKind, error: ValidationError) -> _EntryProblem:
    """The first problem pydantic found, as the option it concerns and what to do."""
    first = error.errors()[0]
    raised = first.get("ctx", {}).get("error")
    if isinstance(raised, OptionError):  # found by a check of several options together
        return _EntryProblem(f"options.{raised.option}", str(raised))
    where = ".".join(str(part) for part in first["loc"])
    field = f"options.{where}" if where else "options"
    if first["type"] == "extra_forbidden":
        known = ", ".join(OPTIONS_BY_KIND[kind].model_fields)
        return _EntryProblem(field, f"is not an option of a {kind} source; known: {known}")
    message = first["msg"]
    if message.startswith("Value error, "):  # our own validators name the value themselves
        return _EntryProblem(field, message.removeprefix("Value error, "))
    return _EntryProblem(field, f"is {first['input']!r}: {message[:1].lower()}{message[1:]}")


def _optional(entry: dict[str, Any], field: str, check: Callable[[str], str]) -> str | None:
    value = _text(entry, field)
    return None if value is None else check(value)


def _source(entry: dict[str, Any]) -> Source:
    unknown = sorted(set(entry) - _KNOWN_KEYS)
    if unknown:
        raise _EntryProblem(
            unknown[0], f"is not a source field; known: {', '.join(sorted(_KNOWN_KEYS))}"
        )
    kind = _check_kind(_text(entry, "kind", required=True) or "")
    return Source(
        id=_check_id(_text(entry, "id", required=True) or ""),
        url=_check_url(_text(entry, "url", required=True) or ""),
        kind=kind,
        name=_text(entry, "name") or "",
        schedule=_optional(entry, "schedule", _check_schedule),
        selector=_optional(entry, "selector", _check_selector),
        encoding=_optional(entry, "encoding", _check_encoding),
        parser=_optional(entry, "parser", _check_parser),
        options=_options(entry, kind),
    )


def _references(source: Source, by_id: dict[str, Source]) -> list[tuple[str, str]]:
    """(field, problem) for each source `source` names that is not configured as it must be:
    an index routes to page sources, a fed source names an index."""
    problems: list[tuple[str, str]] = []
    if isinstance(source.options, IndexOptions):
        for key, target in source.options.targets().items():
            named = by_id.get(target)
            if named is None or named.kind is SourceKind.INDEX:
                what = "is not a configured source" if named is None else "is an index"
                problems.append((f"options.{key}", f"routes notices to {target!r}, which {what}"))
    fed_by = source.fed_by
    if fed_by is not None and (fed_by not in by_id or by_id[fed_by].kind is not SourceKind.INDEX):
        problems.append(("options.fed_by", f"{fed_by!r} is not a configured index source"))
    return problems


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
    by_id = {source.id: source for source in sources}
    for source in sources:
        where = _where(path, seen[source.id], {"id": source.id})
        problems.extend(f"{where}: field '{f}' {p}" for f, p in _references(source, by_id))
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

"""The rule tables: the rules and catalogues in force, as data, each row with its provenance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Provenance:
    """Which document a row of the rule tables comes from."""

    source_id: str
    version_id: int
    url: str
    title: str | None
    doc_number: str | None  # 文号
    published_on: date | None
    effective_on: date | None
    observed_at: datetime


@dataclass(frozen=True, slots=True)
class RuleEntry:
    indicator: str  # see docs/architecture.md, "Indicator ids"
    level: str
    label: str
    points: int | None  # None for a veto
    unit: str  # "fixed" | "per_year" | "per_step" | "per_occurrence" | "disqualify"
    cap: int | None
    conditions: tuple[str, ...]
    category: str  # "basic" | "add" | "deduct" | "veto" | "rule"
    provenance: Provenance
    params: tuple[tuple[str, str], ...] = ()
    clause: str | None = None

    def param(self, name: str) -> str | None:
        return dict(self.params).get(name)


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    name: str
    aliases: tuple[str, ...]
    code: str | None
    attributes: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class CatalogueTable:
    source_id: str
    title: str | None
    entries: tuple[CatalogueEntry, ...]
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class RuleTable:
    """Everything in force on `as_of`: points rules (merged over sources) and catalogues."""

    as_of: date
    rules: tuple[RuleEntry, ...]
    catalogues: tuple[CatalogueTable, ...]
    general_conditions: tuple[str, ...] = ()

    def rule(self, indicator: str, level: str = "") -> RuleEntry | None:
        for entry in self.rules:
            if entry.indicator == indicator and entry.level == level:
                return entry
        return None

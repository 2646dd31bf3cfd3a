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
    valid_until: date | None = None  # 有效期至 of the document, as extended
    extended_by: str | None = None  # 文号 of the notice that extended its validity


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
class ParameterEntry:
    """An annual value in force (reference wage, contribution-base limit), kept apart from rules."""

    name: str  # AVG_WAGE_MONTHLY, AVG_WAGE_ANNUAL, SI_BASE_LOWER, SI_BASE_UPPER
    period: str  # 年度, e.g. "2024"
    value: str  # decimal string
    unit: str  # "元/月" | "元/年"
    label: str
    effective_from: date | None
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class RuleTable:
    """Everything in force on `as_of`: points rules (merged over sources) and catalogues."""

    as_of: date
    rules: tuple[RuleEntry, ...]
    catalogues: tuple[CatalogueTable, ...]
    general_conditions: tuple[str, ...] = ()
    parameters: tuple[ParameterEntry, ...] = ()

    def parameter(self, name: str) -> ParameterEntry | None:
        """The value of `name` for its latest period in force."""
        found = [p for p in self.parameters if p.name == name]
        return max(found, key=lambda p: p.period) if found else None

    def rule(self, indicator: str, level: str = "") -> RuleEntry | None:
        for entry in self.rules:
            if entry.indicator == indicator and entry.level == level:
                return entry
        return None

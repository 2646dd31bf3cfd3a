"""The rule tables: the rules and catalogues in force, as data, each row with its provenance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from words import translate

# Hosts of the government sites that publish the rules; any other address holds a copy.
_OFFICIAL_SUFFIX = ".gov.cn"


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

    @property
    def is_third_party(self) -> bool:
        """Found somewhere other than a government site: a copy or a restatement."""
        host = (urlsplit(self.url).hostname or "").lower()
        return not (host == _OFFICIAL_SUFFIX[1:] or host.endswith(_OFFICIAL_SUFFIX))

    def describe(self) -> str:
        """Where the row comes from, for a person, in the current language."""
        name = self.doc_number or (f"《{self.title}》" if self.title else self.source_id)
        if not self.is_third_party:
            return translate("%(name)s, official site: %(url)s", name=name, url=self.url)
        if self.doc_number:
            return translate(
                "third-party copy of %(name)s, found at %(url)s", name=self.doc_number, url=self.url
            )
        return translate("third-party page %(name)s, found at %(url)s", name=name, url=self.url)


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
class UnreadEntry:
    """An item a document in force states but whose points, cap or condition could not be read.

    It is never a zero: the calculator lists it as missing when a profile needs it.
    """

    indicator: str
    level: str  # "" when the whole item (every level of the indicator) is unread
    clause: str  # where the document says it, e.g. "第八条（二）"
    text: str  # the item's text as published
    missing: str  # what could not be read: "points", "cap", "months", "multiple", ...
    provenance: Provenance

    def covers(self, indicator: str, level: str) -> bool:
        """Whether this unread item is (part of) the rule for (indicator, level)."""
        return self.indicator == indicator and self.level in ("", level)


@dataclass(frozen=True, slots=True)
class ProvisionEntry:
    """A sentence of a document in force that binds without points, quoted as worded: who the
    document applies to (第二条), indicators of which one is scored (第十一条)."""

    clause: str | None  # e.g. "第二条"; None when the copy quotes it without its article
    text: str
    indicators: tuple[str, ...]  # the indicator ids it names (第十一条), () for 第二条
    provenance: Provenance


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
    # Items the documents in force state but that could not be read: never counted as zero.
    unread: tuple[UnreadEntry, ...] = ()
    # Who the document in force applies to (第二条), as worded; () when no document says.
    eligibility: tuple[ProvisionEntry, ...] = ()
    # Indicators of which only one is scored, as the documents in force say (第十一条).
    one_of: tuple[ProvisionEntry, ...] = ()

    @property
    def is_complete(self) -> bool:
        return not self.unread

    def parameter(self, name: str) -> ParameterEntry | None:
        """The value of `name` for its latest period in force."""
        found = [p for p in self.parameters if p.name == name]
        return max(found, key=lambda p: p.period) if found else None

    def choice(self, *indicators: str) -> ProvisionEntry | None:
        """The sentence saying only one of `indicators` is scored, when a document says so."""
        return next((p for p in self.one_of if set(indicators) <= set(p.indicators)), None)

    def rule(self, indicator: str, level: str = "") -> RuleEntry | None:
        for entry in self.rules:
            if entry.indicator == indicator and entry.level == level:
                return entry
        return None

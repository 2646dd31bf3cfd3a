"""Records that describe a difference between two parsed versions, and the published change event.

`DocumentDiff` is what `diff_documents` computes; `ChangeItem` is its plain-words, type-stable
form that the store keeps and the feeds and API show; `ChangeEvent` is a stored, published change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from scraper.records import Parameter, PointRule, Trade


class ChangeClass(StrEnum):
    """What a difference means to a subscriber."""

    NONE = "none"  # nothing but noise
    RULE = "rule"  # a catalogue row or a point value, cap or condition changed
    WORDING = "wording"  # same rules, different words (label, title, prose)
    TECHNICAL = "technical"  # a re-parse by a newer parser; never published


class TradeChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    RENAMED = "renamed"
    MODIFIED = "modified"  # same identity, another attribute (code, category, aliases) changed


@dataclass(frozen=True, slots=True)
class TradeChange:
    kind: TradeChangeKind
    old: Trade | None
    new: Trade | None
    fields: tuple[str, ...] = ()  # for MODIFIED: which fields differ


class RuleChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"


@dataclass(frozen=True, slots=True)
class RuleChange:
    kind: RuleChangeKind
    indicator: str
    level: str
    old: PointRule | None
    new: PointRule | None
    fields: tuple[str, ...] = ()  # "points", "cap", "conditions", "unit", "label"


class ParameterChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"  # same name: another value for its period, or the next period's value


@dataclass(frozen=True, slots=True)
class ParameterChange:
    """An annual parameter that came, went or moved; `old.period != new.period` when one year's
    value followed the previous year's (the yearly notice)."""

    kind: ParameterChangeKind
    name: str
    old: Parameter | None
    new: Parameter | None


@dataclass(frozen=True, slots=True)
class DocumentDiff:
    trade_changes: tuple[TradeChange, ...]
    rule_changes: tuple[RuleChange, ...]
    meta_changes: tuple[tuple[str, str | None, str | None], ...]  # (field, old, new)
    text_diff: str  # unified diff of the normalised main text
    classification: ChangeClass
    parameter_changes: tuple[ParameterChange, ...] = ()


class ChangeKind(StrEnum):
    """What one line of a change is about, and what happened to it."""

    TRADE_ADDED = "trade_added"
    TRADE_REMOVED = "trade_removed"
    TRADE_RENAMED = "trade_renamed"
    TRADE_MODIFIED = "trade_modified"
    RULE_ADDED = "rule_added"
    RULE_REMOVED = "rule_removed"
    RULE_MODIFIED = "rule_modified"
    META_MODIFIED = "meta_modified"
    WORDING = "wording"  # the main text moved, nothing keyed did
    PARAMETER_ADDED = "parameter_added"
    PARAMETER_REMOVED = "parameter_removed"
    PARAMETER_MODIFIED = "parameter_modified"


TRADE_KINDS = frozenset(
    {
        ChangeKind.TRADE_ADDED,
        ChangeKind.TRADE_REMOVED,
        ChangeKind.TRADE_RENAMED,
        ChangeKind.TRADE_MODIFIED,
    }
)
RULE_KINDS = frozenset({ChangeKind.RULE_ADDED, ChangeKind.RULE_REMOVED, ChangeKind.RULE_MODIFIED})
PARAMETER_KINDS = frozenset(
    {ChangeKind.PARAMETER_ADDED, ChangeKind.PARAMETER_REMOVED, ChangeKind.PARAMETER_MODIFIED}
)


@dataclass(frozen=True, slots=True)
class ChangeItem:
    """One line of a change, stable enough to store as JSON and show in a feed."""

    kind: ChangeKind
    subject: str  # the trade name, or the rule label ("技能等级三级"), or the meta field
    old: str | None = None
    new: str | None = None
    detail: str = ""  # plain words, e.g. "60 → 70 points"
    impact: str = ""  # who it affects and by how much (filled by scoring)


@dataclass(frozen=True, slots=True)
class ChangeEvent:
    """A published change of one source, between two parsed versions."""

    id: int
    source_id: str
    source_name: str
    classification: ChangeClass
    title: str  # plain words: "3 trades added to 技能目录; 技能等级三级 60 → 70"
    summary: str
    items: tuple[ChangeItem, ...]
    observed_at: datetime  # tz-aware UTC, when we first saw the new version
    published_on: date | None  # the page's own date for the new version
    doc_number: str | None  # 文号 of the new version
    url: str  # the page the new version was captured from
    evidence_sha256: str  # raw snapshot of the new version
    from_version_id: int | None
    to_version_id: int
    text_diff: str = ""
    is_backfill: bool = False
    updated_at: datetime | None = None  # set when a correction updates the event

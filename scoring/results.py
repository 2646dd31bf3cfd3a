"""What the calculator answers: one line per indicator considered, the total and the threshold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scoring.records import Provenance
from scraper.parsers.indicators import NAMES as INDICATOR_NAMES


@dataclass(frozen=True, slots=True)
class ScoreLine:
    """One indicator as applied to a profile: the points, whether they count, and why."""

    indicator: str  # see docs/architecture.md, "Indicator ids"
    level: str
    label: str
    points: int  # what the line is worth after its cap (0 when nothing applies)
    capped_from: int | None  # the value before the cap, when a cap cut it
    counted: bool  # False: shown for the record but not in the total
    reason: str  # plain words: the arithmetic, or why it did not count
    provenance: Provenance | None  # the document of the rule applied; None when no rule
    clause: str | None
    # What the table could not give for this line (None: its value is known): "rule" when no rule
    # is in force, else what of a stated rule could not be read ("points", "months", ...).
    missing: str | None = None


# What a line could not be given, in words for people reading a score.
MISSING_ZH = {
    "rule": "没有生效的规则",
    "points": "分值",
    "cap": "最高分值",
    "months": "月数",
    "multiple": "倍数",
    "window": "期限",
    "condition": "条件",
    "years": "年限",
    "step": "每档标准",
    "parameters": "参数",
    "level": "等级",
}
# What the text in use does not state at all, though the indicator system has it.
NOT_STATED = "indicator"


@dataclass(frozen=True, slots=True)
class MissingRule:
    """A rule the profile needs that the table cannot give: stated but unread, or not in force."""

    indicator: str
    level: str
    clause: str | None  # where the document states it, when it does
    what: str  # "rule" (none in force) or what of the stated rule could not be read
    text: str  # the item as published, when the document states it
    provenance: Provenance | None

    def describe(self) -> str:
        """One line for a person, Chinese first: indicator, clause and what is missing."""
        name = INDICATOR_NAMES.get(self.indicator, self.indicator)
        key = f"{self.indicator}/{self.level}" if self.level else self.indicator
        where = f"{self.clause} " if self.clause else ""
        if self.what == "rule":
            return f"{name}（{key}）：没有生效的规则 · no rule in force"
        if self.what == NOT_STATED:
            return f"{name}（{key}）：所用文本未载此项 · the text in use does not state this item"
        what_zh = MISSING_ZH.get(self.what, self.what)
        return (
            f"{name}（{key}）：{where}有此规定，但未能读出{what_zh} · "
            f"stated by {self.clause or 'the document'}, but its {self.what} could not be read"
        )


@dataclass(frozen=True, slots=True)
class ScoreResult:
    # The total; None when a rule the profile needs is missing: never a total with a hole in it.
    total: int | None
    threshold: int | None  # 标准分值 in force; None when the table has no THRESHOLD rule
    distance_to_threshold: int | None  # threshold − total (≤ 0 means reached); None if unknown
    disqualified: bool  # a veto (一票否决) applies; the total is still shown
    lines: tuple[ScoreLine, ...]
    notes: tuple[str, ...]  # ambiguities and checks that could not be made
    as_of: date
    # The sum of the lines that count: the total when complete, unless the floor raised it.
    counted_points: int = 0
    missing: tuple[MissingRule, ...] = ()  # what the profile needs that the table cannot give
    # The sum of the lines when the lowest total the text states (MIN_TOTAL) raised the total to
    # it; None when nothing was raised (no floor stated, or the sum is at or above it).
    floored_from: int | None = None

    @property
    def is_complete(self) -> bool:
        return not self.missing

    def line(self, indicator: str) -> ScoreLine | None:
        """The counted line of an indicator, else its first line."""
        matching = [line for line in self.lines if line.indicator == indicator]
        counted = [line for line in matching if line.counted]
        chosen = counted or matching
        return chosen[0] if chosen else None

    def points_of(self, indicator: str) -> int:
        """Points that an indicator contributes to the total."""
        return sum(
            line.points for line in self.lines if line.indicator == indicator and line.counted
        )


@dataclass(frozen=True, slots=True)
class IndicatorDelta:
    indicator: str
    before: int
    after: int

    @property
    def difference(self) -> int:
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class ScoreDelta:
    """How one profile's total moved between two rule tables."""

    before: ScoreResult
    after: ScoreResult
    indicators: tuple[IndicatorDelta, ...]  # only the indicators whose points moved

    @property
    def before_total(self) -> int | None:
        return self.before.total

    @property
    def after_total(self) -> int | None:
        return self.after.total

    @property
    def difference(self) -> int | None:
        """None when either total is incomplete."""
        if self.after.total is None or self.before.total is None:
            return None
        return self.after.total - self.before.total

"""What the calculator answers: one line per indicator considered, the total and the threshold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scoring.records import Provenance


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


@dataclass(frozen=True, slots=True)
class ScoreResult:
    total: int
    threshold: int | None  # 标准分值 in force; None when the table has no THRESHOLD rule
    distance_to_threshold: int | None  # threshold − total (≤ 0 means reached)
    disqualified: bool  # a veto (一票否决) applies; the total is still shown
    lines: tuple[ScoreLine, ...]
    notes: tuple[str, ...]  # ambiguities and checks that could not be made
    as_of: date

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
    def before_total(self) -> int:
        return self.before.total

    @property
    def after_total(self) -> int:
        return self.after.total

    @property
    def difference(self) -> int:
        return self.after.total - self.before.total

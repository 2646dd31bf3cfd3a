"""What the calculator answers: one line per indicator considered, the total and the threshold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scoring.records import Provenance
from scraper.parsers.indicators import NAMES as CHINESE_NAMES
from words import N_, Lang, current_lang, translate


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


# The indicators' English names; in Chinese a score names them as the 办法 words them
# (the parser's one table, scraper.parsers.indicators.NAMES).
ENGLISH_NAMES = {
    "AGE": "age",
    "EDU": "education",
    "SKILL": "professional title and skill level",
    "SI_YEARS": "years of work and employee social insurance in Shanghai",
    "SI_BASE": "social-insurance contribution base",
    "SHORTAGE_MAJOR": "shortage major",
    "INVEST_TAX": "investment tax or local hiring",
    "PUBLIC_SERVICE": "specific public-service fields",
    "REMOTE_AREA": "key remote suburban areas",
    "FRESH_GRAD": "full-time fresh graduate",
    "AWARD": "awards",
    "SPOUSE_LOCAL": "spouse with Shanghai hukou",
    "ENTREPRENEUR": "entrepreneur",
    "INNOV_INTERMEDIARY": "innovation and entrepreneurship intermediary",
    "DED_FALSE": "false material (提供虚假材料)",
    "DED_DETENTION": "administrative detention (行政拘留)",
    "DED_CRIME": "a criminal record (一般刑事犯罪)",
    "VETO_FAMILY_PLANNING": "a family-planning violation (违反计划生育政策)",
    "VETO_SERIOUS_CRIME": "a serious crime (严重刑事犯罪)",
    "THRESHOLD": "standard score (标准分值)",
    "MIN_TOTAL": "lowest total (总积分的最低分值)",
}
MISSING_WHAT = {
    "rule": N_("no rule in force"),
    "points": N_("points"),
    "cap": N_("cap"),
    "months": N_("months"),
    "multiple": N_("multiple"),
    "window": N_("window"),
    "condition": N_("condition"),
    "years": N_("years"),
    "step": N_("step"),
    "parameters": N_("parameters"),
    "level": N_("level"),
    "indicator": N_("the whole item"),
}


def indicator_name(indicator: str) -> str:
    """An indicator's name in the current language; an unknown id as itself."""
    names = ENGLISH_NAMES if current_lang() is Lang.EN else CHINESE_NAMES
    return names.get(indicator, indicator)


def missing_what(what: str) -> str:
    """What of a rule could not be read, in words."""
    word = MISSING_WHAT.get(what)
    return translate(word) if word else what


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
        said = {
            "name": indicator_name(self.indicator),
            "key": f"{self.indicator}/{self.level}" if self.level else self.indicator,
        }
        if self.what == "rule":
            return translate("%(name)s (%(key)s): no rule in force", **said)
        if self.what == NOT_STATED:
            return translate("%(name)s (%(key)s): the text in use does not state this item", **said)
        return translate(
            "%(name)s (%(key)s): stated by %(where)s, but its %(what)s could not be read",
            where=self.clause or translate("the document"),
            what=missing_what(self.what),
            **said,
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

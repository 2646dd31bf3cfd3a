"""Response models of `POST /v1/score`: the shape `service.present.score` writes, checked by
validation (an unknown key is refused), so the API and `jifen score --format json` give the
same typed answer."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from service.http.api.rule_schemas import ProvenancePublic


class ScoreLinePublic(BaseModel):
    model_config = ConfigDict(extra="forbid")

    indicator: str
    level: str
    label: str
    points: int = Field(description="what the line is worth after its cap (0 when nothing applies)")
    capped_from: int | None
    counted: bool = Field(description="false: shown for the record, not in the total")
    reason: str
    clause: str | None = Field(description="the article and item, e.g. 第六条（一）")
    missing: str | None = Field(
        default=None,
        description='what the table could not give: "rule" (none in force) or what of a stated '
        'rule could not be read ("points", "months", ...); null when the value is known',
    )
    rule: ProvenancePublic | None = Field(description="the document the rule comes from")


class MissingRulePublic(BaseModel):
    model_config = ConfigDict(extra="forbid")

    indicator: str
    level: str
    clause: str | None
    what: str = Field(description='"rule" (none in force) or what could not be read')
    text: str = Field(description="the item as published, when the document states it")
    description: str = Field(description="one line for a person, Chinese first")
    rule: ProvenancePublic | None


class IndicatorDeltaPublic(BaseModel):
    model_config = ConfigDict(extra="forbid")

    indicator: str
    before: int
    after: int


class ScoreDeltaPublic(BaseModel):
    model_config = ConfigDict(extra="forbid")

    since: date
    as_of: date
    before_total: int | None
    after_total: int | None
    difference: int | None = Field(description="null when either total is incomplete")
    indicators: list[IndicatorDeltaPublic]


class ScorePublic(BaseModel):
    model_config = ConfigDict(extra="forbid")

    as_of: date
    total: int | None = Field(
        description="the total; null when a rule the profile needs is missing (see `missing`)"
    )
    is_complete: bool = Field(description="false: some rule the profile needs is missing")
    counted_points: int = Field(
        description="the sum of the lines that count; a total only when complete"
    )
    floored_from: int | None = Field(
        default=None,
        description="the sum of the lines when the lowest total the text states (总积分的最低分值) "
        "raised the total to it; null when nothing was raised",
    )
    missing: list[MissingRulePublic] = Field(
        description="rules the profile needs that are not in force or could not be read"
    )
    threshold: int | None = Field(description="标准分值 in force")
    distance_to_threshold: int | None
    disqualified: bool = Field(description="a one-vote veto (一票否决) applies")
    lines: list[ScoreLinePublic]
    notes: list[str] = Field(
        description="what the answer assumed (a left-out obtained_in_shanghai) or could not check"
    )
    changes_since: ScoreDeltaPublic | None = None


def score_public(result: dict[str, Any], delta: dict[str, Any] | None = None) -> ScorePublic:
    """The typed answer of a score as `service.present.score` writes it, with its delta."""
    return ScorePublic.model_validate({**result, "changes_since": delta})

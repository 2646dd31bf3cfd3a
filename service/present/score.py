"""A score as JSON and as text, shared by `jifen score`, `POST /v1/score` and the score page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from scoring.calculator import score
from scoring.export import provenance_to_json
from scoring.impact import compare
from scoring.profile import Profile
from scoring.results import ScoreDelta, ScoreLine, ScoreResult
from scraper.records import Source
from service.present.rules import rule_table_as_of
from service.present.textable import render_table
from store.store import Store


def score_as_of(
    store: Store, sources: Sequence[Source], profile: Profile, day: date
) -> ScoreResult:
    """Score against the rule tables in force on `day` (the versioned tables, nothing else)."""
    return score(profile, rule_table_as_of(store, sources, day), on=day)


def changes_since(
    store: Store, sources: Sequence[Source], profile: Profile, since: date, day: date
) -> ScoreDelta:
    """How the rule changes between `since` and `day` moved this profile's total."""
    before = rule_table_as_of(store, sources, since)
    after = rule_table_as_of(store, sources, day)
    return compare(profile, before, after, on=day)


def line_to_json(line: ScoreLine) -> dict[str, Any]:
    return {
        "indicator": line.indicator,
        "level": line.level,
        "label": line.label,
        "points": line.points,
        "capped_from": line.capped_from,
        "counted": line.counted,
        "reason": line.reason,
        "clause": line.clause,
        "rule": provenance_to_json(line.provenance) if line.provenance else None,
    }


def result_to_json(result: ScoreResult) -> dict[str, Any]:
    return {
        "as_of": result.as_of.isoformat(),
        "total": result.total,
        "threshold": result.threshold,
        "distance_to_threshold": result.distance_to_threshold,
        "disqualified": result.disqualified,
        "lines": [line_to_json(line) for line in result.lines],
        "notes": list(result.notes),
    }


def delta_to_json(delta: ScoreDelta, since: date) -> dict[str, Any]:
    return {
        "since": since.isoformat(),
        "as_of": delta.after.as_of.isoformat(),
        "before_total": delta.before_total,
        "after_total": delta.after_total,
        "difference": delta.difference,
        "indicators": [
            {"indicator": d.indicator, "before": d.before, "after": d.after}
            for d in delta.indicators
        ],
    }


def result_to_text(result: ScoreResult) -> str:
    rows = [
        (
            line.indicator,
            line.level,
            line.points if line.counted else f"({line.points})",
            line.reason,
            (line.provenance.doc_number or line.provenance.source_id) if line.provenance else "",
        )
        for line in result.lines
    ]
    lines = [render_table(("indicator", "level", "points", "why", "rule"), rows), ""]
    lines.append(f"total {result.total} as of {result.as_of.isoformat()}")
    if result.threshold is not None and result.distance_to_threshold is not None:
        gap = result.distance_to_threshold
        lines.append(
            f"standard score {result.threshold}: "
            + ("reached" if gap <= 0 else f"{gap} points to go")
        )
    else:
        lines.append("no standard score (标准分值) in force on that date")
    if result.disqualified:
        lines.append("DISQUALIFIED: a one-vote veto (一票否决) applies")
    lines.extend(f"note: {note}" for note in result.notes)
    return "\n".join(lines)


def delta_to_text(delta: ScoreDelta, since: date) -> str:
    head = (
        f"since {since.isoformat()}: {delta.before_total} → {delta.after_total} "
        f"({delta.difference:+d})"
    )
    moved = [f"  {d.indicator}: {d.before} → {d.after}" for d in delta.indicators]
    return "\n".join([head, *moved] if moved else [head, "  no rule change since then moves it"])

"""A score as JSON and as text, shared by `jifen score`, `POST /v1/score` and the score page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from scoring.calculator import score
from scoring.export import provenance_to_json
from scoring.impact import compare
from scoring.profile import Profile
from scoring.results import MissingRule, ScoreDelta, ScoreLine, ScoreResult, indicator_name
from scraper.records import Source
from service.present.rules import rule_table_as_of
from service.present.textable import render_table
from store.store import Store
from words import N_, translate


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
        "missing": line.missing,
        "rule": provenance_to_json(line.provenance) if line.provenance else None,
    }


def missing_to_json(item: MissingRule) -> dict[str, Any]:
    return {
        "indicator": item.indicator,
        "level": item.level,
        "clause": item.clause,
        "what": item.what,
        "text": item.text,
        "description": item.describe(),
        "rule": provenance_to_json(item.provenance) if item.provenance else None,
    }


def result_to_json(result: ScoreResult) -> dict[str, Any]:
    return {
        "as_of": result.as_of.isoformat(),
        "total": result.total,
        "is_complete": result.is_complete,
        "counted_points": result.counted_points,
        "floored_from": result.floored_from,
        "missing": [missing_to_json(item) for item in result.missing],
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


def rule_cell(line: ScoreLine) -> str:
    """The document and article a line comes from: 文号 (or source) and clause."""
    if line.provenance is None:
        return "—"
    name = line.provenance.doc_number or line.provenance.source_id
    return f"{name} {line.clause}" if line.clause else name


def result_to_text(result: ScoreResult) -> str:
    rows = [
        (
            f"{indicator_name(line.indicator)} {line.indicator}",
            line.level,
            line.points if line.counted else f"({line.points})",
            line.reason,
            rule_cell(line),
        )
        for line in result.lines
    ]
    header = [translate(h) for h in _SCORE_HEADER]
    lines = [render_table(header, rows), ""]
    lines.extend(total_lines(result))
    lines.extend(translate("note: %(note)s", note=note) for note in result.notes)
    lines.extend(sources_lines(result))
    return "\n".join(lines)


_SCORE_HEADER = (N_("indicator"), N_("level"), N_("points"), N_("why"), N_("rule"))


def total_lines(result: ScoreResult) -> list[str]:
    """The total, or why there is none, and the distance to the standard score."""
    day = result.as_of.isoformat()
    if result.total is None:
        lines = [
            translate(
                "total incomplete as of %(day)s: the lines read add up to %(counted)s, not a total",
                day=day,
                counted=result.counted_points,
            ),
            translate("missing:"),
            *(f"  - {item.describe()}" for item in result.missing),
        ]
    else:
        lines = [translate("total %(total)s as of %(day)s", total=result.total, day=day)]
    if result.threshold is not None and result.distance_to_threshold is not None:
        gap = result.distance_to_threshold
        lines.append(
            translate("standard score %(threshold)s: reached", threshold=result.threshold)
            if gap <= 0
            else translate(
                "standard score %(threshold)s: %(gap)s points to go",
                threshold=result.threshold,
                gap=gap,
            )
        )
    elif result.threshold is None:
        lines.append(translate("no standard score (标准分值) in force on that date"))
    if result.disqualified:
        lines.append(translate("DISQUALIFIED: a one-vote veto (一票否决) applies"))
    return lines


def sources_lines(result: ScoreResult) -> list[str]:
    """Each document the lines come from, once, with where it was found."""
    seen = dict.fromkeys(line.provenance for line in result.lines if line.provenance is not None)
    return [translate("source: %(document)s", document=p.describe()) for p in seen]


def delta_to_text(delta: ScoreDelta, since: date) -> str:
    day = since.isoformat()
    if delta.difference is not None:
        said = {"before": delta.before_total, "after": delta.after_total}
        moved = f"{delta.difference:+d}"
        head = translate(
            "since %(day)s: %(before)s → %(after)s (%(moved)s)", day=day, moved=moved, **said
        )
    else:
        before, after = delta.before.counted_points, delta.after.counted_points
        moved = f"{after - before:+d}"
        head = translate(
            "since %(day)s: %(before)s → %(after)s (%(moved)s) — lines read only, the totals are "
            "incomplete",
            day=day,
            before=before,
            after=after,
            moved=moved,
        )
    lines = [f"  {indicator_name(d.indicator)}: {d.before} → {d.after}" for d in delta.indicators]
    return "\n".join([head, *lines] if lines else [head, translate(NO_MOVE)])


NO_MOVE = N_("  no rule change since then moves it")

"""The benchmark's tables, in markdown ready to paste, and the issue's targets checked against
them. Every ratio is between figures of the same run."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

PHASES = ("cold", "unchanged", "changed")
PHASE_NAMES = {"cold": "cold", "unchanged": "unchanged (304s)", "changed": "10 % changed"}


@dataclass(frozen=True, slots=True)
class Figure:
    """One tool's run of one phase: process wall time, peak RSS of its process tree, and what
    it reported (outcome counts) so a run that did not do the work is seen."""

    seconds: float
    rss_mib: float
    outcomes: Mapping[str, int]
    cycle_seconds: float | None = None  # the in-process cycle alone, where the tool reports it


Round = Mapping[tuple[str, str], Figure]


@dataclass(frozen=True, slots=True)
class Summary:
    count: int
    phase: str
    seconds: Mapping[str, float]  # median over rounds, by tool
    rss_mib: Mapping[str, float]  # max over rounds, by tool
    outcomes: Mapping[str, Mapping[str, int]]  # the last round's, by tool
    cycle_seconds: Mapping[str, float]


def summarise(count: int, rounds: Sequence[Round]) -> list[Summary]:
    tools = sorted({tool for r in rounds for tool, _ in r})
    summaries = []
    for phase in PHASES:
        present = [t for t in tools if all((t, phase) in r for r in rounds)]
        cycles = {
            t: statistics.median(c for r in rounds if (c := r[t, phase].cycle_seconds) is not None)
            for t in present
            if all(r[t, phase].cycle_seconds is not None for r in rounds)
        }
        summaries.append(
            Summary(
                count=count,
                phase=phase,
                seconds={
                    t: statistics.median(r[t, phase].seconds for r in rounds) for t in present
                },
                rss_mib={t: max(r[t, phase].rss_mib for r in rounds) for t in present},
                outcomes={t: rounds[-1][t, phase].outcomes for t in present},
                cycle_seconds=cycles,
            )
        )
    return summaries


def _ratio(a: Mapping[str, float], top: str, bottom: str) -> str:
    if top not in a or bottom not in a or not a[bottom]:
        return "—"
    return f"{a[top] / a[bottom]:.2f}x"


def _value(a: Mapping[str, float], tool: str, unit: str) -> str:
    if tool not in a:
        return "—"
    return f"{a[tool]:.3f} s" if unit == "s" else f"{a[tool]:.0f} MiB"


def time_table(summaries: Sequence[Summary]) -> list[str]:
    lines = [
        "| N | phase | floor | bound | urlwatch | `jifen check` | jifen / floor | jifen / bound "
        "| jifen / urlwatch |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in summaries:
        t = s.seconds
        lines.append(
            f"| {s.count} | {PHASE_NAMES[s.phase]} | {_value(t, 'floor', 's')} "
            f"| {_value(t, 'bound', 's')} | {_value(t, 'urlwatch', 's')} "
            f"| {_value(t, 'jifen', 's')} | {_ratio(t, 'jifen', 'floor')} "
            f"| {_ratio(t, 'jifen', 'bound')} | {_ratio(t, 'jifen', 'urlwatch')} |"
        )
    return lines


def memory_table(summaries: Sequence[Summary]) -> list[str]:
    lines = [
        "| N | phase | floor | bound | urlwatch | `jifen check` | jifen / floor |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in summaries:
        m = s.rss_mib
        lines.append(
            f"| {s.count} | {PHASE_NAMES[s.phase]} | {_value(m, 'floor', 'm')} "
            f"| {_value(m, 'bound', 'm')} | {_value(m, 'urlwatch', 'm')} "
            f"| {_value(m, 'jifen', 'm')} | {_ratio(m, 'jifen', 'floor')} |"
        )
    return lines


def growth_lines(summaries: Sequence[Summary]) -> list[str]:
    """Time and memory per 1,000 pages at each N: flat when growth is linear."""
    by_phase: dict[str, list[Summary]] = {}
    for s in summaries:
        by_phase.setdefault(s.phase, []).append(s)
    lines = ["| phase | tool | " + " | ".join(f"N={s.count}" for s in by_phase["cold"]) + " |"]
    lines.append("|---|---|" + "---|" * len(by_phase["cold"]))
    for phase, group in by_phase.items():
        for tool in ("floor", "jifen"):
            cells = [
                f"{1000 * s.seconds[tool] / s.count:.3f} s, {s.rss_mib[tool]:.0f} MiB"
                if tool in s.seconds
                else "—"
                for s in group
            ]
            lines.append(f"| {PHASE_NAMES[phase]} | {tool} | " + " | ".join(cells) + " |")
    return lines


def target_lines(summaries: Sequence[Summary], help_seconds: float | None) -> list[str]:
    """The issue's targets, each with the figure that meets or misses it."""
    lines = []
    limits = {"cold": ("bound", 1.25), "unchanged": ("floor", 1.5), "changed": ("floor", 2.0)}
    for s in summaries:
        base, limit = limits[s.phase]
        checks = [(f"jifen/{base} ≤ {limit}", _ratio_value(s.seconds, base), limit)]
        checks.append(("jifen/urlwatch < 1", _ratio_value(s.seconds, "urlwatch"), 1.0))
        checks.append(("peak RSS jifen/floor ≤ 2", _ratio_value(s.rss_mib, "floor"), 2.0))
        for name, value, bound in checks:
            if value is None:
                continue
            mark = "met" if value <= bound else "NOT met"
            lines.append(f"- N={s.count} {PHASE_NAMES[s.phase]}: {name}: {value:.2f} ({mark})")
    if help_seconds is not None:
        mark = "met" if help_seconds <= 0.3 else "NOT met"
        lines.append(f"- `jifen --help` ≤ 0.3 s: {help_seconds:.3f} s ({mark})")
    return lines


def _ratio_value(a: Mapping[str, float], bottom: str) -> float | None:
    if "jifen" not in a or bottom not in a or not a[bottom]:
        return None
    return a["jifen"] / a[bottom]

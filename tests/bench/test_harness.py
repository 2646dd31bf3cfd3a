"""`python -m bench` measures what it says: the installed `jifen check` as a process, doing the
work of each phase (all pages new, all 304, one page in ten changed), beside the floor and the
bound doing the same; and its table states the ratios of those figures."""

from __future__ import annotations

from bench.__main__ import jifen_check, measure_size, python_worker
from bench.check import outcomes
from bench.report import Summary, memory_table, target_lines, time_table
from bench.urlwatch import counted

COUNT = 10


def test_each_phase_runs_jifen_check_as_a_process_doing_that_phases_work() -> None:
    tools = {
        "floor": python_worker("bench.floor", "state.json"),
        "bound": python_worker("bench.bound", "bound.db"),
        "jifen": jifen_check(None),
    }

    cold, unchanged, changed = measure_size(COUNT, 1, tools)

    assert cold.outcomes["jifen"] == {"ok": COUNT}
    assert unchanged.outcomes["jifen"] == {"not_modified": COUNT}
    assert changed.outcomes["jifen"] == {"not_modified": COUNT - 1, "ok": 1, "changed": 1}
    assert changed.outcomes["floor"] == {"ok": 1, "not_modified": COUNT - 1, "changed": 1}
    assert changed.outcomes["bound"]["changed"] == 1
    for summary in (cold, unchanged, changed):
        assert set(summary.seconds) == {"floor", "bound", "jifen"}
        # A process's wall time holds its start: more than the cycle it reports for itself.
        assert summary.seconds["floor"] > summary.cycle_seconds["floor"] > 0
        assert summary.rss_mib["jifen"] > summary.rss_mib["floor"] > 5


def test_the_table_gives_each_ratio_of_figures_of_the_same_run() -> None:
    summary = Summary(
        count=1000,
        phase="unchanged",
        seconds={"floor": 0.5, "bound": 0.6, "urlwatch": 4.0, "jifen": 1.0},
        rss_mib={"floor": 40.0, "bound": 45.0, "urlwatch": 60.0, "jifen": 120.0},
        outcomes={},
        cycle_seconds={},
    )

    (row,) = time_table([summary])[2:]
    assert row == (
        "| 1000 | unchanged (304s) | 0.500 s | 0.600 s | 4.000 s | 1.000 s | 2.00x | 1.67x "
        "| 0.25x |"
    )
    assert memory_table([summary])[2].endswith("| 120 MiB | 3.00x |")
    targets = target_lines([summary], help_seconds=0.25)
    assert "- N=1000 unchanged (304s): jifen/floor ≤ 1.5: 2.00 (NOT met)" in targets
    assert "- N=1000 unchanged (304s): jifen/urlwatch < 1: 0.25 (met)" in targets
    assert "- `jifen --help` ≤ 0.3 s: 0.250 s (met)" in targets


def test_the_reports_of_jifen_and_urlwatch_are_counted() -> None:
    assert outcomes("s00001: ok → change #7: 新增\ns00002: not_modified\nother line\n") == {
        "ok": 1,
        "changed": 1,
        "not_modified": 1,
    }
    assert counted("01. NEW: s00003\n02. CHANGED: s00004\n03. ERROR: s00005\n") == {
        "new": 1,
        "changed": 1,
        "error": 1,
    }

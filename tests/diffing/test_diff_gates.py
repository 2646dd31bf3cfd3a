"""Content gates: refuse empty or collapsed captures, hold back drastic drops, pass the rest."""

from __future__ import annotations

from dataclasses import replace

from diffing_cases import SKILL_TRADES, document, points_table, skill_catalogue, standard_points

from diffing.document import diff_documents
from diffing.gates import GateDecision, GateThresholds, check_gates
from scraper.records import Catalogue, SourceKind

LONG_TEXT = "第一条 为了规范居住证积分管理。\n" * 40


def test_first_capture_with_content_passes() -> None:
    verdict = check_gates(None, document(trades=skill_catalogue()), kind=SourceKind.CATALOGUE)
    assert verdict.decision is GateDecision.PASS
    assert verdict.decision is GateDecision.PASS


def test_catalogue_source_without_a_catalogue_is_rejected() -> None:
    for trades in (None, Catalogue(None, ())):
        verdict = check_gates(None, document(trades=trades), kind=SourceKind.CATALOGUE)
        assert (verdict.decision, verdict.reason) == (GateDecision.REJECT, "no_catalogue")


def test_points_source_without_rules_is_rejected() -> None:
    previous = document(points=standard_points())
    verdict = check_gates(previous, document(points=None), kind=SourceKind.POINTS)
    assert (verdict.decision, verdict.reason) == (GateDecision.REJECT, "no_rules")


def test_kind_defaults_to_what_the_previous_version_carried() -> None:
    previous = document(trades=skill_catalogue())
    verdict = check_gates(previous, document(trades=None))
    assert (verdict.decision, verdict.reason) == (GateDecision.REJECT, "no_catalogue")


def test_an_empty_capture_is_rejected_even_the_first_time() -> None:
    verdict = check_gates(None, document(text="  "), kind=SourceKind.INDEX)
    assert (verdict.decision, verdict.reason) == (GateDecision.REJECT, "no_content")


def test_collapsed_text_with_vanished_rows_waits_for_confirmation() -> None:
    # A truncated page and a real cut of the catalogue look alike once: a second capture decides.
    previous = document(trades=skill_catalogue(), text=LONG_TEXT)
    new = document(trades=skill_catalogue(SKILL_TRADES[:8]), text="页面出错")
    verdict = check_gates(previous, new, kind=SourceKind.CATALOGUE)
    assert verdict.decision is GateDecision.QUARANTINE
    assert verdict.reason.startswith("text_collapsed:")


def test_shorter_text_with_all_rows_kept_passes() -> None:
    previous = document(trades=skill_catalogue(), text=LONG_TEXT)
    new = document(trades=skill_catalogue(), text="目录")
    assert check_gates(previous, new, kind=SourceKind.CATALOGUE).decision is GateDecision.PASS


def test_more_than_half_the_rows_gone_is_quarantined() -> None:
    previous = document(trades=skill_catalogue(), text=LONG_TEXT)
    new = document(trades=skill_catalogue(SKILL_TRADES[:4]), text=LONG_TEXT)
    verdict = check_gates(previous, new, kind=SourceKind.CATALOGUE)
    assert (verdict.decision, verdict.reason) == (GateDecision.QUARANTINE, "rows_gone:6/10")


def test_a_catalogue_replaced_by_other_names_is_quarantined() -> None:
    previous = document(trades=skill_catalogue(), text=LONG_TEXT)
    others = tuple(f"其他专业{i}" for i in range(10))
    verdict = check_gates(previous, document(trades=skill_catalogue(others), text=LONG_TEXT))
    assert (verdict.decision, verdict.reason) == (GateDecision.QUARANTINE, "rows_gone:10/10")


def test_a_few_rows_gone_pass() -> None:
    previous = document(trades=skill_catalogue(), text=LONG_TEXT)
    new = document(trades=skill_catalogue(SKILL_TRADES[:7]), text=LONG_TEXT)
    assert check_gates(previous, new, kind=SourceKind.CATALOGUE).decision is GateDecision.PASS


def test_rule_count_halved_is_quarantined() -> None:
    previous = document(points=standard_points(), text=LONG_TEXT)
    new = document(points=points_table(*standard_points().rules[:3]), text=LONG_TEXT)
    verdict = check_gates(previous, new, kind=SourceKind.POINTS)
    assert (verdict.decision, verdict.reason) == (GateDecision.QUARANTINE, "rules_lost:3/7")


def test_thresholds_are_configurable() -> None:
    previous = document(trades=skill_catalogue(), text=LONG_TEXT)
    new = document(trades=skill_catalogue(SKILL_TRADES[:7]), text=LONG_TEXT)
    strict = GateThresholds(max_rows_gone=0.2)
    verdict = check_gates(previous, new, kind=SourceKind.CATALOGUE, thresholds=strict)
    assert verdict.decision is GateDecision.QUARANTINE
    lenient = GateThresholds(max_rows_gone=0.9, min_table_ratio=0.1)
    smaller = replace(new, catalogue=skill_catalogue(SKILL_TRADES[:2]))
    assert check_gates(previous, smaller, thresholds=lenient).decision is GateDecision.PASS


def test_decisions_read_as_plain_strings() -> None:
    assert GateDecision.QUARANTINE == "quarantine"
    assert GateDecision.PASS == "pass"


def test_a_diff_already_computed_gives_the_same_verdicts() -> None:
    previous = document(trades=skill_catalogue(), text=LONG_TEXT)
    others = tuple(f"其他专业{i}" for i in range(10))
    for trades in (SKILL_TRADES[:4], SKILL_TRADES[:7], others, SKILL_TRADES):
        new = document(trades=skill_catalogue(trades), text=LONG_TEXT)
        given = check_gates(previous, new, diff=diff_documents(previous, new))
        assert given == check_gates(previous, new)
    renamed = document(trades=skill_catalogue(others), text=LONG_TEXT)
    # The verdict reads the diff it is given: the rows it counts as gone are the diff's.
    unchanged = diff_documents(previous, previous)
    assert check_gates(previous, renamed, diff=unchanged).decision is GateDecision.PASS

"""Content gates: whether a new parsed capture may become a version, waits for confirmation,
or is refused. A drastic drop is far more often a broken page than a real repeal.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from diffing.catalogue import diff_catalogues
from diffing.completeness import is_rule_document, rule_gaps
from diffing.records import DocumentDiff, TradeChange, TradeChangeKind
from scraper.records import Catalogue, ParsedDocument, SourceKind, UnreadRule


class GateDecision(StrEnum):
    PASS = "pass"  # noqa: S105 - a verdict, not a secret
    QUARANTINE = "quarantine"  # publish only once a later capture confirms it
    REJECT = "reject"  # never a version
    # A rule document read in part: kept as evidence, never the rules in force, never a change.
    INCOMPLETE = "incomplete"


@dataclass(frozen=True, slots=True)
class GateVerdict:
    decision: GateDecision
    reason: str = ""  # short machine-readable reason, e.g. "rows_gone:40/63"
    gaps: tuple[UnreadRule, ...] = ()  # INCOMPLETE: every item not read, every indicator lost

    @property
    def label(self) -> str:
        """How the attempt row stores it: `quarantine:rows_gone:40/63`, `pass`."""
        return f"{self.decision.value}:{self.reason}" if self.reason else self.decision.value


@dataclass(frozen=True, slots=True)
class GateThresholds:
    # Quarantine when the text fell below this share of the previous one while rows vanished:
    # a page cut at half its length lost its tail rows, which alone may stay under the other
    # thresholds (a 63-row catalogue cut at 50 % keeps 49 rows and reads "14 removed").
    min_text_ratio: float = 0.50
    # Quarantine when more than this share of the previous catalogue rows is gone.
    max_rows_gone: float = 0.50
    # Quarantine when the rule count fell by more than this share.
    max_rules_lost: float = 0.50
    # Quarantine when the catalogue kept less than this share of its row count.
    min_table_ratio: float = 0.50


PASSED = GateVerdict(GateDecision.PASS)


def check_gates(
    previous: ParsedDocument | None,
    new: ParsedDocument,
    *,
    kind: SourceKind | None = None,
    thresholds: GateThresholds = GateThresholds(),
    diff: DocumentDiff | None = None,
) -> GateVerdict:
    """Judge `new` against the previous version of its source (None for a first capture).

    `kind` names what the source must carry; when omitted it is what the previous version carried.
    `diff`: `diff_documents(previous, new)` when the caller has it already; saves diffing the
    catalogues a second time.
    """
    if is_rule_document(new) and (gaps := rule_gaps(previous, new)):
        return GateVerdict(GateDecision.INCOMPLETE, f"unread:{len(gaps)}", gaps)
    missing = _missing_content(previous, new, kind)
    if missing:
        return GateVerdict(GateDecision.REJECT, missing)
    if previous is None:
        return PASSED
    old_rows, new_rows = _row_count(previous), _row_count(new)
    old_text, new_text = len(previous.main_text.strip()), len(new.main_text.strip())
    if new_rows < old_rows and old_text and new_text < thresholds.min_text_ratio * old_text:
        # Could be a truncated page or a real cut of the catalogue: only a second capture tells.
        return GateVerdict(GateDecision.QUARANTINE, f"text_collapsed:{new_text}/{old_text}")
    trade_changes = diff.trade_changes if diff is not None else None
    return _drastic_drop(previous, new, thresholds, trade_changes) or PASSED


def _missing_content(
    previous: ParsedDocument | None, new: ParsedDocument, kind: SourceKind | None
) -> str:
    if new.parser == "parameters" or (previous is not None and previous.parameters):
        # An annual parameters source carries values, neither rows nor rules.
        return "" if new.parameters else "no_parameters"
    wants_catalogue = kind is SourceKind.CATALOGUE or (
        kind is None and previous is not None and _trades(previous.catalogue) > 0
    )
    wants_rules = kind is SourceKind.POINTS or (
        kind is None
        and previous is not None
        and previous.points is not None
        and len(previous.points.rules) > 0
    )
    if wants_catalogue and _trades(new.catalogue) == 0:
        return "no_catalogue"
    if wants_rules and (new.points is None or not new.points.rules):
        return "no_rules"
    if not (new.main_text.strip() or _row_count(new) or new.links):
        return "no_content"
    return ""


def _drastic_drop(
    previous: ParsedDocument,
    new: ParsedDocument,
    thresholds: GateThresholds,
    trade_changes: tuple[TradeChange, ...] | None,
) -> GateVerdict | None:
    old_trades, new_trades = _trades(previous.catalogue), _trades(new.catalogue)
    if old_trades and previous.catalogue is not None:
        changes = trade_changes
        if changes is None:
            changes = diff_catalogues(previous.catalogue, new.catalogue or Catalogue(None, ()))
        gone = sum(c.kind is TradeChangeKind.REMOVED for c in changes)
        if gone > thresholds.max_rows_gone * old_trades:
            return GateVerdict(GateDecision.QUARANTINE, f"rows_gone:{gone}/{old_trades}")
        if new_trades < thresholds.min_table_ratio * old_trades:
            return GateVerdict(GateDecision.QUARANTINE, f"table_shrank:{new_trades}/{old_trades}")
    old_rules = len(previous.points.rules) if previous.points else 0
    new_rules = len(new.points.rules) if new.points else 0
    if old_rules and old_rules - new_rules > thresholds.max_rules_lost * old_rules:
        return GateVerdict(GateDecision.QUARANTINE, f"rules_lost:{new_rules}/{old_rules}")
    return None


def _trades(catalogue: Catalogue | None) -> int:
    return len(catalogue.trades) if catalogue else 0


def _row_count(doc: ParsedDocument) -> int:
    return _trades(doc.catalogue) + (len(doc.points.rules) if doc.points else 0)

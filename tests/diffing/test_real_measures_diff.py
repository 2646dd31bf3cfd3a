"""The real pre-2018 text against a real 2017 copy, through the real diff: one rule change whose
items are the changes the 2017 办法 made (expected-2013.md / expected-2017.md)."""

from __future__ import annotations

from diffing.describe import describe
from diffing.document import diff_documents
from diffing.records import ChangeClass, RuleChangeKind
from tests.scraper.test_measures_real import parse_copy


def test_pre2018_to_2017_is_one_rule_change_with_the_2017_items() -> None:
    old, new = parse_copy("pre2018-78911"), parse_copy("2017-98-official-shcm")
    diff = diff_documents(old, new)
    assert diff.classification is ChangeClass.RULE
    changes = {(c.indicator, c.level): c for c in diff.rule_changes}
    added = {key for key, c in changes.items() if c.kind is RuleChangeKind.ADDED}
    # THRESHOLD, MIN_TOTAL: the pre-2018 copy found lacks its 第三章 (expected-2013.md).
    assert added == {
        ("SI_BASE", "3X"),
        ("ENTREPRENEUR", ""),
        ("INNOV_INTERMEDIARY", ""),
        ("THRESHOLD", ""),
        ("MIN_TOTAL", ""),
    }
    invest = changes[("INVEST_TAX", "")]
    assert invest.old is not None and invest.new is not None
    assert (invest.old.cap, invest.new.cap) == (100, 120)
    base = changes[("SI_BASE", "2X")]
    assert base.old is not None and base.new is not None
    assert (base.old.cap, base.new.cap) == (100, 120)
    assert base.new.param("multiple_to") == "3" and base.old.param("multiple_to") is None
    assert (base.old.param("window_months"), base.new.param("window_months")) == ("36", "48")
    # Indicators the 2017 copy does not state (or lost the cap of) are unknown, not removed.
    assert not any(c.kind is RuleChangeKind.REMOVED for c in diff.rule_changes)
    assert not {"PUBLIC_SERVICE", "REMOTE_AREA", "SPOUSE_LOCAL", "AWARD"} & {k[0] for k in changes}
    items = describe(diff)
    assert any(item.kind == "rule_added" and "创业人才" in item.subject for item in items)
    assert any(item.kind == "rule_modified" and "100 → 120" in item.detail for item in items)

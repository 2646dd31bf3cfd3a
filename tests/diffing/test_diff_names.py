"""Names fit to publish: U+FFFD, markup debris, names that are markup only, renames "X → X"."""

from __future__ import annotations

from diffing_cases import document, skill_catalogue

from diffing.describe import describe
from diffing.document import diff_documents
from diffing.gates import GateDecision
from diffing.names import name_text, review_names
from scraper.records import Catalogue, Trade


def _catalogue(*names: str) -> Catalogue:
    return Catalogue(None, tuple(Trade(name, number=i) for i, name in enumerate(names, start=1)))


def test_clean_names_pass() -> None:
    assert review_names(document(trades=skill_catalogue())) is None


def test_replacement_characters_hold_the_capture_with_the_row_and_the_count() -> None:
    verdict = review_names(document(trades=_catalogue("电工", "焊\ufffd\ufffd", "车\ufffd")))
    assert verdict is not None and verdict.decision is GateDecision.QUARANTINE
    assert verdict.reason == "name_undecodable(3 U+FFFD):#2 " + repr("焊\ufffd\ufffd")


def test_markup_debris_holds_the_capture_naming_the_row() -> None:
    for debris in ("<script>alert(1)<", "焊工&lt;", "焊工</td>", "&#28938;工", "车>工"):
        verdict = review_names(document(trades=_catalogue("电工", debris)))
        assert verdict is not None, debris
        assert verdict.reason == f"name_markup:#2 {debris!r}"


def test_a_name_made_only_of_markup_is_held_as_empty_not_published_as_nothing() -> None:
    verdict = review_names(document(trades=_catalogue("电工", "<script></script>")))
    assert verdict is not None
    assert verdict.reason == "name_empty:#2 '<script></script>'"


def test_names_are_read_as_text_not_stripped_to_nothing() -> None:
    assert name_text("&lt;b&gt;焊工&lt;/b&gt;") == "焊工"
    assert name_text("<script>alert(1)</script>") == "alert(1)"
    assert name_text("  电\n 工 ") == "电 工"
    assert name_text("<br>") == ""


def test_a_rename_that_reads_the_same_is_not_described() -> None:
    old = document(trades=_catalogue("电工", "焊工<b>"))
    new = document(trades=_catalogue("电工", "焊工"))
    assert describe(diff_documents(old, new)) == ()
    real = diff_documents(document(trades=_catalogue("电工", "电焊工")), new)
    assert [item.detail for item in describe(real)] == ["更名：电焊工 → 焊工"]

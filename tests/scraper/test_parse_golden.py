"""Recorded pages parse to their reviewed expected JSON, and every registered parser has one."""

from __future__ import annotations

import dataclasses
import json
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser

from scraper.parsers import PARSERS, parse_document
from scraper.records import ParsedDocument, Source, SourceKind
from tests.fixtures.render_seeds import render_all

PAGES = Path(__file__).parents[1] / "fixtures" / "pages"
CASES: list[dict[str, Any]] = tomllib.loads((PAGES / "cases.toml").read_text("utf-8"))["case"]


def _source(case: dict[str, Any]) -> Source:
    fields = dict(case["source"])
    return Source(url=case["url"], **{**fields, "kind": SourceKind(fields["kind"])})


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


def as_json(document: ParsedDocument) -> str:
    return json.dumps(_jsonable(dataclasses.asdict(document)), ensure_ascii=False, indent=2) + "\n"


def _parse(case: dict[str, Any]) -> ParsedDocument:
    text = (PAGES / case["page"]).read_text(encoding="utf-8")
    return parse_document(_source(case), text, case["url"])


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_recorded_page_parses_to_its_expected_json(
    case: dict[str, Any], update_golden: bool
) -> None:
    expected_path = PAGES / f"{case['name']}.expected.json"
    produced = as_json(_parse(case))
    if update_golden:
        expected_path.write_text(produced, encoding="utf-8")
    assert expected_path.exists(), (
        f"{expected_path.name} missing; run pytest tests/scraper --update-golden"
    )
    assert json.loads(produced) == json.loads(expected_path.read_text(encoding="utf-8"))


def test_every_registered_parser_has_a_recorded_page() -> None:
    covered = {_source(case).parser or str(_source(case).kind) for case in CASES}
    missing = sorted(set(PARSERS) - covered)
    assert not missing, f"parsers without a fixture in tests/fixtures/pages/cases.toml: {missing}"


def test_every_recorded_page_is_used_by_a_case() -> None:
    used = {case["page"] for case in CASES}
    unused = {path.name for path in PAGES.glob("*.html")} - used
    assert not unused, f"pages without a case in cases.toml: {sorted(unused)}"


def test_no_expected_file_is_left_without_its_case() -> None:
    names = {f"{case['name']}.expected.json" for case in CASES}
    assert {path.name for path in PAGES.glob("*.expected.json")} == names


def test_seed_pages_are_what_the_generator_renders_from_the_seed_texts() -> None:
    for file_name, html in render_all(PAGES).items():
        rerun = "run .venv/bin/python tests/fixtures/render_seeds.py"
        assert (PAGES / file_name).read_text(encoding="utf-8") == html, f"{file_name}: {rerun}"


def test_seed_pages_show_every_line_of_their_seed_text() -> None:
    for name in ("seed000", "seed003"):
        shown = LexborHTMLParser((PAGES / f"{name}.html").read_text(encoding="utf-8")).text()
        shown_compact = "".join(shown.split())
        for line in (PAGES / f"{name}.txt").read_text(encoding="utf-8").splitlines():
            # "•" is how the text dump drew the <li> markers of the article info line.
            assert "".join(line.split()).lstrip("•") in shown_compact, (name, line)

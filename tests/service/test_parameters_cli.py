"""Annual parameters through the CLI: yearly notices imported, one change, tables and exports."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from diffing.document import content_hash
from diffing.gates import GateDecision, check_gates
from scraper.parsers import parse_document
from scraper.records import ParsedDocument, Source, SourceKind
from service.http.api.rule_schemas import RuleTablePublic
from store.codec import decode_document, encode_document
from tests.service.cli_env import cli_env, run

FIXTURES = Path(__file__).parents[1] / "fixtures"
PARAMETERS = FIXTURES / "parameters"
SOURCES = """
[[source]]
id = "annual-parameters"
name = "本市城镇单位就业人员平均工资与社会保险缴费基数上下限"
url = "https://rsj.sh.gov.cn/tgsgg_17341/index.html"
kind = "points"
parser = "parameters"
options = { fed_by = "rsj-notices" }

[[source]]
id = "rsj-notices"
url = "https://rsj.sh.gov.cn/tgsgg_17341/index.html"
kind = "index"
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path, SOURCES)


def import_notice(
    env: dict[str, str], name: str, day: str, source: str = "annual-parameters"
) -> str:
    return run(
        env,
        "import",
        str(PARAMETERS / name),
        "--source",
        source,
        "--observed-at",
        day,
        "--url",
        f"https://rsj.sh.gov.cn/tgsgg_17341/{day}/{name}",
    )


def yearly(env: dict[str, str]) -> None:
    import_notice(env, "notice_2024.html", "2024-06-29")
    import_notice(env, "notice_2025.html", "2025-07-01")


def test_two_yearly_notices_are_one_change_from_last_years_values(env: dict[str, str]) -> None:
    yearly(env)
    (event,) = json.loads(run(env, "changes", "--format", "json"))
    assert event["classification"] == "rule"
    details = {
        i["subject"]: i["detail"] for i in event["items"] if i["kind"] == "parameter_modified"
    }
    assert details["城镇单位就业人员月平均工资"] == (
        "城镇单位就业人员月平均工资: 12,183 元 (2023) → 12,401 元 (2024)"
    )
    assert details["职工社会保险缴费基数上限"] == (
        "职工社会保险缴费基数上限: 36,549 元 (2024) → 37,302 元 (2025)"
    )
    assert len(details) == 4


def test_a_corrected_notice_says_which_value_moved_in_the_same_year(env: dict[str, str]) -> None:
    yearly(env)
    import_notice(env, "notice_2025_corrected.html", "2025-07-04")
    newest = json.loads(run(env, "changes", "--format", "json"))[0]
    parameter_items = [i for i in newest["items"] if i["kind"].startswith("parameter_")]
    assert [i["detail"] for i in parameter_items] == [
        "职工社会保险缴费基数下限 (2025): 7,460 → 7,442 元"
    ]


def test_rules_json_lists_the_parameters_in_force_with_provenance(env: dict[str, str]) -> None:
    yearly(env)
    table = json.loads(run(env, "rules", "--format", "json", "--as-of", "2025-08-01"))
    RuleTablePublic.model_validate(table)  # the API's /v1/rules schema accepts the new key
    values = {(p["name"], p["period"]): p for p in table["parameters"]}
    monthly = values["AVG_WAGE_MONTHLY", "2024"]
    assert (monthly["value"], monthly["unit"]) == ("12401", "元/月")
    assert monthly["effective_from"] == "2025-07-01"
    assert monthly["provenance"]["doc_number"] == "沪人社规〔2025〕12号"
    assert monthly["provenance"]["source_id"] == "annual-parameters"
    assert table["rules"] == []  # parameters are never mixed into the rules
    earlier = json.loads(run(env, "rules", "--format", "json", "--as-of", "2025-01-01"))
    assert {(p["name"], p["period"], p["value"]) for p in earlier["parameters"]} >= {
        ("AVG_WAGE_MONTHLY", "2023", "12183")
    }


def test_export_writes_parameters_csv_beside_the_rules(env: dict[str, str], tmp_path: Path) -> None:
    yearly(env)
    out = tmp_path / "out"
    written = run(env, "export", "--out", str(out), "--as-of", "2025-08-01").split()
    assert sorted(Path(p).name for p in written) == ["parameters.csv", "rules.csv", "rules.json"]
    rows = list(csv.DictReader(io.StringIO((out / "parameters.csv").read_text(encoding="utf-8"))))
    assert {(r["name"], r["period"], r["value"]) for r in rows} == {
        ("AVG_WAGE_ANNUAL", "2024", "148812"),
        ("AVG_WAGE_MONTHLY", "2024", "12401"),
        ("SI_BASE_UPPER", "2025", "37302"),
        ("SI_BASE_LOWER", "2025", "7460"),
    }
    assert {r["doc_number"] for r in rows} == {"沪人社规〔2025〕12号"}
    rules_header = (out / "rules.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "period" not in rules_header


def test_a_page_without_figures_makes_no_version(env: dict[str, str], tmp_path: Path) -> None:
    yearly(env)
    empty = tmp_path / "empty.html"
    empty.write_text(
        "<html><body><div id='ivs_content'><p>关于做好缴费申报工作的通知</p></div></body></html>",
        encoding="utf-8",
    )
    run(env, "import", str(empty), "--source", "annual-parameters", "--observed-at", "2025-09-01")
    table = json.loads(run(env, "rules", "--format", "json", "--as-of", "2025-10-01"))
    assert len(table["parameters"]) == 4
    assert len(json.loads(run(env, "changes", "--format", "json"))) == 1


def _parsed(name: str) -> ParsedDocument:
    source = Source(
        id="annual-parameters",
        url="https://rsj.sh.gov.cn/",
        kind=SourceKind.POINTS,
        parser="parameters",
    )
    text = (PARAMETERS / name).read_text(encoding="utf-8")
    return parse_document(source, text, f"https://rsj.sh.gov.cn/{name}")


def test_parameters_and_validity_fields_survive_the_store_codec() -> None:
    document = _parsed("notice_2025.html")
    assert decode_document(encode_document(document)) == document
    measures = Source(
        id="points-measures",
        url="https://www.shanghai.gov.cn/",
        kind=SourceKind.POINTS,
        parser="measures",
    )
    text = (FIXTURES / "extension" / "extension_2025.html").read_text(encoding="utf-8")
    notice = parse_document(measures, text, "https://www.shanghai.gov.cn/ext.html")
    assert decode_document(encode_document(notice)).meta.extends == "上海市居住证积分管理办法"


def test_a_parameters_source_without_parameters_is_rejected_by_the_gates() -> None:
    previous = _parsed("notice_2025.html")
    emptied = ParsedDocument(
        source_id=previous.source_id,
        url=previous.url,
        parser="parameters",
        parser_version=1,
        meta=previous.meta,
        main_text=previous.main_text,
    )
    assert check_gates(previous, emptied, kind=SourceKind.POINTS).reason == "no_parameters"
    assert check_gates(None, emptied, kind=SourceKind.POINTS).reason == "no_parameters"
    assert check_gates(None, previous, kind=SourceKind.POINTS).decision is GateDecision.PASS


# content_hash of measures_2017.html as read by measures parser 2 (conditions in canonical
# spelling), without parameters or extensions: adding those fields must not move the hash.
MEASURES_2017_HASH = "d863157d88798fdbe90fc53c81ed39fcc5c4b4fff405442e2f4085b0092f18d2"
# Parser 3 reads 第二条 too ("本办法适用于…"): new content, a new hash; without it, the old one.
MEASURES_2017_HASH_V3 = "d1b8f80863744ec0d7138bc22b1b45022aa78e106789ee364986589a34fa7794"


def test_documents_without_parameters_or_extension_keep_their_stored_hash() -> None:
    measures = Source(
        id="points-measures", url="https://x/", kind=SourceKind.POINTS, parser="measures"
    )
    text = (FIXTURES / "measures" / "measures_2017.html").read_text(encoding="utf-8")
    read = parse_document(measures, text, "https://x/2017.html")
    assert read.points is not None and read.points.eligibility
    assert content_hash(read) == MEASURES_2017_HASH_V3
    document = replace(read, points=replace(read.points, eligibility=(), one_of=()))
    assert content_hash(document) == MEASURES_2017_HASH
    extended = replace(document, meta=replace(document.meta, extended_by="沪府〔2025〕20号"))
    assert content_hash(extended) != MEASURES_2017_HASH
    with_values = replace(document, parameters=_parsed("notice_2025.html").parameters)
    assert content_hash(with_values) != MEASURES_2017_HASH

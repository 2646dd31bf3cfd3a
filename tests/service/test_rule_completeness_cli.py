"""A rule document read in part is recorded incomplete: never the rules in force, never a change
event; `jifen import` names each unread item and exits non-zero; /v1/sources shows it. Files are
recognised by their bytes, not their names."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from service.cli import app as cli
from service.http.app import create_app
from service.runtime import configured_sources
from service.settings import Settings
from store.records import VersionStatus
from store.store import Store
from tests.scraper.measures_files import pdf_of
from tests.scraper.test_measures_real import parse_copy
from tests.service.cli_env import MEASURES_SOURCE, cli_env

REAL = Path(__file__).parents[1] / "fixtures" / "measures" / "real"
COMPLETE = REAL / "pre2018-78911.html"  # a real copy that states every item it names


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path, MEASURES_SOURCE)


def import_(env: dict[str, str], path: Path, day: str) -> tuple[int, str]:
    args = ["import", str(path), "--source", "points-measures", "--observed-at", day]
    result = CliRunner().invoke(cli, args, env=env)
    return result.exit_code, result.output


def store_of(env: dict[str, str]) -> Store:
    return Store(Settings.from_env(env).database_url)


def cut_copy(tmp_path: Path) -> Path:
    """The real copy with the points sentence of 第八条(二) 行政拘留记录 removed."""
    html = COMPLETE.read_text(encoding="utf-8")
    cut = tmp_path / "cut.html"
    cut.write_text(html.replace("每条扣减50分", ""), encoding="utf-8")
    return cut


def test_an_incomplete_copy_is_kept_not_in_force_and_named(
    env: dict[str, str], tmp_path: Path
) -> None:
    code, output = import_(env, COMPLETE, "2024-01-01")
    assert code == 0, output
    code, output = import_(env, cut_copy(tmp_path), "2024-02-01")
    assert code != 0
    assert "规则不完整：行政拘留记录 未读出分值" in output
    assert "incomplete: DED_DETENTION points not read" in output
    # Chinese first (the header says "recorded as incomplete:" too: compare the gap line's own).
    assert output.index("规则不完整：") < output.index("incomplete: DED_DETENTION")
    store = store_of(env)
    versions = store.versions("points-measures")
    assert [v.status for v in versions] == [VersionStatus.INCOMPLETE, VersionStatus.PUBLISHED]
    latest = store.latest_version("points-measures")
    assert latest is not None and latest.document.points is not None
    assert ("DED_DETENTION", "") in {r.key for r in latest.document.points.rules}
    assert store.changes(source_id="points-measures") == []


def test_sources_api_lists_the_unread_items_of_the_newest_capture(
    env: dict[str, str], tmp_path: Path
) -> None:
    import_(env, cut_copy(tmp_path), "2024-02-01")
    settings = Settings.from_env(env)
    app = create_app(settings=settings, store=store_of(env), sources=configured_sources(settings))
    with TestClient(app) as client:
        (source,) = client.get("/v1/sources").json()
    assert source["incomplete_version_id"] is not None
    assert [(u["indicator"], u["missing"]) for u in source["unread"]] == [
        ("DED_DETENTION", "points")
    ]
    assert "行政拘留" in source["unread"][0]["text"]


def test_a_later_complete_capture_publishes_normally(env: dict[str, str], tmp_path: Path) -> None:
    code, _ = import_(env, cut_copy(tmp_path), "2024-02-01")
    assert code != 0
    code, output = import_(env, COMPLETE, "2024-03-01")
    assert code == 0, output
    store = store_of(env)
    assert store.latest_version("points-measures") is not None
    assert store.incomplete_version("points-measures") is None


def test_a_pdf_named_html_is_read_as_a_pdf(env: dict[str, str], tmp_path: Path) -> None:
    disguised = tmp_path / "measures.html"
    disguised.write_bytes(pdf_of(parse_copy("pre2018-78911").main_text))
    code, output = import_(env, disguised, "2024-01-01")
    assert code == 0, output
    latest = store_of(env).latest_version("points-measures")
    assert latest is not None and latest.document.points == parse_copy("pre2018-78911").points


def test_a_page_named_pdf_is_read_as_a_page(env: dict[str, str], tmp_path: Path) -> None:
    disguised = tmp_path / "measures.pdf"
    disguised.write_bytes(COMPLETE.read_bytes())
    code, output = import_(env, disguised, "2024-01-01")
    assert code == 0, output
    assert store_of(env).latest_version("points-measures") is not None


def test_a_folder_import_reads_its_pdf_and_refuses_an_unknown_file(
    env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "captures"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(pdf_of(parse_copy("pre2018-78911").main_text))
    (folder / "b.bin").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    code, output = import_(env, folder, "2024-01-01")
    assert code != 0
    assert "a.pdf: points-measures: 正常" in output
    assert "b.bin: 无法识别的文件" in output and "unknown binary file" in output
    assert store_of(env).latest_version("points-measures") is not None

"""The environment of a CLI test: a data directory and a sources.toml of the test's own, with the
fake official sites allowed, and a runner that fails the test on a non-zero exit with the
command's output."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from service.cli import app as cli
from tests.outbound import FAKE_SITES_ENV

MEASURES_SOURCE = """
[[source]]
id = "points-measures"
name = "上海市居住证积分管理办法"
url = "https://www.shanghai.gov.cn/nw12344/index.html"
kind = "points"
parser = "measures"
"""
# The measures source fed by the government's policy listing, as sources.toml has it.
FED_MEASURES_SOURCES = (
    MEASURES_SOURCE
    + """options = { fed_by = "shgov-policies" }

[[source]]
id = "shgov-policies"
name = "上海市人民政府 · 政策文件"
url = "https://www.shanghai.gov.cn/nw12344/index.html"
kind = "index"
"""
)


def cli_env(tmp_path: Path, sources_toml: str) -> dict[str, str]:
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml, encoding="utf-8")
    return {
        "JIFEN_DATA_DIR": str(tmp_path / "data"),
        "JIFEN_SOURCES": str(sources),
        **FAKE_SITES_ENV,
    }


def run(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output

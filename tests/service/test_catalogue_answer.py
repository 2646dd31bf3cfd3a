"""No catalogue is answered alike by `jifen catalogue` and `GET /v1/catalogues/{source}`: a points
source has none, a catalogue never captured has none yet, a day before the first version has
none in force — a 404 / exit 1 saying which, never a 200 with an empty list."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from service.cli import app as cli
from service.http.api.schemas import ErrorPublic
from tests.service.test_api_world import SOURCES, World, build_world


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("catalogue-answer")


@pytest.fixture(scope="module")
def world(folder: Path) -> Iterator[World]:
    built = build_world(folder, store_url=f"sqlite:///{folder / 'jifen.db'}")
    yield built
    built.store.close()


@pytest.fixture(scope="module")
def env(world: World, folder: Path) -> dict[str, str]:
    sources = folder / "sources.toml"
    sources.write_text(
        "".join(
            f'[[source]]\nid = "{s.id}"\nurl = "{s.url}"\nkind = "{s.kind.value}"\n\n'
            for s in SOURCES
        ),
        encoding="utf-8",
    )
    return {
        "JIFEN_DATABASE_URL": f"sqlite:///{folder / 'jifen.db'}",
        "JIFEN_SOURCES": str(sources),
        "JIFEN_DATA_DIR": str(folder / "data"),
    }


CASES = [
    ("points", "2025-06-01", "not_a_catalogue", "points 不是目录来源（points），没有目录 / "),
    ("quiet", "2025-06-01", "not_captured", "quiet 尚未采集到目录 / quiet: no catalogue captured"),
    (
        "skill",
        "2000-01-01",
        "not_in_force",
        "skill：2000-01-01 当日无生效目录 / skill: no catalogue in force on 2000-01-01",
    ),
]


@pytest.mark.parametrize(("source", "day", "code", "said"), CASES)
def test_cli_and_api_say_the_same_when_there_is_no_catalogue(
    world: World, env: dict[str, str], source: str, day: str, code: str, said: str
) -> None:
    with TestClient(world.app) as client:
        answer = client.get(f"/v1/catalogues/{source}", params={"as_of": day})
    assert answer.status_code == 404
    error = ErrorPublic.model_validate(answer.json()).error
    assert error.code == code and error.message.startswith(said)
    result = CliRunner().invoke(cli, ["catalogue", "--source", source, "--as-of", day], env=env)
    assert result.exit_code == 1
    assert result.output.strip() == error.message


def test_a_catalogue_in_force_is_answered_by_both(world: World, env: dict[str, str]) -> None:
    with TestClient(world.app) as client:
        answer = client.get("/v1/catalogues/skill", params={"as_of": "2025-06-01"}).json()
    args = ["catalogue", "--source", "skill", "--as-of", "2025-06-01", "--format", "json"]
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    assert answer["trades"] and json.loads(result.output)["trades"] == answer["trades"]

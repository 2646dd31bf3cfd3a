"""The command line as a person and a cron job meet it: one database from any directory, a
clear word when it is empty, exit codes to alert on, "no changes" said, fed sources named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from service.cli import app as cli
from service.settings import BUNDLED_SOURCES, Settings
from tests.outbound import FAKE_SITES_ENV
from tests.service.official import SEED_TRADES, catalogue_page, official_sources, points_page

EMPTY = "数据库为空（sqlite:///"
EMPTY_EN = "the database is empty ("


@pytest.fixture
def env(fake_site, tmp_path: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    sources = official_sources(fake_site, tmp_path)
    (tmp_path / "me.toml").write_text('birth_date = 1990-05-20\neducation = "本科"\n')
    return {
        "JIFEN_DATA_DIR": str(tmp_path / "data"),
        "JIFEN_SOURCES": str(sources),
        "JIFEN_PER_HOST_DELAY_SECONDS": "0",
        **FAKE_SITES_ENV,
    }


def invoke(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def test_the_default_data_directory_is_the_same_from_any_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = []
    for where in (tmp_path, Path("/")):
        monkeypatch.chdir(where)
        seen.append(Settings.from_env({}).data_dir)
    assert seen[0] == seen[1] == Path(os.environ["XDG_DATA_HOME"]) / "jifen"
    assert Settings.from_env({}).database_url == f"sqlite:///{seen[0] / 'jifen.db'}"
    assert Settings.from_env({"JIFEN_DATA_DIR": str(tmp_path)}).data_dir == tmp_path


@pytest.mark.parametrize(
    "args",
    [
        ("score", "{profile}"),
        ("rules",),
        ("changes",),
        ("catalogue", "--source", "skill-trades"),
        ("feed",),
        ("export", "--out", "{out}"),
    ],
)
def test_a_database_nothing_was_recorded_in_is_said_not_answered_from(
    env: dict[str, str], tmp_path: Path, args: tuple[str, ...]
) -> None:
    filled = [a.format(profile=tmp_path / "me.toml", out=tmp_path / "out") for a in args]
    result = invoke(env, *filled)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(EMPTY)
    assert "请先运行 jifen check 或 jifen serve" in result.stderr
    english = invoke(env, "--lang", "en", *filled)
    assert english.exit_code == 2 and english.stderr.startswith(EMPTY_EN)
    assert str(tmp_path / "data" / "jifen.db") in result.stderr


def test_check_exits_1_when_a_source_fails_and_0_when_all_are_read(
    fake_site, env: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
    failed = invoke(env, "check")  # /points.html is not published: 404
    assert failed.exit_code == 1, failed.output
    assert "skill-points: 永久性错误" in failed.output
    assert "skill-points: permanent error" in invoke(env, "--lang", "en", "check").output
    fake_site.publish("/points.html", points_page(pub_date="2026-06-13 14∶06"))
    done = invoke(env, "check")
    assert done.exit_code == 0, done.output


def test_changes_says_when_there_are_none(fake_site, env: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
    fake_site.publish("/points.html", points_page(pub_date="2026-06-13 14∶06"))
    invoke(env, "check")
    later = invoke(env, "changes", "--since", "2099-01-01")
    assert later.exit_code == 0
    assert later.stdout == "自 2099-01-01 以来没有变更\n"
    english = invoke(env, "--lang", "en", "changes", "--since", "2099-01-01")
    assert english.stdout == "no changes since 2099-01-01\n"
    assert invoke(env, "changes", "--since", "2099-01-01", "--format", "json").stdout == "[]\n"


def test_the_score_of_a_recorded_database_answers(fake_site, env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fake_site.publish("/catalogue.html", catalogue_page(SEED_TRADES))
    fake_site.publish("/points.html", points_page(pub_date="2026-06-13 14∶06"))
    invoke(env, "check")
    scored = invoke(env, "score", str(tmp_path / "me.toml"))
    assert scored.exit_code == 0, scored.output


def test_sources_list_names_the_index_a_fed_source_comes_from() -> None:
    result = CliRunner().invoke(cli, ["sources", "list"], env={"JIFEN_SOURCES": ""})
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines()[2:]}
    assert "由 shgov-policies 提供" in rows["points-measures"]
    assert "由 rsj-notices 提供" in rows["annual-parameters"]
    assert "5 3 * * 1" in rows["skill-level-points"]
    assert not any(line.split()[2] == "default" for line in rows.values())
    assert BUNDLED_SOURCES.is_file()


def test_a_bad_sources_file_is_a_configuration_error(tmp_path: Path) -> None:
    broken = tmp_path / "sources.toml"
    broken.write_text('[[source]]\nid = "x"\nkind = "nope"\nurl = "https://a.example/"\n')
    result = CliRunner().invoke(cli, ["sources", "validate", str(broken)])
    assert result.exit_code == 2

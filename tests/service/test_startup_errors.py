"""A setting jifen cannot use stops it at start with one sentence naming the setting and exit
code 2: a database it cannot reach or write, a URL of no known backend, a bad number."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from service.cli import main
from store.store import Store


def _run(tmp_path: Path, command: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service", command],
        env={**os.environ, "JIFEN_DATA_DIR": str(tmp_path / "data"), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def read_only_url(tmp_path: Path) -> str:
    path = tmp_path / "ro.db"
    Store(f"sqlite:///{path}").close()  # a current schema: only the first write fails
    return f"sqlite:///file:{path}?mode=ro&uri=true"


@pytest.mark.parametrize(
    ("command", "setting", "value", "said"),
    [
        (
            "check",
            "JIFEN_DATABASE_URL",
            "postgresql://postgres:secret@127.0.0.1:1/jifen",
            "JIFEN_DATABASE_URL: cannot open postgresql://postgres:***@127.0.0.1:1/jifen: "
            "connection refused",
        ),
        (
            "serve",
            "JIFEN_DATABASE_URL",
            "mysql://user@127.0.0.1/jifen",
            "JIFEN_DATABASE_URL: mysql://user@127.0.0.1/jifen: unsupported backend 'mysql'",
        ),
        ("check", "JIFEN_DATABASE_URL", "{read_only}", "attempt to write a readonly database"),
        (
            "serve",
            "JIFEN_PORT",
            "eighty",
            "JIFEN_PORT='eighty' cannot be used: input should be a valid integer",
        ),
        (
            "check",
            "JIFEN_READ_TIMEOUT_SECONDS",
            "0",
            "JIFEN_READ_TIMEOUT_SECONDS='0' cannot be used: input should be greater than or equal to 1",
        ),
    ],
)
def test_a_bad_setting_is_one_sentence_naming_it_and_exit_code_2(
    tmp_path: Path,
    read_only_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
    setting: str,
    value: str,
    said: str,
) -> None:
    monkeypatch.setenv("JIFEN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv(setting, value.format(read_only=read_only_url))
    monkeypatch.setattr(sys, "argv", ["jifen", command])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 2
    stderr = capsys.readouterr().err
    (line,) = stderr.strip().splitlines()
    assert line.startswith(f"错误：{setting}") and said in line
    assert "Traceback" not in stderr and "secret" not in stderr


def test_a_data_dir_that_cannot_hold_the_database_stops_the_process_in_one_line(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    done = _run(tmp_path, "check", JIFEN_DATA_DIR=str(blocker))
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line == f"错误：JIFEN_DATA_DIR: cannot open sqlite:///{blocker}/jifen.db: " + (
        f"cannot create {blocker}: File exists"
    )

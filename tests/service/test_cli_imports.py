"""The command line starts without loading what its commands need to work: `jifen --help` and
a check's start must not pay for the HTTP app, the templates or the attachment readers (issue 15:
those imports took 1.0-1.6 s of every command)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# The web stack, the page templates and the readers of attachment files.
HEAVY = ("fastapi", "uvicorn", "starlette", "jinja2", "pdfplumber", "docx", "python_calamine")
# What only a command's own work needs: the store and its migrations, the fetcher, the parsers,
# the message catalogue.
WORK = (
    "sqlalchemy",
    "alembic",
    "aiohttp",
    "httpx",
    "selectolax",
    "store.store",
    "scraper.fetch",
    "babel",
)


def _loaded_after(code: str) -> set[str]:
    program = f"import sys, json\n{code}\nprint(json.dumps(sorted(m for m in sys.modules)))\n"
    out = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def _help_of(*args: str) -> str:
    return (
        "from typer.main import get_command\n"
        "from service.cli import app\n"
        "command = get_command(app)\n"
        "try:\n"
        f"    command.main({list(args)!r}, prog_name='jifen', standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
    )


@pytest.mark.parametrize(
    "args", [("--help",), ("check", "--help"), ("serve", "--help"), ("score", "--help")]
)
def test_help_loads_neither_the_web_stack_nor_a_commands_work(args: tuple[str, ...]) -> None:
    loaded = _loaded_after(_help_of(*args))

    assert "service.cli" in loaded
    assert not loaded & {*HEAVY, *WORK}, sorted(loaded & {*HEAVY, *WORK})


def test_the_check_path_loads_no_web_stack_and_no_attachment_reader() -> None:
    """What `jifen check` runs (the runtime, the pipeline and its reader) needs none of them."""
    loaded = _loaded_after(
        "import service.cli.check\n"
        "from service import runtime\n"
        "from service.pipeline import check, fallback, readers\n"
    )

    assert {"sqlalchemy", "aiohttp", "selectolax"} <= loaded  # the work itself is there
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_an_attachment_reader_is_loaded_when_a_file_is_read() -> None:
    loaded = _loaded_after(
        "from scraper.parsers.attachments.xlsx import extract_workbook\n"
        "try:\n"
        "    extract_workbook(b'not a workbook', kind='xlsx')\n"
        "except Exception:\n"
        "    pass\n"
    )

    assert "python_calamine" in loaded

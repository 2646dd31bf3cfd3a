"""Scraper test options: `--update-golden` rewrites the expected parses of the recorded pages.

The option is known when pytest starts in or below this directory:
`.venv/bin/pytest tests/scraper --update-golden`, then review `git diff tests/fixtures/pages`.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/fixtures/pages/*.expected.json from the current parsers",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden", default=False))

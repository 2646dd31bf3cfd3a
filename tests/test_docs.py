"""The README documents what the code declares: a source option or a setting added without its
row in the README fails here (the way datasette's tests hold its settings to its docs)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from scraper.options import OPTIONS_BY_KIND, options_table
from scraper.records import SourceKind
from service.cli import app
from service.settings import Settings, settings_table

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_source_kind_declares_its_options() -> None:
    assert set(OPTIONS_BY_KIND) == {kind.value for kind in SourceKind}


def test_every_option_is_documented_with_its_help_text() -> None:
    for model in OPTIONS_BY_KIND.values():
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name} has no description"
    assert options_table() in README, (
        "the README's option table differs from scraper/options.py; "
        "paste the output of `jifen sources options` into README.md"
    )


def test_the_options_command_prints_the_table() -> None:
    result = CliRunner().invoke(app, ["sources", "options"])
    assert result.exit_code == 0
    assert result.output == options_table()


def test_every_setting_is_documented_with_its_help_text() -> None:
    for name, info in Settings.model_fields.items():
        assert info.description, f"setting {name} has no description"
    assert settings_table() in README, (
        "the README's settings table differs from service/settings.py; paste the output of "
        "`python -c 'from service.settings import settings_table; print(settings_table())'`"
    )


def test_the_readme_profile_reads_in_the_words_it_uses() -> None:
    """The README's short profile, written with 本科+学士 and 三级, is a valid profile."""
    import re

    from scoring.profile import parse_profile

    block = re.search(r"```toml\n(.*?)```", README, re.S)
    assert block is not None
    profile = parse_profile(block.group(1))
    assert profile.education == "bk_xs" and profile.skill_certificates[0].level == 3

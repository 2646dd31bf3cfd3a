"""Loading a profile from TOML or JSON, and the errors a person sees for a bad one."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from test_calculator import ON, TABLE

from scoring.calculator import score
from scoring.profile import ProfileError, load_profile

EXAMPLE = Path(__file__).parents[1] / "fixtures" / "profiles" / "example.toml"


def test_example_profile_loads_and_scores() -> None:
    profile = load_profile(EXAMPLE)
    assert profile.birth_date == date(1990, 5, 20)
    assert profile.skill_certificates[0].trade == "车工"
    result = score(profile, TABLE, on=ON)
    # AGE 30 (34: 5 + 2×22 → cap 30); 中级 title 100 beats 本科+学士 90 and 三级 60 (base 1.5× for
    # the last 30 months satisfies 6 of 12); SI_YEARS 7×3 = 21; SI_BASE 1–2× for 48 of 48 = 50;
    # SPOUSE 3×4 = 12.
    assert result.total == 30 + 100 + 21 + 50 + 12


def test_json_profile_loads(tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    path.write_text(json.dumps({"birth_date": "1990-01-01", "education": "ss"}), encoding="utf-8")
    assert load_profile(path).education == "ss"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('birth_date = 1990-01-01\neducation = "phd"', "学历：请填写"),
        ('birth_date = 1990-01-01\nfavourite_colour = "red"', "favourite_colour"),
        (
            "birth_date = 1990-01-01\n[[skill_certificates]]\ntrade = '车工'\nlevel = 6\n"
            "obtained_in_shanghai = true",
            "技能证书（第1项）·技能等级：请填写 5…1",
        ),
        (
            "birth_date = 1990-01-01\n[social_insurance]\n"
            "base_history = [{start = '2024-13', end = '2024-12', multiple = 1}]",
            "social_insurance.base_history[0].start: a month YYYY-MM",
        ),
        ('education = "bk"', "出生日期：未填写"),
    ],
)
def test_invalid_profile_names_the_file_and_field(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as error:
        load_profile(path)
    assert str(path) in str(error.value) and field in str(error.value)


def test_broken_toml_and_unknown_format_are_explained(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("birth_date = ", encoding="utf-8")
    with pytest.raises(ProfileError, match="not valid TOML"):
        load_profile(broken)
    yaml = tmp_path / "me.yaml"
    yaml.write_text("birth_date: 1990-01-01", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"use \.toml or \.json"):
        load_profile(yaml)
    with pytest.raises(ProfileError, match="cannot read"):
        load_profile(tmp_path / "missing.toml")


def test_profile_is_frozen() -> None:
    profile = load_profile(EXAMPLE)
    with pytest.raises(ValueError, match="frozen"):
        profile.education = "bs"  # type: ignore[misc]

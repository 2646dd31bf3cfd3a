"""Invariants of the calculator over generated profiles."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from test_calculator import ON, TABLE, months_back
from test_calculator_fixture import with_rule

from scoring.calculator import score
from scoring.profile import Profile
from scoring.records import RuleTable

TRADES = ["车工", "焊工", "热处理工", "中式烹调师", "电工"]


def _certificate() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "trade": st.sampled_from(TRADES),
            "level": st.one_of(st.integers(1, 5), st.sampled_from(["特级技师", "首席技师"])),
            "obtained_in_shanghai": st.booleans(),
            "verified_in_shanghai": st.booleans(),
        }
    )


def _title() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["中级", "高级"]),
            "name": st.just("工程师"),
            "obtained_in_shanghai": st.booleans(),
            "registered": st.sampled_from([None, True, False]),
        }
    )


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    periods = draw(
        st.lists(
            st.builds(
                months_back,
                st.integers(1, 48),
                st.sampled_from([0.6, 0.8, 1.0, 1.5, 2.0, 2.5, 3.0]),
                end=st.sampled_from([(2024, 12), (2023, 6), (2022, 1)]),
            ),
            max_size=3,
        )
    )
    fields: dict[str, Any] = {
        "birth_date": draw(st.dates(date(1955, 1, 1), date(2006, 12, 31))),
        "education": draw(st.sampled_from(["none", "dz", "bk", "bk_xs", "ss", "bs"])),
        "skill_certificates": draw(st.lists(_certificate(), max_size=3)),
        "titles": draw(st.lists(_title(), max_size=2)),
        "social_insurance": {"years": draw(st.integers(0, 40)), "base_history": periods},
        "investment": {
            "average_annual_tax_wan": draw(st.floats(0, 500, allow_nan=False)),
            "average_annual_local_hires": draw(st.integers(0, 300)),
            "years": draw(st.integers(0, 5)),
        },
        "public_service_years": draw(st.integers(0, 40)),
        "remote_area_years": draw(st.integers(0, 40)),
        "fresh_graduate": draw(st.booleans()),
        "awards": draw(st.lists(st.sampled_from(["special", "general", "national"]), max_size=3)),
        "spouse_local_hukou_years": draw(st.integers(0, 30)),
        "entrepreneur": draw(st.booleans()),
        "innovation_intermediary": draw(st.booleans()),
        "deductions": {
            "false_material": draw(st.integers(0, 2)),
            "detention": draw(st.integers(0, 2)),
            "crime": draw(st.integers(0, 2)),
        },
        "vetoes": {
            "family_planning_violation": draw(st.booleans()),
            "serious_crime": draw(st.booleans()),
        },
    }
    if draw(st.booleans()):
        fields["shortage_major"] = {
            "code": draw(st.sampled_from(["52030100", "52030200"])),
            "name": "城市轨道交通车辆",
            "full_time_dz": draw(st.booleans()),
        }
    return Profile.model_validate(fields)


def _upper_bound(profile: Profile, table: RuleTable) -> int:
    """Sum of the positive caps (EDU and SKILL not added), plus uncapped items by their inputs."""
    caps: dict[str, int] = {}
    for rule in table.rules:
        if rule.points is not None and rule.points > 0 and rule.cap is not None:
            caps[rule.indicator] = max(caps.get(rule.indicator, 0), rule.cap)
    bound = sum(cap for name, cap in caps.items() if name not in ("EDU", "SKILL"))
    bound += max(caps["EDU"], caps["SKILL"])
    per_year = {
        "SI_YEARS": profile.social_insurance.years,
        "PUBLIC_SERVICE": profile.public_service_years,
    }
    for indicator, years in per_year.items():
        rule = table.rule(indicator)
        assert rule is not None and rule.cap is None and rule.points is not None
        bound += rule.points * years
    return bound


@settings(max_examples=300)
@given(profiles())
def test_total_never_exceeds_the_caps(profile: Profile) -> None:
    result = score(profile, TABLE, on=ON)
    assert result.total <= _upper_bound(profile, TABLE)
    for line in result.lines:
        rule = TABLE.rule(line.indicator, line.level)
        if line.counted and rule is not None and rule.cap is not None:
            assert line.points <= rule.cap


@settings(max_examples=200)
@given(profiles(), st.integers(1, 5))
def test_adding_a_qualifying_certificate_never_lowers_the_total(
    profile: Profile, level: int
) -> None:
    # 6 of the last 12 months at 1× so that 二级/一级 qualify too; both sides get the same history.
    data = profile.model_dump(mode="json")
    data["social_insurance"]["base_history"].append(months_back(12, 1.0).model_dump())
    base = Profile.model_validate(data)
    data["skill_certificates"].append(
        {"trade": "车工", "level": level, "obtained_in_shanghai": True}
    )
    richer = Profile.model_validate(data)
    assert score(richer, TABLE, on=ON).total >= score(base, TABLE, on=ON).total
    assert score(richer, TABLE, on=ON).points_of("SKILL") >= score(base, TABLE, on=ON).points_of(
        "SKILL"
    )


@settings(max_examples=200)
@given(profiles(), st.sampled_from(["false_material", "detention", "crime"]))
def test_removing_a_deduction_never_lowers_the_total(profile: Profile, kind: str) -> None:
    data = profile.model_dump(mode="json")
    data["deductions"][kind] = max(0, data["deductions"][kind] - 1)
    cleaner = Profile.model_validate(data)
    assert score(cleaner, TABLE, on=ON).total >= score(profile, TABLE, on=ON).total


@given(st.integers(-20, 20).filter(lambda d: d != 0))
def test_two_tables_differing_in_one_value_give_two_answers(delta: int) -> None:
    profile = Profile.model_validate({"birth_date": "1990-01-01", "education": "bk_xs"})
    changed = with_rule(TABLE, "EDU", "BK_XS", points=90 + delta)
    before, after = score(profile, TABLE, on=ON), score(profile, changed, on=ON)
    assert after.total - before.total == delta

"""Totals computed by hand from domain.md §2 for a table of profiles, scored on 2025-01-15.

Unless a row says otherwise the person is 31 (AGE 30: 5 + 2 × (56 − 31) = 55, capped at 30) and has
nothing else. Contribution-base periods end in 2024-12, the month before the scoring date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from test_calculator_fixture import load_rule_table

from scoring.calculator import score
from scoring.profile import BasePeriod, Profile

ON = date(2025, 1, 15)
TABLE = load_rule_table()


def months_back(count: int, multiple: float, *, end: tuple[int, int] = (2024, 12)) -> BasePeriod:
    """`count` months at `multiple`, ending at `end` (inclusive)."""
    year, month = end
    index = year * 12 + month - 1 - (count - 1)
    start = f"{index // 12}-{index % 12 + 1:02d}"
    return BasePeriod(start=start, end=f"{year}-{month:02d}", multiple=multiple)


def person(**fields: Any) -> Profile:
    fields.setdefault("birth_date", date(1993, 6, 1))
    return Profile.model_validate(fields)


def cert(
    trade: str, level: int | str, *, sh: bool = True, verified: bool = False
) -> dict[str, Any]:
    return {
        "trade": trade,
        "level": level,
        "obtained_in_shanghai": sh,
        "verified_in_shanghai": verified,
    }


def si(years: int = 0, *periods: BasePeriod) -> dict[str, Any]:
    return {"years": years, "base_history": periods}


BASE_OK = si(0, months_back(6, 1.0))  # 6 of the last 12 months at 1×: the 二级/一级 condition
BASE_SHORT = si(0, months_back(5, 1.5))  # only 5 months: the condition fails

# (id, profile, expected total, disqualified) — the comment is the arithmetic.
CASES: list[tuple[str, Profile, int, bool]] = [
    # --- AGE: min(30, 5 + 2 × (56 − age)); 56–60 → 5; over 60 → the text gives 0
    ("age-43", person(birth_date=date(1981, 6, 1)), 30, False),  # 5 + 2×13 = 31 → cap 30
    ("age-44", person(birth_date=date(1980, 6, 1)), 29, False),  # 5 + 2×12 = 29
    ("age-45", person(birth_date=date(1979, 6, 1)), 27, False),  # 5 + 2×11 = 27
    ("age-55", person(birth_date=date(1969, 6, 1)), 7, False),  # 5 + 2×1 = 7
    ("age-56", person(birth_date=date(1968, 6, 1)), 5, False),  # base 5
    ("age-60", person(birth_date=date(1964, 6, 1)), 5, False),  # base 5
    ("age-61", person(birth_date=date(1963, 6, 1)), 0, False),  # over 60 → 0
    ("age-45-on-birthday", person(birth_date=date(1980, 1, 15)), 27, False),  # 45 today → 27
    ("age-44-day-before", person(birth_date=date(1980, 1, 16)), 29, False),  # still 44 → 29
    # --- EDU: 50/60/90/100/110
    ("edu-dz", person(education="dz"), 80, False),  # 30 + 50
    ("edu-bk", person(education="bk"), 90, False),  # 30 + 60
    ("edu-bk-xs", person(education="bk_xs"), 120, False),  # 30 + 90
    ("edu-ss", person(education="ss"), 130, False),  # 30 + 100
    ("edu-bs", person(education="bs"), 140, False),  # 30 + 110
    # --- title/skill vs education: the higher counts, never both
    (
        "title-mid-beats-bk-xs",
        person(
            education="bk_xs",
            titles=[{"kind": "中级", "name": "工程师", "obtained_in_shanghai": True}],
            social_insurance=BASE_OK,
        ),
        130,  # 30 + max(90, 100)
        False,
    ),
    (
        "title-mid-without-base-condition",
        person(
            education="bk_xs",
            titles=[{"kind": "中级", "name": "工程师", "obtained_in_shanghai": True}],
            social_insurance=BASE_SHORT,
        ),
        120,  # 30 + 90: the title needs 6 of 12 months at ≥1×, has 5
        False,
    ),
    (
        "edu-bs-beats-skill-3",
        person(education="bs", skill_certificates=[cert("车工", 3)]),
        140,  # 30 + max(110, 60)
        False,
    ),
    (
        "skill-1-with-base",
        person(skill_certificates=[cert("焊工", 1)], social_insurance=BASE_OK),
        170,  # 30 + 140
        False,
    ),
    (
        "skill-2-no-base-no-fallback",
        person(skill_certificates=[cert("车工", 2)], social_insurance=BASE_SHORT),
        30,  # 30 + 0, not 60
        False,
    ),
    (
        "skill-3-not-in-catalogue",
        person(skill_certificates=[cert("中式烹调师", 3)]),
        30,  # 30 + 0
        False,
    ),
    ("skill-3-by-alias", person(skill_certificates=[cert("热处理工", 3)]), 90, False),  # 30 + 60
    (
        "skill-3-elsewhere-verified",
        person(skill_certificates=[cert("钳工", 3, sh=False, verified=True)]),
        90,  # 30 + 60
        False,
    ),
    (
        "skill-3-elsewhere-unverified",
        person(skill_certificates=[cert("钳工", 3, sh=False)]),
        30,  # 30 + 0
        False,
    ),
    (
        "skill-4-elsewhere-verified",
        person(skill_certificates=[cert("钳工", 4, sh=False, verified=True)]),
        30,  # 四级 cannot be verified
        False,
    ),
    (
        "skill-highest-of-5-and-4",
        person(skill_certificates=[cert("电工", 5), cert("铣工", 4)]),
        60,  # 30 + max(15, 30)
        False,
    ),
    (
        "skill-teji-jishi",
        person(skill_certificates=[cert("车工", "特级技师")], social_insurance=BASE_OK),
        30,  # no value published
        False,
    ),
    (
        "title-senior-unregistered",
        person(
            titles=[
                {
                    "kind": "高级",
                    "name": "注册建筑师",
                    "obtained_in_shanghai": True,
                    "registered": False,
                }
            ],
            social_insurance=BASE_OK,
        ),
        30,  # registration-type, not registered → 0
        False,
    ),
    # --- SI_YEARS 3 per year (no cap); SI_BASE tiers, highest only
    ("si-years-10", person(social_insurance=si(10)), 60, False),  # 30 + 3×10
    ("si-base-080", person(social_insurance=si(0, months_back(36, 0.9))), 55, False),  # 30 + 25
    (
        "si-base-2x-35-months",
        person(social_insurance=si(0, months_back(35, 2.5))),
        30,  # needs 36
        False,
    ),
    (
        "si-base-3x-over-1x",
        person(social_insurance=si(0, months_back(24, 3.0), months_back(24, 1.5, end=(2022, 12)))),
        150,  # 30 + 120: 3× in 24 of 36; 1–2× only 24 of 48 → no 50
        False,
    ),
    # --- SHORTAGE_MAJOR 30: code and name must match; "full-time 大专 only" is not in the text
    (
        "major-listed",
        person(
            shortage_major={"code": "52030100", "name": "城市轨道交通车辆", "full_time_dz": True}
        ),
        60,  # 30 + 30
        False,
    ),
    (
        "major-wrong-code",
        person(
            shortage_major={"code": "52030200", "name": "城市轨道交通车辆", "full_time_dz": True}
        ),
        30,  # code must match too
        False,
    ),
    (
        "major-not-full-time",
        person(
            shortage_major={"code": "52030100", "name": "城市轨道交通车辆", "full_time_dz": False}
        ),
        60,  # 第七条（三） does not restrict the major to full-time 大专
        False,
    ),
    # --- INVEST_TAX 10 per step of 10万 or 10 hires, larger route, cap 120, 3 years
    (
        "invest-35wan",
        person(investment={"average_annual_tax_wan": 35, "years": 3}),
        60,  # 30 + 3×10
        False,
    ),
    (
        "invest-200wan-capped",
        person(investment={"average_annual_tax_wan": 200, "years": 3}),
        150,  # 30 + min(200, 120)
        False,
    ),
    (
        "invest-tax-vs-hires",
        person(
            investment={"average_annual_tax_wan": 25, "average_annual_local_hires": 42, "years": 3}
        ),
        70,  # 30 + 10×max(2, 4)
        False,
    ),
    (
        "invest-2-years",
        person(investment={"average_annual_tax_wan": 50, "years": 2}),
        30,  # needs 3 years
        False,
    ),
    # --- PUBLIC_SERVICE 4/yr from 5 years (no cap stated); REMOTE_AREA 2/yr from 5, cap 20
    ("public-service-4-years", person(public_service_years=4), 30, False),  # below 5 → 0
    ("public-service-12-years", person(public_service_years=12), 78, False),  # 30 + 4×12
    ("remote-15-years-capped", person(remote_area_years=15), 50, False),  # 30 + min(30, 20)
    ("fresh-grad", person(fresh_graduate=True), 40, False),  # 30 + 10
    ("awards-highest", person(awards=["special", "national"]), 140, False),  # 30 + max(30, 110)
    ("spouse-12-years-capped", person(spouse_local_hukou_years=12), 70, False),  # 30 + min(48, 40)
    ("entrepreneur", person(entrepreneur=True), 150, False),  # 30 + 120
    (
        "entrepreneur-and-intermediary",
        person(entrepreneur=True, innovation_intermediary=True),
        270,  # 30 + 120 + 120
        False,
    ),
    # --- deductions accumulate; vetoes disqualify, total still shown
    ("ded-false-material", person(deductions={"false_material": 1}), -120, False),  # 30 − 150
    ("ded-detention-twice", person(deductions={"detention": 2}), -70, False),  # 30 − 2×50
    ("ded-crime", person(education="ss", deductions={"crime": 1}), -20, False),  # 30 + 100 − 150
    (
        "ded-all",
        person(education="bs", deductions={"false_material": 1, "detention": 1, "crime": 1}),
        -210,  # 30 + 110 − 150 − 50 − 150
        False,
    ),
    (
        "veto-family-planning",
        person(education="bk_xs", vetoes={"family_planning_violation": True}),
        120,  # 30 + 90, disqualified
        True,
    ),
    ("veto-serious-crime", person(vetoes={"serious_crime": True}), 30, True),
    (
        "composite",
        person(
            birth_date=date(1979, 3, 1),  # 45 → 27
            education="bk",  # 60, set aside for the 二级 certificate (100)
            skill_certificates=[cert("汽车维修工", 2)],
            social_insurance=si(8, months_back(40, 1.1)),  # 24 years-pts, 1× tier 50, base ok
            spouse_local_hukou_years=2,  # 8
            deductions={"detention": 1},  # −50
        ),
        159,  # 27 + 100 + 24 + 50 + 8 − 50
        False,
    ),
]


@pytest.mark.parametrize(
    ("profile", "total", "disqualified"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_total_matches_hand_computation(profile: Profile, total: int, disqualified: bool) -> None:
    result = score(profile, TABLE, on=ON)
    assert (result.total, result.disqualified) == (total, disqualified)
    assert result.threshold == 120
    assert result.distance_to_threshold == 120 - total
    assert result.total == sum(line.points for line in result.lines if line.counted)


def test_the_table_has_at_least_thirty_rows_with_unique_ids() -> None:
    ids = [case[0] for case in CASES]
    assert len(ids) >= 30 and len(set(ids)) == len(ids)

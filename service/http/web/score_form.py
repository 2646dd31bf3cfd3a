"""The calculator form (积分计算器): its plain fields read into a profile's data, and each
profile field's error placed beside the input it came from.

Empty inputs are left out (the profile's defaults apply); a number that does not read as one
is passed on as typed, so the profile's own check names the field and what would be right.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from words import N_

CERTIFICATES = 2  # rows of the certificate picker
BASE_PERIODS = 3  # rows of the contribution-base history
YES = "1"

# Each choice: (the value posted, a msgid shown).
EDUCATION_CHOICES = (
    ("none", N_("None (high school, secondary vocational or below)")),
    ("dz", N_("College diploma (大专 / 高职)")),
    ("bk", N_("Bachelor-level study without the degree (本科)")),
    ("bk_xs", N_("Bachelor's degree (本科 + 学士)")),
    ("ss", N_("Master's degree (硕士)")),
    ("bs", N_("Doctorate (博士)")),
)
LEVEL_CHOICES = (
    ("5", N_("Level 5 (初级工)")),
    ("4", N_("Level 4 (中级工)")),
    ("3", N_("Level 3 (高级工)")),
    ("2", N_("Level 2 (技师)")),
    ("1", N_("Level 1 (高级技师)")),
)
AWARD_CHOICES = (
    ("special", N_("A special award of a city bureau (市级专项性表彰)")),
    ("general", N_("A general award of a city bureau (市级综合性表彰)")),
    ("national", N_("A provincial, ministerial or national award (省部级及以上表彰)")),
)
# Plain top-level inputs: (form name, profile key, reader).
_WHOLE = "whole"
_NUMBER = "number"


def _read_number(text: str, kind: str) -> Any:
    """A number as typed; text that is no number goes on as text to be refused by name."""
    cleaned = text.strip().replace("，", ".").replace(",", ".")
    try:
        return int(cleaned) if kind == _WHOLE else float(cleaned)
    except ValueError:
        return text.strip()


def _put(target: dict[str, Any], key: str, form: Mapping[str, str], name: str, kind: str) -> None:
    text = form.get(name, "").strip()
    if text:
        target[key] = text if kind == "text" else _read_number(text, kind)


def _flag(form: Mapping[str, str], name: str) -> bool:
    return form.get(name, "") == YES


def profile_data(form: Mapping[str, str], awards: list[str]) -> dict[str, Any]:
    """The profile the form describes, as data `scoring.profile.read_profile` checks."""
    data: dict[str, Any] = {}
    _put(data, "birth_date", form, "birth_date", "text")
    _put(data, "education", form, "education", "text")
    certificates = [c for i in range(CERTIFICATES) if (c := _certificate(form, i))]
    if certificates:
        data["skill_certificates"] = certificates
    if form.get("title_kind", "").strip() or form.get("title_name", "").strip():
        title: dict[str, Any] = {}
        _put(title, "kind", form, "title_kind", "text")
        _put(title, "name", form, "title_name", "text")
        title["obtained_in_shanghai"] = form.get("title_in_shanghai", YES) == YES
        data["titles"] = [title]
    insurance = _social_insurance(form)
    if insurance:
        data["social_insurance"] = insurance
    _part(
        data,
        "shortage_major",
        form,
        (("shortage_code", "code", "text"), ("shortage_name", "name", "text")),
    )
    _part(data, "investment", form, _INVESTMENT)
    for name, key in _YEARS:
        _put(data, key, form, name, _WHOLE)
    for name, key in _FLAGS:
        if _flag(form, name):
            data[key] = True
    if awards:
        data["awards"] = awards
    _part(data, "deductions", form, _DEDUCTIONS)
    vetoes = {key: True for name, key in _VETOES if _flag(form, name)}
    if vetoes:
        data["vetoes"] = vetoes
    return data


_INVESTMENT = (
    ("invest_tax", "average_annual_tax_wan", _NUMBER),
    ("invest_hires", "average_annual_local_hires", _WHOLE),
    ("invest_years", "years", _WHOLE),
)
_DEDUCTIONS = (
    ("ded_false", "false_material", _WHOLE),
    ("ded_detention", "detention", _WHOLE),
    ("ded_crime", "crime", _WHOLE),
)
_YEARS = (
    ("public_service_years", "public_service_years"),
    ("remote_area_years", "remote_area_years"),
    ("spouse_years", "spouse_local_hukou_years"),
)
_FLAGS = (
    ("fresh_graduate", "fresh_graduate"),
    ("entrepreneur", "entrepreneur"),
    ("innovation_intermediary", "innovation_intermediary"),
)
_VETOES = (
    ("veto_family_planning", "family_planning_violation"),
    ("veto_serious_crime", "serious_crime"),
)


def _part(
    data: dict[str, Any],
    key: str,
    form: Mapping[str, str],
    inputs: tuple[tuple[str, str, str], ...],
) -> None:
    part: dict[str, Any] = {}
    for name, inner, kind in inputs:
        _put(part, inner, form, name, kind)
    if part:
        data[key] = part


def _certificate(form: Mapping[str, str], i: int) -> dict[str, Any] | None:
    if not (form.get(f"cert_trade_{i}", "").strip() or form.get(f"cert_level_{i}", "").strip()):
        return None
    certificate: dict[str, Any] = {}
    _put(certificate, "trade", form, f"cert_trade_{i}", "text")
    _put(certificate, "level", form, f"cert_level_{i}", "text")
    certificate["obtained_in_shanghai"] = form.get(f"cert_in_shanghai_{i}", YES) == YES
    if _flag(form, f"cert_verified_{i}"):
        certificate["verified_in_shanghai"] = True
    return certificate


def _social_insurance(form: Mapping[str, str]) -> dict[str, Any]:
    insurance: dict[str, Any] = {}
    _put(insurance, "years", form, "si_years", _WHOLE)
    periods = []
    for i in range(BASE_PERIODS):
        period: dict[str, Any] = {}
        _put(period, "start", form, f"base_start_{i}", "text")
        _put(period, "end", form, f"base_end_{i}", "text")
        _put(period, "multiple", form, f"base_multiple_{i}", _NUMBER)
        if period:
            periods.append(period)
    if periods:
        insurance["base_history"] = periods
    return insurance


# A profile field's path (list positions as ".N") → the input it is typed in.
_INPUTS: dict[str, Callable[[str], str]] = {
    r"skill_certificates\.(\d+)\.trade": lambda i: f"cert_trade_{i}",
    r"skill_certificates\.(\d+)\.level": lambda i: f"cert_level_{i}",
    r"skill_certificates\.(\d+).*": lambda i: f"cert_trade_{i}",
    r"titles\.\d+\.kind": lambda _: "title_kind",
    r"titles\.\d+.*": lambda _: "title_name",
    r"social_insurance\.years": lambda _: "si_years",
    r"social_insurance\.base_history\.(\d+)\.start": lambda i: f"base_start_{i}",
    r"social_insurance\.base_history\.(\d+)\.multiple": lambda i: f"base_multiple_{i}",
    r"social_insurance\.base_history\.(\d+).*": lambda i: f"base_end_{i}",
    r"shortage_major\.name": lambda _: "shortage_name",
    r"shortage_major.*": lambda _: "shortage_code",
    r"investment\.average_annual_tax_wan": lambda _: "invest_tax",
    r"investment\.average_annual_local_hires": lambda _: "invest_hires",
    r"investment.*": lambda _: "invest_years",
    r"deductions\.false_material": lambda _: "ded_false",
    r"deductions\.detention": lambda _: "ded_detention",
    r"deductions.*": lambda _: "ded_crime",
    r"spouse_local_hukou_years": lambda _: "spouse_years",
    r"awards.*": lambda _: "awards",
}


def input_name(field: str) -> str:
    """The input a profile field is typed in: `skill_certificates[0].level` → `cert_level_0`."""
    dotted = re.sub(r"\[(\d+)\]", r".\1", field)
    for pattern, name in _INPUTS.items():
        found = re.fullmatch(pattern, dotted)
        if found:
            return name(found.group(1) if found.groups() else "")
    return dotted.split(".")[0]

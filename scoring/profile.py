"""An applicant's situation, as a person fills it in (TOML or JSON), validated before scoring.

The profile holds facts only (dates, levels, counts); every point value comes from the rule table.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Annotated, Any, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from scoring.profile_fields import INVALID_PROFILE, PROFILE_FIELDS, FieldError, field_errors
from scoring.profile_terms import (
    AWARD_TERMS,
    EDUCATION_TERMS,
    LEVEL_SCHEMA,
    TITLE_TERMS,
    AwardKind,
    EducationId,
    TitleKind,
    TopSkillLevel,
    award_kind,
    education_id,
    enum_schema,
    skill_level,
    title_kind,
)

# Each closed value is given as its id or as a term people use (本科, 三级, 技师, 副高级 …).
Education = Annotated[
    EducationId,
    PlainValidator(education_id),
    WithJsonSchema(enum_schema(get_args(EducationId), EDUCATION_TERMS)),
]
SkillLevel = Annotated[
    int | TopSkillLevel, PlainValidator(skill_level), WithJsonSchema(LEVEL_SCHEMA)
]
TitleLevel = Annotated[
    TitleKind,
    PlainValidator(title_kind),
    WithJsonSchema(enum_schema(get_args(TitleKind), TITLE_TERMS)),
]
Award = Annotated[
    AwardKind,
    PlainValidator(award_kind),
    WithJsonSchema(enum_schema(get_args(AwardKind), AWARD_TERMS)),
]

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _iso_date(value: Any) -> Any:
    """A date as TOML writes it, or as text YYYY-MM-DD; never a number read as a Unix time."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.match(value)):
        return value
    raise PydanticCustomError("date_format", "expected YYYY-MM-DD")


BirthDate = Annotated[date, BeforeValidator(_iso_date)]


def _number(value: Any) -> Any:
    """A number as TOML and JSON write it (3, 3.0, 1.5), never text or a boolean."""
    if isinstance(value, bool | str):
        raise PydanticCustomError("number_type", "expected a number")
    return value


WholeNumber = Annotated[int, BeforeValidator(_number)]
Number = Annotated[float, BeforeValidator(_number)]
YEAR_MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SkillCertificate(_Frozen):
    """A skill certificate (技能等级证书 / 技能类职业资格证书)."""

    trade: str = Field(min_length=1, description="职业/工种 as printed on the certificate.")
    level: SkillLevel = Field(
        description="5 五级 (初级工) … 1 一级 (高级技师), or '特级技师' / '首席技师'; the number, "
        "五级 … 一级 or 初级工, 中级工, 高级工, 技师, 高级技师."
    )
    obtained_in_shanghai: StrictBool = Field(
        default=True,
        description="Obtained while working in Shanghai; left out, it is taken as true and the "
        "result says so.",
    )
    verified_in_shanghai: StrictBool = Field(
        default=False, description="Obtained elsewhere, then 本市复评或验证 (三级 and above only)."
    )


class ProfessionalTitle(_Frozen):
    """A professional title (专业技术职称) or a qualification ranked as one."""

    kind: TitleLevel = Field(description="中级 or 高级 (副高级 and 正高级 are 高级).")
    name: str = Field(min_length=1, description="e.g. 工程师, 注册消防工程师(一级).")
    obtained_in_shanghai: StrictBool = Field(
        default=True,
        description="Obtained while working in Shanghai; left out, it is taken as true and the "
        "result says so.",
    )
    verified_in_shanghai: StrictBool = Field(
        default=False, description="Obtained elsewhere, then 本市复评或验证."
    )
    registered: StrictBool | None = Field(
        default=None,
        description="For a registration-type qualification: is it registered? None = not one.",
    )


class BasePeriod(_Frozen):
    """A run of months paid at one contribution base (社保缴费基数), inclusive at both ends."""

    start: str = Field(pattern=YEAR_MONTH, description="First month, 'YYYY-MM'.")
    end: str = Field(pattern=YEAR_MONTH, description="Last month, 'YYYY-MM' (inclusive).")
    multiple: Number = Field(
        ge=0, description="Base ÷ the reference average wage of that year; the ceiling is 3."
    )

    @model_validator(mode="after")
    def _ordered(self) -> BasePeriod:
        if self.end < self.start:
            raise PydanticCustomError("period_order", "end is before start")
        return self

    def months(self) -> tuple[tuple[int, int], ...]:
        """Every (year, month) of the period."""
        year, month = (int(part) for part in self.start.split("-"))
        last = tuple(int(part) for part in self.end.split("-"))
        out: list[tuple[int, int]] = []
        while (year, month) <= last:
            out.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return tuple(out)


class SocialInsurance(_Frozen):
    """职工社保 paid in Shanghai."""

    years: WholeNumber = Field(default=0, ge=0, description="Full years of 职工社保 in Shanghai.")
    base_history: tuple[BasePeriod, ...] = Field(
        default=(),
        description=(
            "Contribution base per period, newest or oldest first. Windows ('N of the last M "
            "months') are counted back from the month before the scoring date. Leave out "
            "补缴 months and months paid by another employer than the contract employer."
        ),
    )


class ShortageMajor(_Frozen):
    """A major of the 紧缺急需专业目录 (name and code must match the catalogue exactly)."""

    code: str
    name: str
    full_time_dz: StrictBool | None = Field(
        default=None,
        description="Studied as a full-time 大专 (高职) student. Consultancies say only such "
        "majors count; the 办法 does not, so it does not change the points (a note says so).",
    )


class Investment(_Frozen):
    """Own investment in a Shanghai enterprise (投资纳税或带动本地就业)."""

    average_annual_tax_wan: Number = Field(default=0, ge=0, description="万元 of tax per year.")
    average_annual_local_hires: WholeNumber = Field(
        default=0, ge=0, description="本市户籍 hires a year."
    )
    years: WholeNumber = Field(default=0, ge=0, description="Consecutive years the averages cover.")


class Deductions(_Frozen):
    """Counts of records within each rule's window (see the rule's window_years)."""

    false_material: WholeNumber = Field(default=0, ge=0, description="提供虚假材料 occurrences.")
    detention: WholeNumber = Field(default=0, ge=0, description="行政拘留 records.")
    crime: WholeNumber = Field(default=0, ge=0, description="一般刑事犯罪 records.")


class Vetoes(_Frozen):
    family_planning_violation: StrictBool = Field(
        default=False, description="违反计划生育政策 record."
    )
    serious_crime: StrictBool = Field(default=False, description="严重刑事犯罪 record.")


class Profile(_Frozen):
    """Everything the calculator needs to know about one applicant."""

    birth_date: BirthDate
    education: Education = "none"
    skill_certificates: tuple[SkillCertificate, ...] = ()
    titles: tuple[ProfessionalTitle, ...] = ()
    social_insurance: SocialInsurance = SocialInsurance()
    shortage_major: ShortageMajor | None = None
    investment: Investment | None = None
    public_service_years: WholeNumber = Field(
        default=0, ge=0, description="特定公共服务领域, full years."
    )
    remote_area_years: WholeNumber = Field(default=0, ge=0, description="远郊重点区域, full years.")
    fresh_graduate: StrictBool = Field(default=False, description="全日制应届高校毕业生.")
    awards: tuple[Award, ...] = ()
    spouse_local_hukou_years: WholeNumber = Field(
        default=0, ge=0, description="Full years married to a Shanghai-hukou spouse."
    )
    entrepreneur: StrictBool = Field(default=False, description="Meets the 创业人才 criteria.")
    innovation_intermediary: StrictBool = Field(
        default=False, description="Meets the 创新创业中介服务人才 criteria."
    )
    deductions: Deductions = Deductions()
    vetoes: Vetoes = Vetoes()


class ProfileError(ValueError):
    """A profile that cannot be read or does not validate: the message names the file, `fields`
    says what is wrong with each field (Chinese first) and what would be right."""

    def __init__(self, message: str, fields: tuple[FieldError, ...] = ()) -> None:
        super().__init__("\n  ".join([message, *(f.message for f in fields)]))
        self.fields = fields


def read_profile(data: Any, *, where: str = "") -> Profile:
    """The profile of a decoded TOML table or JSON object; ProfileError says what is wrong."""
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        fields = field_errors(exc.errors(include_url=False), PROFILE_FIELDS)
        message = f"{where}: {INVALID_PROFILE}" if where else INVALID_PROFILE
        raise ProfileError(message, fields) from None


def parse_profile(text: str, *, where: str = "") -> Profile:
    """A profile written as TOML, or as JSON when it starts with "{"."""
    stripped = text.strip()
    kind = ".json" if stripped.startswith("{") else ".toml"
    return read_profile(_decode(where, kind, stripped), where=where)


def load_profile(path: str | Path) -> Profile:
    """Read a profile from a .toml or .json file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProfileError(
            f"{path}: 无法读取资料文件 / cannot read the profile ({exc.strerror})"
        ) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ProfileError(f"{path}: 不是 UTF-8 文本 / not UTF-8 text") from None
    return read_profile(_decode(str(path), path.suffix.lower(), text), where=str(path))


def _decode(where: str, suffix: str, text: str) -> Any:
    named = f"{where}: " if where else ""
    try:
        if suffix == ".toml":
            return tomllib.loads(text)
        if suffix == ".json":
            return json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise ProfileError(
            f"{named}不是有效的 {suffix[1:].upper()} / not valid {suffix[1:].upper()} ({exc})"
        ) from None
    raise ProfileError(
        f"{named}不认识的资料格式 {suffix!r}，请用 .toml 或 .json / unknown profile format "
        f"{suffix!r}; use .toml or .json"
    )

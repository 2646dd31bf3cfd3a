"""The calculator (积分计算器): a plain form posted to /score, scored against the rules in force,
with each line's document, the gap to the standard score and what-ifs. A profile pasted as TOML
or JSON is still read, for advanced use. Works without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path as FsPath
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from scoring.calculator import score
from scoring.catalogues import CatalogueKind, catalogues_of
from scoring.profile import Profile, ProfileError, parse_profile, read_profile
from scoring.records import RuleTable
from scoring.results import ScoreResult
from service.http.api.context import AppContext, Ctx
from service.http.api.schemas import FIRST_DAY, LAST_DAY
from service.http.web.pages import templates
from service.http.web.score_form import (
    AWARD_CHOICES,
    BASE_PERIODS,
    CERTIFICATES,
    EDUCATION_CHOICES,
    LEVEL_CHOICES,
    input_name,
    profile_data,
)
from service.present.rules import rule_table_as_of
from service.present.whatif import WhatIf, what_ifs
from words import N_, shanghai_today, translate

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
EXAMPLE = FsPath(__file__).resolve().parent / "example-profile.toml"
MAX_PROFILE_CHARS = 20_000
MAX_INPUT_CHARS = 200
_BAD_DAY = N_("Scoring date: a date YYYY-MM-DD between 1900-01-01 and 2999-12-31")
_TOO_LONG = N_("%(field)s: at most %(n)s characters")


@dataclass
class Outcome:
    """What one posting of the form comes to: a result, or the errors by input."""

    day: date
    result: ScoreResult | None = None
    errors: dict[str, str] = field(default_factory=dict)  # input name → message
    problems: list[str] = field(default_factory=list)  # every message, in order
    options: tuple[WhatIf, ...] = ()

    def refuse(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)
        self.problems.append(message)


@router.get("/score")
def score_form(request: Request, ctx: Ctx) -> HTMLResponse:
    day = shanghai_today()
    table = rule_table_as_of(ctx.store, ctx.sources, day)
    return _page(request, table, Outcome(day), Filled({}, [], EXAMPLE.read_text(encoding="utf-8")))


@router.post("/score")
async def score_page(request: Request, ctx: Ctx) -> HTMLResponse:
    form = await request.form()
    values = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    awards = [v for v in form.getlist("awards") if isinstance(v, str)]
    pasted = values.get("profile", "")
    outcome, table = await run_in_threadpool(_scored, ctx, values, awards, pasted)
    shown = pasted if pasted.strip() else EXAMPLE.read_text(encoding="utf-8")
    status = 422 if outcome.problems else 200
    return _page(request, table, outcome, Filled(values, awards, shown), status)


def _scored(
    ctx: AppContext, values: dict[str, str], awards: list[str], pasted: str
) -> tuple[Outcome, RuleTable]:
    day = _day(values.get("as_of", ""))
    outcome = Outcome(day or shanghai_today())
    if day is None:
        outcome.refuse("as_of", translate(_BAD_DAY))
    table = rule_table_as_of(ctx.store, ctx.sources, outcome.day)
    profile = _profile(outcome, values, awards, pasted)
    if profile is not None and not outcome.problems:
        outcome.result = score(profile, table, on=outcome.day)
        outcome.options = what_ifs(profile, table, outcome.day, outcome.result)
    return outcome, table


def _day(text: str) -> date | None:
    if not text.strip():
        return shanghai_today()
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None


def _profile(
    outcome: Outcome, values: dict[str, str], awards: list[str], pasted: str
) -> Profile | None:
    too_long = [k for k, v in values.items() if k != "profile" and len(v) > MAX_INPUT_CHARS]
    for name in too_long:
        outcome.refuse(name, translate(_TOO_LONG, field=name, n=MAX_INPUT_CHARS))
    if len(pasted) > MAX_PROFILE_CHARS:
        outcome.refuse("profile", translate(_TOO_LONG, field="profile", n=MAX_PROFILE_CHARS))
    if outcome.problems:
        return None
    try:
        if pasted.strip():
            return parse_profile(pasted)
        return read_profile(profile_data(values, awards))
    except ProfileError as exc:
        for problem in exc.fields:
            outcome.refuse(input_name(problem.field), problem.message)
        if not exc.fields:
            outcome.refuse("profile", str(exc))
        return None


@dataclass(frozen=True, slots=True)
class Filled:
    """What the person typed, shown again in the form."""

    values: dict[str, str]
    awards: list[str]
    pasted: str


def _page(
    request: Request, table: RuleTable, outcome: Outcome, filled: Filled, status: int = 200
) -> HTMLResponse:
    result = outcome.result
    trades = sorted(
        {
            name
            for c in catalogues_of(table, CatalogueKind.SKILL)
            for e in c.entries
            for name in (e.name, *e.aliases)
        }
    )
    context: dict[str, Any] = {
        "as_of": outcome.day,
        "form": filled.values,
        "awards": filled.awards,
        "profile": filled.pasted,
        "result": result,
        "errors": outcome.errors,
        "problems": outcome.problems,
        "options": outcome.options,
        "trades": trades,
        "choices": {"education": EDUCATION_CHOICES, "level": LEVEL_CHOICES, "award": AWARD_CHOICES},
        "certificates": range(CERTIFICATES),
        "periods": range(BASE_PERIODS),
        "sources": list(dict.fromkeys(line.provenance for line in result.lines if line.provenance))
        if result is not None
        else [],
    }
    return templates.TemplateResponse(request, "score.html", context, status_code=status)

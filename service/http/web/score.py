"""The score page: a profile pasted as TOML or JSON, scored against the rules in force."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path as FsPath
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from scoring.profile import Profile
from service.http.api.catalogues import today
from service.http.api.context import Ctx
from service.http.api.schemas import FIRST_DAY, LAST_DAY
from service.http.web.pages import templates
from service.present.score import score_as_of

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
EXAMPLE = FsPath(__file__).resolve().parent / "example-profile.toml"
MAX_PROFILE_CHARS = 20_000


def _read_profile(text: str) -> Profile:
    stripped = text.strip()
    data: dict[str, Any] = (
        json.loads(stripped) if stripped.startswith("{") else tomllib.loads(stripped)
    )
    return Profile.model_validate(data)


@router.get("/score")
def score_form(request: Request) -> HTMLResponse:
    example = EXAMPLE.read_text(encoding="utf-8")
    context = {"profile": example, "as_of": today(), "result": None, "error": None}
    return templates.TemplateResponse(request, "score.html", context)


@router.post("/score")
def score_page(
    request: Request,
    ctx: Ctx,
    profile: Annotated[str, Form(max_length=MAX_PROFILE_CHARS)],
    as_of: Annotated[date | None, Form(ge=FIRST_DAY, le=LAST_DAY)] = None,
) -> HTMLResponse:
    day = as_of or today()
    result, error = None, None
    try:
        result = score_as_of(ctx.store, ctx.sources, _read_profile(profile), day)
    except (ValueError, tomllib.TOMLDecodeError, ValidationError) as exc:
        error = f"这份资料读不懂 · the profile could not be read: {exc}"
    sources = (
        list(dict.fromkeys(line.provenance for line in result.lines if line.provenance))
        if result is not None
        else []
    )
    context = {
        "profile": profile,
        "as_of": day,
        "result": result,
        "error": error,
        "sources": sources,
    }
    status = 200 if error is None else 422
    return templates.TemplateResponse(request, "score.html", context, status_code=status)

"""The score page: a profile pasted as TOML or JSON, scored against the rules in force."""

from __future__ import annotations

from datetime import date
from pathlib import Path as FsPath
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from scoring.profile import ProfileError, parse_profile
from service.http.api.catalogues import today
from service.http.api.context import Ctx
from service.http.api.schemas import FIRST_DAY, LAST_DAY
from service.http.web.pages import templates
from service.present.score import score_as_of

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
EXAMPLE = FsPath(__file__).resolve().parent / "example-profile.toml"
MAX_PROFILE_CHARS = 20_000


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
        result = score_as_of(ctx.store, ctx.sources, parse_profile(profile), day)
    except ProfileError as exc:
        error = str(exc)
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

"""`POST /v1/score`: a profile scored against the rules and catalogues in force on a date."""

from __future__ import annotations

from fastapi import APIRouter

from scoring.profile import Profile
from service.http.api.catalogues import today
from service.http.api.context import Ctx
from service.http.api.params import AsOf
from service.http.api.score_schemas import ScorePublic, score_public
from service.present.score import changes_since as score_delta
from service.present.score import delta_to_json, result_to_json, score_as_of

router = APIRouter(prefix="/v1", tags=["score"])


@router.post("/score", response_model=ScorePublic)
def post_score(
    profile: Profile,
    ctx: Ctx,
    as_of: AsOf = None,
    changes_since: AsOf = None,
) -> ScorePublic:
    """Each indicator's points with the rule (document, 文号, clause) that gave them, what was
    capped, what did not count and why, and the distance to the standard score; with
    `changes_since`, how the rule changes since that date moved the total. When a rule the
    profile needs is not in force or could not be read, `total` is null, `is_complete` false
    and `missing` says which (indicator, clause, what) — never a total that counts it as 0."""
    day = as_of or today()
    result = result_to_json(score_as_of(ctx.store, ctx.sources, profile, day))
    if changes_since is None:
        return score_public(result)
    delta = score_delta(ctx.store, ctx.sources, profile, changes_since, day)
    return score_public(result, delta_to_json(delta, changes_since))

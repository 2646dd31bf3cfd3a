"""The rule tables in force on a date, as JSON and as CSV."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Response

from scoring.export import rule_table_to_json, rules_to_csv
from scoring.records import RuleTable
from service.http.api.catalogues import today
from service.http.api.context import AppContext, Ctx
from service.http.api.params import AsOf
from service.http.api.rule_schemas import RuleTablePublic
from service.present.rules import rule_table_as_of

router = APIRouter(prefix="/v1", tags=["rules"])


def rule_table(ctx: AppContext, as_of: date) -> RuleTable:
    """Every source's version in force on `as_of`, merged into one table."""
    return rule_table_as_of(ctx.store, ctx.sources, as_of)


@router.get("/rules", response_model=RuleTablePublic)
def get_rules(ctx: Ctx, as_of: AsOf = None) -> RuleTablePublic:
    """Points rules (each with the document it comes from) and catalogues in force."""
    table = rule_table(ctx, as_of or today())
    return RuleTablePublic.model_validate(rule_table_to_json(table))


@router.get(
    "/rules.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def get_rules_csv(ctx: Ctx, as_of: AsOf = None) -> Response:
    day = as_of or today()
    body = rules_to_csv(rule_table(ctx, day))
    return Response(
        content=body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="jifen-rules-{day}.csv"'},
    )

"""现行积分标准: every indicator, level, points, cap and condition in force on a date, with its
document (文号, article) and the changes that changed it; what could not be read is shown so."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from scoring.results import indicator_name, missing_what
from service.http.api.context import Ctx
from service.http.api.schemas import FIRST_DAY, LAST_DAY
from service.http.web.pages import templates
from service.present.rule_sheet import PARAMS, UNITS, rule_sheet
from service.present.rules import rule_table_as_of
from words import shanghai_today

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/rules")
def rules_page(
    request: Request,
    ctx: Ctx,
    as_of: Annotated[date | None, Query(ge=FIRST_DAY, le=LAST_DAY)] = None,
) -> HTMLResponse:
    day = as_of or shanghai_today()
    table = rule_table_as_of(ctx.store, ctx.sources, day)
    documents = list(
        dict.fromkeys(
            [rule.provenance for rule in table.rules] + [item.provenance for item in table.unread]
        )
    )
    context = {
        "table": table,
        "as_of": day,
        "documents": documents,
        "groups": rule_sheet(ctx.store, table),
        "units": UNITS,
        "params": PARAMS,
        "indicator_name": indicator_name,
        "missing_what": missing_what,
    }
    return templates.TemplateResponse(request, "rules.html", context)

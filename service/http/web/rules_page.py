"""The rules page: every rule in force on a date with its 文件 (document, article, where found)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from service.http.api.catalogues import today
from service.http.api.context import Ctx
from service.http.api.schemas import FIRST_DAY, LAST_DAY
from service.http.web.pages import templates
from service.present.rules import rule_table_as_of

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/rules")
def rules_page(
    request: Request,
    ctx: Ctx,
    as_of: Annotated[date | None, Query(ge=FIRST_DAY, le=LAST_DAY)] = None,
) -> HTMLResponse:
    day = as_of or today()
    table = rule_table_as_of(ctx.store, ctx.sources, day)
    documents = list(
        dict.fromkeys(
            [rule.provenance for rule in table.rules] + [item.provenance for item in table.unread]
        )
    )
    context = {"table": table, "as_of": day, "documents": documents}
    return templates.TemplateResponse(request, "rules.html", context)

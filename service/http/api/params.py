"""Query parameters several routes share: a day, a moment. Written as ISO 8601 and nothing else:
pydantic alone would also read `0` as 1970-01-01 (a Unix time), which no person means."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from fastapi import Query
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from service.http.api.schemas import FIRST_DAY, LAST_DAY

# The days FIRST_DAY … LAST_DAY as a pattern too, so the OpenAPI document says what is taken.
DAY_PATTERN = r"^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
_ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_ISO_MOMENT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:.]+(Z|[+-][0-9:]+)?)?$")


def _iso(pattern: re.Pattern[str]) -> BeforeValidator:
    def check(value: object) -> object:
        if isinstance(value, str) and not pattern.match(value):
            raise PydanticCustomError("iso_format", "not ISO 8601")
        return value

    return BeforeValidator(check)


def _digits(value: object) -> object:
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise PydanticCustomError("digits", "an id is written in digits 0-9 only")
    return value


# An id in a path, written in digits and nothing else (after its `Path`, so the OpenAPI
# document keeps minimum and maximum): pydantic alone would also read " 7" or
# "\t7" as 7, which the OpenAPI document (an integer) does not allow.
Digits = BeforeValidator(_digits)
MAX_ID = 2**62

AsOf = Annotated[
    date | None,
    _iso(_ISO_DAY),
    Query(
        ge=FIRST_DAY,
        le=LAST_DAY,
        description="the day to look at, YYYY-MM-DD (default: today in Shanghai)",
        json_schema_extra={"pattern": DAY_PATTERN},
    ),
]
Since = Annotated[
    datetime | None,
    _iso(_ISO_MOMENT),
    Query(description="only changes observed at or after this time (ISO 8601; a date is 00:00)"),
]

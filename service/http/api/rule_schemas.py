"""Response models of the rule tables; they document the shape `scoring.export` writes."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field


class ProvenancePublic(BaseModel):
    source_id: str
    version_id: int
    url: str
    title: str | None
    doc_number: str | None = Field(description="文号 of the document the row comes from")
    published_on: date | None
    effective_on: date | None
    observed_at: datetime
    valid_until: date | None = Field(
        default=None, description="有效期至 of the document, as extended by any notice"
    )
    extended_by: str | None = Field(
        default=None, description="文号 of the notice that extended the document's validity"
    )
    third_party: bool = Field(
        default=False,
        description="found elsewhere than a government site: a copy, not the original",
    )
    note: str = Field(
        default="", description="where the row comes from, e.g. 第三方转载 · third-party copy of …"
    )


class RuleEntryPublic(BaseModel):
    indicator: str
    level: str
    label: str
    points: int | None = Field(description="None for a veto")
    unit: str
    cap: int | None
    category: str
    conditions: list[str]
    params: dict[str, str]
    clause: str | None
    provenance: ProvenancePublic


class CatalogueEntryPublic(BaseModel):
    name: str
    aliases: list[str]
    code: str | None
    attributes: dict[str, str]


class CatalogueTablePublic(BaseModel):
    source_id: str
    title: str | None
    provenance: ProvenancePublic
    entries: list[CatalogueEntryPublic]


class ParameterPublic(BaseModel):
    name: str = Field(description="AVG_WAGE_MONTHLY, AVG_WAGE_ANNUAL, SI_BASE_LOWER, SI_BASE_UPPER")
    period: str = Field(description="年度 the value belongs to")
    value: str = Field(description="decimal string as published, without separators")
    unit: str
    label: str
    effective_from: date | None
    provenance: ProvenancePublic


class UnreadRulePublic(BaseModel):
    indicator: str
    level: str = Field(description='"" when every level of the indicator is unread')
    clause: str = Field(description="where the document states it, e.g. 第八条（二）")
    missing: str = Field(description='what could not be read: "points", "cap", "months", ...')
    text: str = Field(description="the item as published")
    provenance: ProvenancePublic


class RuleTablePublic(BaseModel):
    as_of: date
    rules: list[RuleEntryPublic]
    general_conditions: list[str]
    catalogues: list[CatalogueTablePublic]
    parameters: list[ParameterPublic] = Field(
        default_factory=list, description="annual values in force, apart from the rules"
    )
    unread: list[UnreadRulePublic] = Field(
        default_factory=list,
        description="items the documents in force state but that could not be read: never zero",
    )

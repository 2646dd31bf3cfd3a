"""Which catalogue in force is which (skill trades, shortage majors), and matching names in it."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from scoring.records import CatalogueEntry, CatalogueTable, RuleTable


class CatalogueKind(StrEnum):
    SKILL = "skill"  # 技能等级 / 职业（工种）目录
    MAJOR = "major"  # 紧缺急需专业目录
    TITLE = "title"  # 专业技术人员职业资格及对应职称目录
    OTHER = "other"


_SPACE = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Width, spacing and case folded, so 'Ｘ 工' and 'x工' compare equal."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", name)).casefold()


def catalogue_kind(table: CatalogueTable) -> CatalogueKind:
    """Read the purpose from the published title, else from the source id."""
    words = f"{table.title or ''} {table.source_id}".casefold()
    if "紧缺" in words or "专业目录" in words or "major" in words:
        return CatalogueKind.MAJOR
    if "专业技术" in words or "职称" in words or "title" in words:
        return CatalogueKind.TITLE
    if any(key in words for key in ("技能", "工种", "职业", "skill", "trade")):
        return CatalogueKind.SKILL
    return CatalogueKind.OTHER


def catalogues_of(table: RuleTable, kind: CatalogueKind) -> tuple[CatalogueTable, ...]:
    return tuple(cat for cat in table.catalogues if catalogue_kind(cat) is kind)


def _names(entry: CatalogueEntry) -> set[str]:
    names: set[str] = set()
    for name in (entry.name, *entry.aliases):
        # A "/" group is one trade under several names; split it in case the table did not.
        names.update(normalise_name(part) for part in name.split("/") if part.strip())
    return names


def find_trade(
    catalogues: tuple[CatalogueTable, ...], trade: str
) -> tuple[CatalogueTable, CatalogueEntry] | None:
    """The first catalogue row whose name or alias matches `trade`."""
    wanted = normalise_name(trade)
    for catalogue in catalogues:
        for entry in catalogue.entries:
            if wanted in _names(entry):
                return catalogue, entry
    return None


def find_major(
    catalogues: tuple[CatalogueTable, ...], code: str, name: str
) -> tuple[CatalogueTable, CatalogueEntry] | None:
    """The row whose code and name both match (the catalogue asks for an exact match)."""
    wanted_code, wanted_name = normalise_name(code), normalise_name(name)
    for catalogue in catalogues:
        for entry in catalogue.entries:
            code_matches = entry.code is not None and normalise_name(entry.code) == wanted_code
            if code_matches and wanted_name in _names(entry):
                return catalogue, entry
    return None

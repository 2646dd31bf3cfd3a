"""Whole-document comparison: content and wording hashes, and the classified `DocumentDiff`.

The content hash covers the parsed content (rows as a set, rules with their labels, title, dates,
文号), never page noise, the main text or which parser read it; the wording hash covers the words.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from json.encoder import encode_basestring as _compact
from json.encoder import encode_basestring_ascii as _ascii

from diffing.catalogue import diff_catalogues
from diffing.keys import Identity, trade_identities
from diffing.normalise import normalise_line
from diffing.parameters import diff_parameters
from diffing.records import ChangeClass, DocumentDiff, ParameterChange, RuleChange, TradeChange
from diffing.rules import RULE_FIELDS, diff_points, is_label_only
from diffing.text import text_diff
from scraper.records import Catalogue, DocumentMeta, ParsedDocument, PointsTable, Trade

_EMPTY_CATALOGUE = Catalogue(title=None, trades=())
_EMPTY_POINTS = PointsTable(rules=())
# json.dumps of rows with "," separators and text unescaped, as `_row` writes with `_compact`.
_COMPACT_ROWS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
# Meta fields that matter to a subscriber; publisher and column are page furniture.
META_FIELDS = ("title", "published_on", "effective_on", "doc_number")
# Compared by the diff but hashed only once an extension notice is merged in (see content_hash).
VALIDITY_FIELDS = ("valid_until", "extended_by")


def content_hash(doc: ParsedDocument) -> str:
    """sha256 of the canonical parsed content; stable under row order, 序号 and text noise.

    Rule labels and the title are in it (a reworded label is a new, WORDING, version); the main
    text is not, so counters and chrome the normaliser misses can never make a version.
    """
    rows = _rows_json(_catalogue(doc).trades)
    rules = sorted(
        (
            [
                rule.indicator,
                rule.level,
                *(_jsonable(value(rule)) for _, value in RULE_FIELDS),
            ]
            for rule in _points(doc).rules
        ),
        key=json.dumps,
    )
    table_conditions = sorted(_table_conditions(doc))
    canonical: dict[str, object] = {
        "rows": None,  # serialised above
        "rules": rules,
        "conditions": table_conditions,
        "meta": [_meta_value(doc.meta, name) for name in META_FIELDS],
    }
    # Appended only when present, so the hashes of versions stored before these existed hold.
    if doc.parameters:
        canonical["parameters"] = sorted(
            [p.name, p.period, p.value, p.unit, _meta_date(p.effective_from)]
            for p in doc.parameters
        )
    if doc.meta.extended_by is not None:
        canonical["validity"] = [_meta_value(doc.meta, name) for name in VALIDITY_FIELDS]
    # The JSON of `canonical` with its keys sorted, the rows spliced in already serialised.
    text = ",".join(
        f"{_compact(key)}:{rows if key == 'rows' else _canonical_json(value)}"
        for key, value in sorted(canonical.items())
    )
    return hashlib.sha256(f"{{{text}}}".encode()).hexdigest()


def _rows_json(trades: tuple[Trade, ...]) -> str:
    """The JSON array of the catalogue rows, ordered as `json.dumps` of each row orders them.

    Rows are sorted by their `json.dumps` (default options). The escaped primary name opens that
    string and ends in a quote, so when no two rows share one it alone decides the order.
    """
    identities = trade_identities(trades)
    primaries = [_ascii(names[0] if names else "") for names, _, _ in identities]
    if len(set(primaries)) == len(primaries):
        order = sorted(range(len(identities)), key=primaries.__getitem__)
    else:
        keys = [_row(identity, _ascii, ", ") for identity in identities]
        order = sorted(range(len(identities)), key=keys.__getitem__)
    # One encoder call for every row: the same text `_row` writes with "," separators.
    rows = []
    for index in order:
        names, code, attributes = identities[index]
        rows.append([names[0] if names else "", sorted(names[1:]), code, attributes])
    return _COMPACT_ROWS.encode(rows)


def _row(identity: Identity, escape: Callable[[str], str], comma: str) -> str:
    """`json.dumps` of [primary, sorted aliases, code, attribute pairs] with these separators."""
    names, code, attributes = identity
    primary = escape(names[0] if names else "")
    aliases = comma.join(map(escape, sorted(names[1:]))) if len(names) > 1 else ""
    pairs = comma.join(f"[{escape(k)}{comma}{escape(v)}]" for k, v in attributes)
    coded = "null" if code is None else escape(code)
    return f"[{primary}{comma}[{aliases}]{comma}{coded}{comma}[{pairs}]]"


def diff_documents(
    old: ParsedDocument,
    new: ParsedDocument,
    *,
    old_parser_version: int | None = None,
    new_parser_version: int | None = None,
) -> DocumentDiff:
    """Compare two parsed versions of one source and say what the difference means.

    Parser versions default to the documents' own. A difference under another parser version is
    TECHNICAL: a parser upgrade is never reported as a rule change.
    """
    trade_changes = diff_catalogues(_catalogue(old), _catalogue(new))
    rule_changes = diff_points(_points(old), _points(new))
    meta_changes = tuple(
        (name, before, after)
        for name in (*META_FIELDS, *VALIDITY_FIELDS)
        if (before := _meta_value(old.meta, name)) != (after := _meta_value(new.meta, name))
    )
    parameter_changes = diff_parameters(old.parameters, new.parameters)
    evidence = text_diff(old.main_text, new.main_text)
    reparsed = (old.parser, old_parser_version or old.parser_version) != (
        new.parser,
        new_parser_version or new.parser_version,
    )
    classification = classify(
        trade_changes,
        rule_changes,
        meta_changes,
        has_text_change=bool(evidence),
        has_conditions_change=_table_conditions(old) != _table_conditions(new),
        is_reparse=reparsed,
        # Compared only when it can matter: rows of a catalogue compare field by field.
        has_representation_change=reparsed
        and (old.catalogue != new.catalogue or old.points != new.points),
        parameter_changes=parameter_changes,
    )
    return DocumentDiff(
        trade_changes, rule_changes, meta_changes, evidence, classification, parameter_changes
    )


def classify(
    trade_changes: tuple[TradeChange, ...],
    rule_changes: tuple[RuleChange, ...],
    meta_changes: tuple[tuple[str, str | None, str | None], ...],
    *,
    has_text_change: bool,
    has_conditions_change: bool = False,
    is_reparse: bool = False,
    has_representation_change: bool = False,
    parameter_changes: tuple[ParameterChange, ...] = (),
) -> ChangeClass:
    """RULE, WORDING, TECHNICAL or NONE for a set of computed changes (see diff_documents)."""
    # A new reference wage or base limit moves what the 社保基数 tiers mean: as weighty as a rule.
    is_rule = (
        bool(parameter_changes)
        or bool(trade_changes)
        or has_conditions_change
        or any(not is_label_only(c) for c in rule_changes)
    )
    # Dates and 文号 change when the same rules are re-issued: worth telling, not a rule change.
    is_wording = bool(rule_changes) or bool(meta_changes) or has_text_change
    if is_reparse:
        changed = is_rule or is_wording or has_representation_change
        return ChangeClass.TECHNICAL if changed else ChangeClass.NONE
    if is_rule:
        return ChangeClass.RULE
    return ChangeClass.WORDING if is_wording else ChangeClass.NONE


def _catalogue(doc: ParsedDocument) -> Catalogue:
    return doc.catalogue or _EMPTY_CATALOGUE


def _points(doc: ParsedDocument) -> PointsTable:
    return doc.points or _EMPTY_POINTS


def _table_conditions(doc: ParsedDocument) -> frozenset[str]:
    """Sentences binding the whole table: its general conditions, who it applies to (第二条) and
    which indicators count one of (第十一条). A document without the last two hashes as before."""
    points = _points(doc)
    provisions = (p.text for p in (*points.eligibility, *points.one_of))
    return frozenset(normalise_line(c) for c in (*points.conditions, *provisions)) - {""}


def _meta_value(meta: DocumentMeta, name: str) -> str | None:
    value = getattr(meta, name)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return normalise_line(value) or None
    return None


def _meta_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _jsonable(value: object) -> object:
    if isinstance(value, frozenset):
        return sorted(_jsonable(v) for v in value)  # type: ignore[type-var]
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


def _canonical_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

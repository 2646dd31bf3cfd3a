"""Frozen records the scraper hands to the rest of the pipeline.

Everything that crosses out of `scraper/` is one of these: what a source is, how a fetch ended,
how its bytes were decoded, and what a parser read out of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from scraper.headers import Headers, header_value
from scraper.options import OPTIONS_BY_KIND, PageOptions, SourceOptions

NO_OPTIONS = SourceOptions()  # a Source given no options takes its kind's defaults


class SourceKind(StrEnum):
    CATALOGUE = "catalogue"  # a list of trades / certificates / majors
    POINTS = "points"  # a points table, in a table or in prose
    INDEX = "index"  # a column listing that links to notices


@dataclass(frozen=True, slots=True)
class Source:
    """One entry of `sources.toml`: what we watch and how."""

    id: str
    url: str
    kind: SourceKind
    name: str = ""
    schedule: str | None = None  # cron expression, UTC
    selector: str | None = None  # CSS selector of the main content, overrides the generic choice
    encoding: str | None = None  # forces the decoder, e.g. "gb18030"
    parser: str | None = None  # registry name; default chosen by kind
    # The options of its kind (scraper/options.py); left out, the kind's defaults. Not hashed:
    # an index's routes are a table, and two sources never differ by their options alone.
    options: SourceOptions = field(default=NO_OPTIONS, hash=False)

    def __post_init__(self) -> None:
        model = OPTIONS_BY_KIND[self.kind]
        if self.options is NO_OPTIONS:
            object.__setattr__(self, "options", model())
        elif type(self.options) is not model:
            given = type(self.options).__name__
            raise TypeError(f"{self.id}: a {self.kind} source takes {model.__name__}, not {given}")

    @property
    def label(self) -> str:
        return self.name or self.id

    @property
    def fed_by(self) -> str | None:
        """The index source whose notices feed this logical source; such a source is never
        fetched on its own (its URL is only where its documents are listed)."""
        return self.options.fed_by if isinstance(self.options, PageOptions) else None


class Outcome(StrEnum):
    """How one fetch attempt ended. Only OK may become a version."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    TRANSIENT_ERROR = "transient_error"  # 5xx, 429, timeouts, connection failures: try again later
    PERMANENT_ERROR = "permanent_error"  # 404/410/other 4xx, bad scheme, redirect off host
    BLOCKED = "blocked"  # WAF / challenge page, robots.txt disallow
    SUSPECT = "suspect"  # truncated, empty, wrong type, landed on an error page
    TOO_LARGE = "too_large"  # size cap hit while streaming or decompressing

    @property
    def is_failure(self) -> bool:
        return self not in (Outcome.OK, Outcome.NOT_MODIFIED)


class Framing(StrEnum):
    """How the end of a response body was marked; only a close-delimited body can end early
    without the HTTP layer noticing."""

    LENGTH = "length"  # Content-Length
    CHUNKED = "chunked"  # Transfer-Encoding: chunked, ended by its last chunk
    CLOSE = "close"  # neither: the body is whatever came before the connection closed
    UNKNOWN = "unknown"  # not a live fetch (an archive record, a replay)


@dataclass(frozen=True, slots=True)
class Validators:
    """The server's own cache validators, replayed on the next conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One classified fetch attempt, with the raw evidence when there is any."""

    source_id: str
    requested_url: str
    outcome: Outcome
    started_at: datetime  # tz-aware UTC, when the attempt began
    elapsed_seconds: float
    final_url: str = ""
    status: int | None = None
    headers: Headers = ()  # as received, in order
    body: bytes = b""  # raw bytes as received (after transfer decoding), empty unless kept
    redirect_chain: tuple[str, ...] = ()
    detail: str = ""  # short machine-readable reason: "http_503", "timeout_total", "waf:incapsula"
    retry_after_seconds: float | None = None
    attempts: int = 1
    # "length" | "time" | "disconnect" when the body is partial; "unframed" when a close-delimited
    # body stops before its document does
    truncated: str | None = None
    framing: Framing = Framing.UNKNOWN

    @property
    def validators(self) -> Validators:
        return Validators(etag=self.header("etag"), last_modified=self.header("last-modified"))

    @property
    def content_type(self) -> str:
        return self.header("content-type") or ""

    def header(self, name: str) -> str | None:
        return header_value(self.headers, name)


class DecidedBy(StrEnum):
    """What chose the codec of a capture's text."""

    OVERRIDE = "override"  # the source's `encoding`
    BOM = "bom"
    HEADER = "header"  # Content-Type charset
    META = "meta"  # <meta charset> / http-equiv
    DETECTED = "detected"  # strict UTF-8, else detection with a GB prior
    FALLBACK = "fallback"  # nothing decoded cleanly: the least damaged candidate
    SNIFFED = "sniffed"  # not text: a PDF / Word / Excel file read by its reader


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Bytes turned into text in Python, with the decision recorded."""

    text: str
    encoding: str  # the codec actually used, e.g. "utf-8", "gb18030"
    decided_by: DecidedBy
    replacement_count: int = 0  # U+FFFD produced by the decode


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What the page says about itself (the second timeline: published, effective, 文号)."""

    title: str | None = None
    published_on: date | None = None  # PubDate / 发布日期 / 成文日期
    effective_on: date | None = None  # 施行日期 / 自…起施行
    doc_number: str | None = None  # 文号, e.g. 沪府发〔2017〕98号
    publisher: str | None = None  # ContentSource / 发布机构
    column: str | None = None  # ColumnName
    valid_until: date | None = None  # 有效期至, last day the document is in force
    # An extension notice (延长…有效期的通知): the 文号 or 《title》 of the document it extends.
    extends: str | None = None
    extended_by: str | None = None  # on an extended document: 文号 of the extension notice


@dataclass(frozen=True, slots=True)
class Trade:
    """One catalogue row: a trade, a certificate or a major."""

    name: str  # the primary name as published (first of a "/" group)
    aliases: tuple[str, ...] = ()  # the other names of a "/" group, legacy names
    code: str | None = None  # published code (8-digit major code, ...)
    number: int | None = None  # 序号 as published; order only, never an identity
    attributes: tuple[tuple[str, str], ...] = ()  # other columns: 所属类别, 可聘中级职称, ...

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Catalogue:
    title: str | None
    trades: tuple[Trade, ...]
    columns: tuple[str, ...] = ()  # header cells as published


class RuleCategory(StrEnum):
    BASIC = "basic"  # 基础指标
    ADD = "add"  # 加分指标
    DEDUCT = "deduct"  # 减分指标
    VETO = "veto"  # 一票否决指标
    RULE = "rule"  # no indicator: a rule of the system itself, the threshold (标准分值)


class RuleUnit(StrEnum):
    """What a rule's points count."""

    FIXED = "fixed"  # once
    PER_YEAR = "per_year"  # each year (of age under the base, of service, of marriage)
    PER_STEP = "per_step"  # each step of an amount (万元 of tax, persons hired)
    PER_OCCURRENCE = "per_occurrence"  # each time (a deduction)
    DISQUALIFY = "disqualify"  # a veto: no points, no permit
    THRESHOLD = "threshold"  # the score that must be reached
    FLOOR = "floor"  # the lowest the total can be (总积分的最低分值)


@dataclass(frozen=True, slots=True)
class PointRule:
    """One (indicator, level) → points entry of a points table."""

    indicator: str  # stable id, e.g. "SKILL", "EDU", "AGE", "SI_BASE", "DED_FALSE"
    level: str  # stable level id within the indicator, e.g. "5" for 五级, "BK_XS"; "" if none
    label: str  # the wording on the page, e.g. "技能等级五级"
    points: int | None  # None for a veto (disqualify)
    unit: RuleUnit = RuleUnit.FIXED
    cap: int | None = None  # cap of the whole indicator when the page states one
    conditions: tuple[str, ...] = ()  # normalised condition sentences tied to this entry
    category: RuleCategory = RuleCategory.BASIC
    # Structured parameters of the rule, see docs/architecture.md "Rule parameters".
    params: tuple[tuple[str, str], ...] = ()
    clause: str | None = None  # where the document says it, e.g. "第六条（三）"

    def param(self, name: str) -> str | None:
        return dict(self.params).get(name)

    @property
    def key(self) -> tuple[str, str]:
        return (self.indicator, self.level)


@dataclass(frozen=True, slots=True)
class UnreadRule:
    """An indicator item the document states but whose points, cap or condition could not be
    read. Never a zero: whoever uses the table is told what is missing and where."""

    indicator: str  # the indicator id the item's heading names, e.g. "DED_DETENTION"
    level: str = ""  # "" when the whole item is unread
    clause: str = ""  # where the document says it, e.g. "第八条（二）"
    text: str = ""  # the item's text as published, for a person to read
    missing: str = ""  # what could not be read: "points", "cap", "months", "multiple", ...


@dataclass(frozen=True, slots=True)
class Provision:
    """A sentence of a rule document that binds without giving points, quoted, not interpreted:
    who the document applies to (第二条), which indicators count only one of (第十一条)."""

    clause: str | None  # where the document says it, e.g. "第二条"; None when quoted without
    text: str  # the words, normalised as conditions are
    indicators: tuple[str, ...] = ()  # the indicator ids it names, in its order


@dataclass(frozen=True, slots=True)
class PointsTable:
    rules: tuple[PointRule, ...]
    conditions: tuple[str, ...] = ()  # general conditions that apply to the whole table
    # Items stated by the document but not read: a table with any is incomplete.
    unread: tuple[UnreadRule, ...] = ()
    # Who the document applies to or who may apply (第二条), as the document words it.
    eligibility: tuple[Provision, ...] = ()
    # Indicators of which only one is scored ("选择其中一项进行积分", 第十一条).
    one_of: tuple[Provision, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """What a parser read from one capture. Never empty: a parser that finds nothing raises."""

    source_id: str
    url: str
    parser: str
    parser_version: int
    meta: DocumentMeta
    main_text: str  # normalised main content, the evidence for the text diff
    catalogue: Catalogue | None = None
    points: PointsTable | None = None
    links: tuple[Link, ...] = field(default=())  # links found in the main content
    parameters: tuple[Parameter, ...] = ()  # annual values (reference wage, base limits)


@dataclass(frozen=True, slots=True)
class Parameter:
    """One published annual value, e.g. the average monthly wage of 2024, kept apart from rules.

    Identity is (name, period); `value` is a decimal string as published, without separators.
    """

    name: str  # stable id: AVG_WAGE_MONTHLY, AVG_WAGE_ANNUAL, SI_BASE_LOWER, SI_BASE_UPPER
    period: str  # the 年度 the value belongs to, e.g. "2025"
    value: str  # decimal string, e.g. "12401"
    unit: str  # "元/月" | "元/年"
    label: str  # the wording on the page, e.g. "城镇单位就业人员月平均工资"
    effective_from: date | None = None  # 自…起执行

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.period)


@dataclass(frozen=True, slots=True)
class Link:
    url: str  # absolute
    text: str  # link text or title attribute
    published_on: date | None = None  # from a listing's span.time

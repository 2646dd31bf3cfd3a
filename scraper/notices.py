"""Which logical source a listed notice feeds, decided from its full title and the index's
routing options (`IndexOptions` in scraper/options.py: `<kind>_keywords` / `<kind>_pattern` with
`target_<kind>`, `ignore_keywords`, and `route.<target-id>` for several targets)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from scraper.options import ROUTED_KINDS, IndexOptions
from scraper.records import Source


class NoticeKind(StrEnum):
    CATALOGUE = "catalogue"  # a list of trades / certificates / majors
    POINTS = "points"  # a points table
    MEASURES = "measures"  # a 办法 / 细则 in prose
    # 关于延长《…》有效期的通知: recorded under the source of the document it extends
    EXTENSION = "extension"
    IGNORED = "ignored"  # neither: recorded as seen, never fetched
    AMBIGUOUS = "ambiguous"  # equally good matches for two targets: held for the operator


@dataclass(frozen=True, slots=True)
class Route:
    """Titles matching `keywords` (any) or `pattern` feed the logical source `target`."""

    kind: NoticeKind
    target: str
    keywords: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None

    def strength(self, title: str) -> int:
        """Length of the longest match in `title` (0: no match); longer is more specific."""
        best = max((len(k) for k in self.keywords if k in title), default=0)
        if self.pattern is not None and (match := self.pattern.search(title)):
            best = max(best, len(match.group(0)) or 1)
        return best


@dataclass(frozen=True, slots=True)
class Classification:
    kind: NoticeKind
    target: str | None = None  # the logical source id the notice's documents are recorded under
    reason: str = ""  # the keyword or rule that decided, for the operator

    @property
    def is_wanted(self) -> bool:
        return self.target is not None


def index_options(index: Source) -> IndexOptions:
    if not isinstance(index.options, IndexOptions):
        raise TypeError(f"{index.id} is a {index.kind} source, not an index")
    return index.options


def routes_of(index: Source, sources_by_id: dict[str, Source] | None = None) -> tuple[Route, ...]:
    """The routes an index source declares; `sources_by_id` gives `route.<id>` targets a kind."""
    options = index_options(index)
    routes: list[Route] = []
    for name in ROUTED_KINDS:
        keywords = getattr(options, f"{name}_keywords")
        pattern = getattr(options, f"{name}_pattern")
        target = getattr(options, f"target_{name}")
        if target and (keywords or pattern):
            routes.append(Route(NoticeKind(name), target, keywords, pattern))
    for target, keywords in options.route.items():
        kind = _kind_of(sources_by_id.get(target) if sources_by_id else None)
        routes.append(Route(kind, target, keywords))
    return tuple(routes)


def _kind_of(target: Source | None) -> NoticeKind:
    if target is None:
        return NoticeKind.CATALOGUE
    if target.parser == "measures":
        return NoticeKind.MEASURES
    return NoticeKind.POINTS if target.kind.value == "points" else NoticeKind.CATALOGUE


def classify_notice(title: str, index: Source, routes: tuple[Route, ...]) -> Classification:
    """Classify by title alone: no fetch is spent on notices that feed nothing.

    The most specific match wins (longest keyword); two different targets matching equally are
    AMBIGUOUS and not guessed at: the notice is recorded so the operator can sharpen keywords.
    """
    ignore = index_options(index).ignore_keywords
    if hit := next((k for k in ignore if k in title), None):
        return Classification(NoticeKind.IGNORED, reason=f"ignore_keywords: {hit}")
    scored = sorted(((r.strength(title), r) for r in routes), key=lambda pair: -pair[0])
    scored = [(score, route) for score, route in scored if score > 0]
    if not scored:
        return Classification(NoticeKind.IGNORED, reason="no keyword matched")
    best_score, best = scored[0]
    rivals = {r.target for score, r in scored if score == best_score and r.target != best.target}
    if rivals:
        named = ", ".join(sorted({best.target, *rivals}))
        return Classification(NoticeKind.AMBIGUOUS, reason=f"matches equally: {named}")
    return Classification(best.kind, best.target, reason=f"{best.kind.value} keyword")

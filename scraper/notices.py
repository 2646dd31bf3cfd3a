"""Which logical source a listed notice feeds, decided from its full title and the index options.

Options of an `index` source (strings, lists as comma-separated strings):
`catalogue_keywords`/`points_keywords`/`measures_keywords`/`extension_keywords` with
`target_catalogue`/…, regex `<kind>_pattern`, `ignore_keywords`, and
`route.<target-id> = "kw1,kw2"` for several targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from scraper.records import Source


class NoticeKind(StrEnum):
    CATALOGUE = "catalogue"  # a list of trades / certificates / majors
    POINTS = "points"  # a points table
    MEASURES = "measures"  # a 办法 / 细则 in prose
    # 关于延长《…》有效期的通知: recorded under the source of the document it extends
    EXTENSION = "extension"
    IGNORED = "ignored"  # neither: recorded as seen, never fetched
    AMBIGUOUS = "ambiguous"  # equally good matches for two targets: held for the operator


KINDS = (NoticeKind.CATALOGUE, NoticeKind.POINTS, NoticeKind.MEASURES, NoticeKind.EXTENSION)


class NoticeOptionsError(ValueError):
    """An index source whose options cannot be read; the message names the option."""


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


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in re.split(r"[,，;；]", value) if part.strip())


def _pattern(index_id: str, key: str, value: str) -> re.Pattern[str]:
    try:
        return re.compile(value)
    except re.error as error:
        raise NoticeOptionsError(
            f"{index_id}: option {key} = {value!r} is not a valid regular expression ({error})"
        ) from error


def routes_of(index: Source, sources_by_id: dict[str, Source] | None = None) -> tuple[Route, ...]:
    """The routes an index source declares; `sources_by_id` gives `route.<id>` targets a kind."""
    options = dict(index.options)
    routes: list[Route] = []
    for kind in KINDS:
        keywords = _split(options.get(f"{kind.value}_keywords", ""))
        raw_pattern = options.get(f"{kind.value}_pattern")
        pattern = _pattern(index.id, f"{kind.value}_pattern", raw_pattern) if raw_pattern else None
        target = options.get(f"target_{kind.value}")
        if (keywords or pattern) and not target:
            raise NoticeOptionsError(
                f"{index.id}: {kind.value}_keywords/pattern given without target_{kind.value}; "
                f"name the logical source its notices feed (target_{kind.value} = '<source id>')"
            )
        if target and (keywords or pattern):
            routes.append(Route(kind, target, keywords, pattern))
    for key, value in options.items():
        if key.startswith("route."):
            target = key.removeprefix("route.")
            kind = _kind_of(sources_by_id.get(target) if sources_by_id else None)
            routes.append(Route(kind, target, _split(value)))
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
    ignore = _split(dict(index.options).get("ignore_keywords", ""))
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
